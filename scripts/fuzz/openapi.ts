// The slice of OpenAPI 3.1 the fuzzer reads: operations, their parameters, JSON request bodies and
// the response statuses they document. Everything else in the document is ignored.

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** "GET /api/v1/contacts/{id}": the name used in the report. */
  key: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | undefined;
  bodyRequired: boolean;
  /** Response keys as written: "200", "404", "4XX", "default". */
  statuses: string[];
}

interface RawOperation {
  parameters?: Array<{ name: string; in: Parameter['in']; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const resolve = refResolver(doc);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const json = raw.requestBody?.content?.['application/json']?.schema;
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: (raw.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required === true || p.in === 'path',
          schema: resolve(p.schema ?? {}),
        })),
        body: json ? resolve(json) : undefined,
        bodyRequired: raw.requestBody?.required === true,
        statuses: Object.keys(raw.responses ?? {}),
      });
    }
  }
  return ops;
}

/** Whether the operation lists this status, exactly, as a range ("4XX") or as "default". */
export function documents(op: Operation, status: number): boolean {
  const s = String(status);
  return op.statuses.some((k) => k === s || k === 'default' || k.toUpperCase() === `${s[0]}XX`);
}

/** Inlines `#/components/schemas/...` references (the generator may emit them for shared types). */
function refResolver(doc: OpenApiDocument): (s: JsonSchema) => JsonSchema {
  const seen = new Map<string, JsonSchema>();
  const walk = (s: JsonSchema, depth: number): JsonSchema => {
    if (depth > 20) return {};
    if (s.$ref) {
      const name = s.$ref.replace('#/components/schemas/', '');
      const cached = seen.get(name);
      if (cached) return cached;
      const target = doc.components?.schemas?.[name] ?? {};
      const out = walk(target, depth + 1);
      seen.set(name, out);
      return out;
    }
    const out: JsonSchema = { ...s };
    if (s.items) out.items = walk(s.items, depth + 1);
    if (s.properties)
      out.properties = Object.fromEntries(
        Object.entries(s.properties).map(([k, v]) => [k, walk(v, depth + 1)]),
      );
    if (s.additionalProperties && typeof s.additionalProperties === 'object')
      out.additionalProperties = walk(s.additionalProperties, depth + 1);
    for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = s[k];
      if (list) out[k] = list.map((x) => walk(x, depth + 1));
    }
    return out;
  };
  return (s) => walk(s, 0);
}

/** The schema's main type, looking through nullable unions (anyOf [T, null]). */
export function typeOf(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  if (s.enum) return typeof s.enum[0];
  const alt = (s.anyOf ?? s.oneOf)?.find((x) => typeOf(x) !== 'null');
  return alt ? typeOf(alt) : undefined;
}

/** The non-null branch of a nullable union, or the schema itself. */
export function nonNull(s: JsonSchema): JsonSchema {
  const alt = (s.anyOf ?? s.oneOf)?.find((x) => typeOf(x) !== 'null');
  return alt ?? s;
}

export function nullable(s: JsonSchema): boolean {
  if (Array.isArray(s.type)) return s.type.includes('null');
  return (s.anyOf ?? s.oneOf ?? []).some((x) => x.type === 'null');
}
