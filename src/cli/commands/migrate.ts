import { Command } from 'commander';
import { loadConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/runtime.ts';

export function migrateCommand(): Command {
  return new Command('migrate').description('Apply pending database migrations and exit').action(async () => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    await database.close();
    console.error(`Migrations applied (${database.kind}).`);
  });
}
