import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { accountTabsOf, navEntriesOf, settingsTabsOf } from './feature.ts';
import * as featureList from './index.ts';

// The rules that keep web features separable: one line each in index.ts, other code reaching a
// feature only through its index.ts, and no feature depending on itself through others.

const featuresDir = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.dirname(featuresDir);
const folders = readdirSync(featuresDir).filter((f) => statSync(path.join(featuresDir, f)).isDirectory());

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(f) && !f.endsWith('.test.ts') && f !== 'api-types.ts' ? [full] : [];
  });
}

/** The feature folder a file is in, if any. */
const featureOf = (file: string): string | undefined => {
  const [first, second] = path.relative(featuresDir, file).split(path.sep);
  return first && first !== '..' && second ? first : undefined;
};

/** Every relative import and re-export of the web app: [importing file, imported file]. */
const imports = sourceFiles(webDir).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)';/gms)].map(
    ([, spec]) => [file, path.resolve(path.dirname(file), spec ?? '')] as const,
  ),
);

describe('web features', () => {
  it('each folder has an index.ts and one line in the list', () => {
    const list = readFileSync(path.join(featuresDir, 'index.ts'), 'utf8');
    for (const folder of folders) {
      expect(statSync(path.join(featuresDir, folder, 'index.ts')).isFile()).toBe(true);
      expect(list).toContain(` from './${folder}/index.ts';`);
    }
    expect(Object.keys(featureList)).toHaveLength(folders.length);
  });

  it('are reached from outside only through their index.ts', () => {
    const bypassing = imports.filter(([from, to]) => {
      const target = featureOf(to);
      return target && target !== featureOf(from) && path.basename(to) !== 'index.ts';
    });
    expect(
      bypassing.map(([from, to]) => `${path.relative(webDir, from)} → ${path.relative(webDir, to)}`),
    ).toEqual([]);
  });

  it('do not import each other in a cycle', () => {
    const deps = new Map<string, Set<string>>(folders.map((f) => [f, new Set()]));
    for (const [from, to] of imports) {
      const [a, b] = [featureOf(from), featureOf(to)];
      if (a && b && a !== b) deps.get(a)?.add(b);
    }
    /** Whether `goal` can be reached from `start` along the imports. */
    const reaches = (start: string, goal: string): boolean => {
      const seen = new Set<string>();
      const queue = [start];
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        for (const dep of deps.get(next) ?? []) {
          if (dep === goal) return true;
          if (seen.has(dep)) continue;
          seen.add(dep);
          queue.push(dep);
        }
      }
      return false;
    };
    expect(folders.filter((f) => reaches(f, f))).toEqual([]);
  });

  it('contribute navigation entries and tabs with distinct addresses and orders', () => {
    const features = Object.values(featureList);
    const distinct = (values: unknown[]) => expect(new Set(values).size).toBe(values.length);
    const nav = navEntriesOf(features);
    distinct(nav.map((n) => n.path));
    distinct(nav.map((n) => n.order));
    const accountTabs = accountTabsOf(features);
    distinct(accountTabs.map((t) => t.key));
    distinct(accountTabs.map((t) => t.order));
    const settingsTabs = settingsTabsOf(features);
    distinct(settingsTabs.map((t) => t.path));
    distinct(settingsTabs.map((t) => t.order));
  });
});
