import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Command } from 'commander';
import { systemClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/index.ts';
import { type Progress, writeBackup } from '../../server/features/backup/index.ts';

export function backupCommand(): Command {
  return new Command('backup')
    .description(
      'Write a backup of the whole database to a file (gzip of JSON lines, engine-independent; see docs/backup.md)',
    )
    .requiredOption('--out <file>', 'the file to write (replaced only once the backup is complete)')
    .action(async (opts: { out: string }) => {
      const config = loadConfig();
      const database = await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        poolSize: 2,
      });
      const partial = `${opts.out}.partial`;
      const file = createWriteStream(partial);
      const bar = progressBar('backup', () => file.bytesWritten);
      try {
        const manifest = await writeBackup(database, file, {
          now: systemClock.now(),
          onProgress: bar.update,
        });
        renameSync(partial, opts.out);
        const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
        bar.done(
          `Backup written to ${opts.out}: ${manifest.tables.length} tables, ${rows.toLocaleString('en')} rows, schema ${manifest.schemaVersion} (${database.kind})`,
        );
      } catch (err) {
        bar.stop();
        rmSync(partial, { force: true });
        throw err;
      } finally {
        await database.close();
      }
    });
}

/**
 * A one-line progress bar on stderr — tables, rows, MB and MB/s of the file — redrawn with \r at
 * most ten times a second while stderr is a terminal; otherwise quiet until the summary line.
 */
export function progressBar(verb: string, fileBytes: () => number) {
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let last = 0;
  let shown = '';
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const line = (p: Progress) => {
    const seconds = (performance.now() - started) / 1000;
    const bytes = fileBytes();
    const rate = seconds > 0 ? bytes / seconds : 0;
    return `${verb}: ${p.tablesDone}/${p.tables} tables · ${p.rows.toLocaleString('en')} rows · ${mb(bytes)} MB · ${mb(rate)} MB/s · ${p.table}`;
  };
  const clear = () => {
    if (tty && shown) process.stderr.write(`\r${' '.repeat(shown.length)}\r`);
    shown = '';
  };
  return {
    update: (p: Progress) => {
      if (!tty) return;
      const now = performance.now();
      if (now - last < 100 && p.tablesDone < p.tables) return;
      last = now;
      const text = line(p).slice(0, (process.stderr.columns ?? 100) - 1);
      process.stderr.write(`\r${text.padEnd(shown.length)}`);
      shown = text;
    },
    stop: clear,
    done: (summary: string) => {
      clear();
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(`${summary}; ${mb(fileBytes())} MB in ${seconds.toFixed(1)} s.\n`);
    },
  };
}
