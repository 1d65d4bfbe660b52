// Writes the server's OpenAPI document to a file (default: dist/openapi.json), from an app on an
// in-memory database, so the web client's types come from the real routes.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/index.ts';
import { createDeps } from '../src/server/runtime.ts';

const out = path.resolve(process.argv[2] ?? 'dist/openapi.json');
const database = await openDatabase({});
await database.migrate();
// A random secret, as a deployment's would be (a repeated character is what better-auth warns
// about as low-entropy); nothing is signed with it and it is never written out.
const config = loadConfig({
  LOG_LEVEL: 'silent',
  STEWARD_AUTH_SECRET: randomBytes(32).toString('base64url'),
});
const app = await buildApp(await createDeps(config, database, { jobs: false }));
await app.ready();
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
await database.close();
console.error(`OpenAPI document written to ${path.relative(process.cwd(), out)}`);
