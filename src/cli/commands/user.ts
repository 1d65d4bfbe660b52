import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { eq, or } from 'drizzle-orm';
import { roles } from '../../core/schemas/common.ts';
import { userCreate } from '../../core/schemas/people.ts';
import { teams } from '../../server/features/teams/index.ts';
import { insertUser } from '../../server/features/users/index.ts';
import { systemWrites } from '../../server/runtime.ts';
import { withDeps } from '../context.ts';
import { parseOrExit } from './parse.ts';

export function userCommand(): Command {
  const user = new Command('user').description('Manage users');
  user
    .command('add')
    .description('Create a user; without --password a random one is made and printed once')
    .requiredOption('--email <email>', 'their e-mail, used to sign in')
    .requiredOption('--name <name>', 'their full name')
    .addOption(new Option('--role <role>', 'their role').choices(roles).makeOptionMandatory())
    .option('--password <password>', 'at least 10 characters')
    .option('--team <team...>', 'team names or ids to add them to as a member')
    .action(
      async (opts: { email: string; name: string; role: string; password?: string; team?: string[] }) => {
        const generated = opts.password ? undefined : randomBytes(12).toString('base64url');
        await withDeps(async ({ database: { db } }) => {
          const teamIds: string[] = [];
          for (const t of opts.team ?? []) {
            const isId = /^[0-9a-f-]{36}$/i.test(t);
            const [row] = await db
              .select({ id: teams.id })
              .from(teams)
              .where(isId ? or(eq(teams.id, t), eq(teams.name, t)) : eq(teams.name, t));
            if (!row) throw new Error(`There is no team "${t}".`);
            teamIds.push(row.id);
          }
          const input = parseOrExit(userCreate, {
            email: opts.email,
            name: opts.name,
            role: opts.role,
            password: opts.password ?? generated,
            teamIds,
          });
          const created = await db.transaction((tx) => insertUser(tx, systemWrites(), input));
          console.log(`Created ${created.role} ${created.name} <${created.email}> (${created.id}).`);
          if (generated) console.log(`Password: ${generated}`);
        });
      },
    );
  return user;
}
