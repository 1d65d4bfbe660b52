import { Command } from 'commander';
import { withDeps } from '../context.ts';

export function seedCommand(): Command {
  return new Command('seed')
    .description('Fill a fresh database with data')
    .requiredOption('--demo', 'a believable demo book: people, teams, ~200 accounts, a year of activity')
    .option('--seed <n>', 'random seed, for the same data every time', '2026')
    .action(async (opts: { seed: string }) => {
      // Loaded here, not at the top: the seed code (and faker) is big, and every other command,
      // `steward serve` first, starts faster without it.
      const { seedDemo } = await import('../../server/seed/demo.ts');
      await withDeps(async ({ database: { db } }) => {
        const result = await seedDemo(db, { seed: Number(opts.seed) });
        const counts = Object.entries(result.counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ');
        console.log(`Demo data created: ${counts}.`);
        console.log(`Sign in as any of these, with the password ${result.password}:`);
        for (const u of result.users) console.log(`  ${u.email.padEnd(28)} ${u.role.padEnd(16)} ${u.name}`);
      });
    });
}
