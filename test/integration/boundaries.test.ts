import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The import boundaries `npm run lint` checks (.dependency-cruiser.cjs), tried on a small tree of
// features made for the test: the real rules, the real tool, and the message a developer reads.
const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const dirs: string[] = [];
/** The report with its line wrapping undone. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'steward-boundaries-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function lint(dir: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      [cli, 'src', '--config', path.join(repo, '.dependency-cruiser.cjs'), '--output-type', 'err-long'],
      { cwd: dir },
    );
    return { ok: true, output: flat(stdout) };
  } catch (err) {
    const e = err as { stdout: string; stderr: string };
    return { ok: false, output: flat(e.stdout + e.stderr) };
  }
}

const features = 'src/server/features';
const base = {
  [`${features}/accounts/index.ts`]: "export { findAccount } from './accounts.service.ts';\n",
  [`${features}/accounts/accounts.service.ts`]: 'export const findAccount = (id: string) => id;\n',
  [`${features}/accounts/accounts.table.ts`]: "export const accounts = 'accounts';\n",
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('import boundaries (npm run lint)', () => {
  it('passes a feature that uses another only through its index.ts, and a table that references a table', async () => {
    const dir = tree({
      ...base,
      [`${features}/tasks/tasks.service.ts`]:
        "import { findAccount } from '../accounts/index.ts';\nexport const task = findAccount('a');\n",
      [`${features}/tasks/tasks.table.ts`]:
        "import { accounts } from '../accounts/accounts.table.ts';\nexport const tasks = accounts;\n",
    });
    expect(await lint(dir)).toMatchObject({ ok: true });
  });

  it("fails on an import of another feature's inner file, saying what to import instead", async () => {
    const dir = tree({
      ...base,
      [`${features}/tasks/tasks.service.ts`]:
        "import { findAccount } from '../accounts/accounts.service.ts';\nexport const task = findAccount('a');\n",
    });
    const { ok, output } = await lint(dir);
    expect(ok).toBe(false);
    expect(output).toContain('feature-internals');
    expect(output).toContain(
      'src/server/features/tasks/tasks.service.ts → src/server/features/accounts/accounts.service.ts',
    );
    expect(output).toContain("import the feature's index.ts (its public surface) instead");
  });

  it('fails on an inner file imported from outside the features too', async () => {
    const dir = tree({
      ...base,
      'src/server/jobs/index.ts':
        "import { findAccount } from '../features/accounts/accounts.service.ts';\nexport const job = findAccount;\n",
    });
    const { ok, output } = await lint(dir);
    expect(ok).toBe(false);
    expect(output).toContain('feature-internals-from-outside');
  });

  it('fails on a cycle between features, pointing at domain events', async () => {
    const dir = tree({
      [`${features}/alpha/index.ts`]:
        "import { beta } from '../beta/index.ts';\nexport const alpha = () => beta();\n",
      [`${features}/beta/index.ts`]:
        "import { alpha } from '../alpha/index.ts';\nexport const beta = (): unknown => alpha;\n",
    });
    const { ok, output } = await lint(dir);
    expect(ok).toBe(false);
    expect(output).toContain('no-cycles');
    expect(output).toContain('goes through a domain event');
  });
});
