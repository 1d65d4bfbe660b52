/** Every failure the API can report. The status of each lives here and nowhere else. */
export const errorStatus = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

const titles: Record<ErrorCode, string> = {
  validation: 'Invalid input',
  unauthenticated: 'Not signed in',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  precondition_failed: 'Precondition failed',
  payload_too_large: 'Payload too large',
  uri_too_long: 'URI too long',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  headers_too_large: 'Request header fields too large',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

/** One field that failed validation, by its dotted path in the request. */
export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details as the API sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    extra?: { errors?: FieldError[]; headers?: Record<string, string> },
  ) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.errors = extra?.errors;
    this.headers = extra?.headers;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function problem(code: ErrorCode, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `urn:steward:problem:${code}`,
    title: titles[code],
    status: errorStatus[code],
    detail,
    ...(errors?.length ? { errors } : {}),
  };
}

/** Reads a problem+json body back (the web app and the CLI use this). */
export function parseProblem(body: unknown, status: number): Problem {
  if (body && typeof body === 'object' && 'detail' in body && typeof body.detail === 'string') {
    const b = body as Partial<Problem>;
    return {
      type: b.type ?? 'about:blank',
      title: b.title ?? 'Error',
      status: b.status ?? status,
      detail: b.detail ?? '',
      errors: Array.isArray(b.errors) ? b.errors : undefined,
    };
  }
  return { type: 'about:blank', title: 'Error', status, detail: `The server answered ${status}.` };
}
