// Bundles the CLI, the language server and the extension client into dist/.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'server/src/node/cli.ts', out: 'cli' },
  { in: 'server/src/node/serverMain.ts', out: 'server' },
  { in: 'server/src/node/lintWorker.ts', out: 'lintWorker' },
  { in: 'client/src/extension.ts', out: 'extension' },
].filter((e) => existsSync(e.in));

await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
});
