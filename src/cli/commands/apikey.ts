import { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { apiKeyCreate } from '../../core/schemas/people.ts';
import { users } from '../../server/auth/auth.table.ts';
import { insertApiKey } from '../../server/features/api-keys/index.ts';
import { systemWrites } from '../../server/runtime.ts';
import { withDeps } from '../context.ts';
import { parseOrExit } from './parse.ts';

export function apikeyCommand(): Command {
  const apikey = new Command('apikey').description('Manage API keys');
  apikey
    .command('create')
    .description('Create an API key for a user and print the key alone on stdout (it is not shown again)')
    .requiredOption('--email <email>', 'the user the key acts as')
    .option('--name <name>', 'a label for the key', 'CLI key')
    .action(async (opts: { email: string; name: string }) => {
      const input = parseOrExit(apiKeyCreate, { name: opts.name });
      await withDeps(async ({ database: { db } }) => {
        const [user] = await db
          .select({ id: users.id, active: users.active })
          .from(users)
          .where(eq(users.email, opts.email.toLowerCase()));
        if (!user) throw new Error(`There is no user with the e-mail ${opts.email}.`);
        if (!user.active) throw new Error(`The user ${opts.email} is deactivated.`);
        const created = await db.transaction((tx) => insertApiKey(tx, systemWrites(), user.id, input));
        process.stdout.write(`${created.key}\n`);
      });
    });
  return apikey;
}
