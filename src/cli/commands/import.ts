import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { eq, sql } from 'drizzle-orm';
import { type ImportEntity, importEntities } from '../../core/rules/csv-mapping.ts';
import { type ImportPatch, importModes, type Progress } from '../../core/schemas/imports.ts';
import type { Actor } from '../../server/auth/actor.ts';
import { users } from '../../server/auth/auth.table.ts';
import type { Db } from '../../server/db/index.ts';
import { BOM, csvLine } from '../../server/features/exports/index.ts';
import {
  continueImport,
  createImport,
  dryRunImport,
  errorLines,
  patchImport,
  startImport,
} from '../../server/features/imports/index.ts';
import { withDeps } from '../context.ts';

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: string): T => {
    if (!values.includes(v as T)) throw new InvalidArgumentError(`use one of ${values.join(', ')}`);
    return v as T;
  };

/**
 * `steward import <entity> <file.csv>`: the same import as Settings → Import, run here, on the
 * server's machine: the file is stored, mapped (as proposed, or by --mapping), dry-run or run with
 * a progress bar, and the rows that failed written beside the input as `<name>.errors.csv`.
 */
export function importCommand(): Command {
  return new Command('import')
    .description('Import a CSV file (Steward, Salesforce, HubSpot or spreadsheet export; see docs/data.md)')
    .argument('<entity>', importEntities.join(' | '), oneOf(importEntities))
    .argument('<file>', 'the CSV file')
    .option('--mode <mode>', importModes.join(' | '), oneOf(importModes), 'upsert')
    .option(
      '--mapping <file>',
      'a JSON file: { "<column header>": "<field>" | null, … } over the proposed mapping',
    )
    .option('--defaults <file>', 'a JSON file: { "ownerId": "…", "<field>": value } for empty cells')
    .option('--dry-run', 'say what would happen, write nothing')
    .option('--as <email>', 'the admin the import is recorded under (default: the first admin)')
    .action(async (entity: ImportEntity, file: string, opts: Options) => {
      if (!existsSync(file)) throw new Error(`There is no file ${file}.`);
      const patch: ImportPatch = { mode: opts.mode };
      if (opts.mapping) patch.mapping = JSON.parse(readFileSync(opts.mapping, 'utf8'));
      if (opts.defaults) patch.defaults = JSON.parse(readFileSync(opts.defaults, 'utf8'));
      await withDeps(async ({ database: { db }, clock, react }) => {
        const actor = await adminActor(db, opts.as);
        const ctx = { actor, now: clock.now(), react, ip: null };
        const created = await createImport(db, ctx, entity, path.basename(file), createReadStream(file));
        const imp = await patchImport(db, ctx, created.id, patch);
        process.stderr.write(
          `${imp.rows.toLocaleString('en')} rows, ${imp.encoding}, "${imp.delimiter === '\t' ? '\\t' : imp.delimiter}"-separated, ${imp.source} headers\n`,
        );
        for (const [header, field] of Object.entries(imp.mapping))
          process.stderr.write(`  ${header.padEnd(32)} → ${field ?? '(not imported)'}\n`);
        if (opts.dryRun) {
          const dry = await dryRunImport(db, actor, imp.id, clock.now());
          console.log(
            `Dry run: ${dry.create} to create, ${dry.update} to update, ${dry.skip} to skip, ${dry.errorCount} failing.`,
          );
          for (const e of dry.errors.slice(0, 20)) console.log(`  row ${e.row}: ${e.message}`);
          return;
        }
        await startImport(db, ctx, imp.id);
        const bar = progressBar();
        const poll = setInterval(async () => {
          const [row] = await db
            .execute(sql`select progress from imports where id = ${imp.id}`)
            .then((r) => (r as unknown as { rows: { progress: Progress }[] }).rows);
          if (row) bar.update(row.progress);
        }, 250);
        try {
          await continueImport({ db, clock, react }, imp.id);
        } finally {
          clearInterval(poll);
          bar.stop();
        }
        const [done] = await db
          .execute(sql`select status, progress from imports where id = ${imp.id}`)
          .then((r) => (r as unknown as { rows: { status: string; progress: Progress }[] }).rows);
        const p = done!.progress;
        console.log(
          `Import ${done!.status}: ${p.created} created, ${p.updated} updated, ${p.skipped} skipped, ${p.failed} failed (${p.rowsPerSecond.toLocaleString('en')} rows/s).`,
        );
        if (p.failed) {
          const out = file.replace(/(\.csv)?$/i, '.errors.csv');
          await writeErrors(errorLines(db, actor, imp.id), out);
          console.log(`The failed rows, with why, are in ${out}: fix them there and import that file.`);
          process.exitCode = 2;
        }
      });
    });
}

interface Options {
  mode: ImportPatch['mode'];
  mapping?: string;
  defaults?: string;
  dryRun?: boolean;
  as?: string;
}

async function adminActor(db: Db, email?: string): Promise<Actor> {
  const [admin] = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(email ? eq(users.email, email.toLowerCase()) : eq(users.role, 'admin'))
    .orderBy(users.createdAt)
    .limit(1);
  if (admin?.role !== 'admin')
    throw new Error(
      email ? `${email} is not an admin.` : 'There is no admin yet: create one with `steward user add`.',
    );
  return { userId: admin.id, role: 'admin', via: 'session' };
}

async function writeErrors(lines: AsyncIterable<string[]>, file: string): Promise<void> {
  const out = createWriteStream(file);
  let first = true;
  for await (const line of lines) {
    if (!out.write((first ? BOM : '') + csvLine(line))) await once(out, 'drain');
    first = false;
  }
  out.end();
  await once(out, 'finish');
}

/** Rows, rows/s and ETA on one line of stderr, redrawn while it is a terminal. */
function progressBar() {
  const tty = process.stderr.isTTY === true;
  let shown = 0;
  return {
    update(p: Progress) {
      if (!tty || !p.total) return;
      const share = p.done / p.total;
      const width = 30;
      const filled = Math.round(share * width);
      const eta = p.rowsPerSecond ? Math.ceil((p.total - p.done) / p.rowsPerSecond) : 0;
      const text = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} rows · ${p.rowsPerSecond.toLocaleString('en')} rows/s · ETA ${eta} s`;
      process.stderr.write(`\r${text.padEnd(shown)}`);
      shown = text.length;
    },
    stop() {
      if (tty && shown) process.stderr.write(`\r${' '.repeat(shown)}\r`);
    },
  };
}
