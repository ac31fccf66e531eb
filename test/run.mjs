// Runs every test/**/*.test.ts under node's test runner (TypeScript through tsx).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
function collect(dir, out) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (entry === 'node_modules' || entry === 'fixtures') continue;
    if (statSync(p).isDirectory()) collect(p, out);
    else if (entry.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
let files = collect(root, []).sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
// The end-to-end test drives a real VS Code and browser: it runs on its own after the others,
// so the machine's two cores are not shared with the rest of the suite.
const isE2e = (f) => f.includes(`${join('test', 'e2e')}`);
let status = 0;
for (const group of [files.filter((f) => !isE2e(f)), files.filter(isE2e)]) {
  if (group.length === 0) continue;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...group], { stdio: 'inherit' });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
