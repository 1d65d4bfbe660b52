import { Command } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { apikeyCommand } from './commands/apikey.ts';
import { backupCommand } from './commands/backup.ts';
import { importCommand } from './commands/import.ts';
import { migrateCommand } from './commands/migrate.ts';
import { restoreCommand } from './commands/restore.ts';
import { seedCommand } from './commands/seed.ts';
import { serveCommand } from './commands/serve.ts';
import { userCommand } from './commands/user.ts';

const program = new Command('steward')
  .description(
    'Steward: self-hosted account management. Configuration comes from the environment (see README).',
  )
  .version(pkg.version);

program.addCommand(serveCommand());
program.addCommand(migrateCommand());
program.addCommand(userCommand());
program.addCommand(apikeyCommand());
program.addCommand(seedCommand());
program.addCommand(backupCommand());
program.addCommand(restoreCommand());
program.addCommand(importCommand());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`steward: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
