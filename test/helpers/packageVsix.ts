// `npm run package` on a copy of the project, so the repository's own dist/ is left alone
// while other tests use it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, symlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = join(__dirname, '..', '..');

/** Top-level entries that are not copied: installed, built, generated or large local data. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', 'out', 'bench', '.cache', 'test']);

/** Packages the extension into `work`/zonelint.vsix and returns its path. */
export function packageVsix(work: string, timeout = 110_000): string {
  const copy = join(work, 'zonelint');
  cpSync(root, copy, {
    recursive: true,
    filter: (src) => {
      const rel = relative(root, src);
      return !NOT_COPIED.has(rel.split(sep)[0]) && !rel.endsWith('.vsix');
    },
  });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const vsix = join(work, 'zonelint.vsix');
  const run = spawnSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: copy, encoding: 'utf8', timeout });
  assert.equal(run.status, 0, `npm run package failed (${run.signal ?? run.status}):\n${run.stdout}\n${run.stderr}`);
  return vsix;
}
