import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from './lock.ts';

const dir = () => mkdtempSync(path.join(tmpdir(), 'steward-lock-'));

describe('data directory lock', () => {
  it('refuses a second holder while the first lives, naming the lock file', () => {
    const d = dir();
    const first = lockDataDir(d);
    // Another live process owns it: simulate with this process's parent PID.
    writeFileSync(first.file, String(process.ppid));
    expect(() => lockDataDir(d)).toThrow(
      new RegExp(`in use by another Steward process \\(PID ${process.ppid}; lock file ${first.file}`),
    );
  });

  it('takes over a lock whose process is gone (kill -9)', () => {
    const d = dir();
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    writeFileSync(path.join(d, 'steward.lock'), dead);
    const lock = lockDataDir(d);
    expect(readFileSync(lock.file, 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });
});
