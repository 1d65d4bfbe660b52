import { loadConfig } from '../server/config.ts';
import type { Deps } from '../server/deps.ts';
import { createDeps, openConfiguredDatabase } from '../server/runtime.ts';

/** Runs a CLI command against the configured database, then closes it. */
export async function withDeps<T>(run: (deps: Deps) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    return await run(await createDeps(config, database, { jobs: false }));
  } finally {
    await database.close();
  }
}
