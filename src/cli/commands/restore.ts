import { createReadStream } from 'node:fs';
import { Command } from 'commander';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/index.ts';
import { restoreBackup } from '../../server/features/backup/index.ts';
import { progressBar } from './backup.ts';

export function restoreCommand(): Command {
  return new Command('restore')
    .description(
      'Restore a backup into an empty database (PGlite or PostgreSQL): migrate to the backup’s schema, load it in one transaction, migrate to the current schema',
    )
    .requiredOption('--in <file>', 'a file written by `steward backup` or downloaded from Settings → Backup')
    .option('--force', 'replace everything the database holds with the backup')
    .action(async (opts: { in: string; force?: boolean }) => {
      const config = loadConfig();
      const database = await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        poolSize: 2,
      });
      const file = createReadStream(opts.in);
      const bar = progressBar('restore', () => file.bytesRead);
      try {
        const manifest = await restoreBackup(database, file, { force: opts.force, onProgress: bar.update });
        const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
        bar.done(
          `Restored ${opts.in} into ${database.kind}: ${manifest.tables.length} tables, ${rows.toLocaleString('en')} rows (backup of ${manifest.createdAt}, schema ${manifest.schemaVersion}, from ${manifest.engine}), migrated to the current schema`,
        );
      } catch (err) {
        bar.stop();
        throw err;
      } finally {
        await database.close();
      }
    });
}
