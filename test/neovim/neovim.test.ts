// A second, independent editor: headless Neovim's own LSP client starts
// `zonelint-language-server --stdio` for a zone file (test/neovim/diagnostics.lua), and the
// diagnostics it stores must be the ones `zonelint --format json` reports for the same file:
// the same codes and severities at the same 0-based positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const zone = join(__dirname, 'example.com.zone');

const nvimMissing = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0
  ? false
  : 'nvim is not installed (npm run setup installs Debian\'s neovim)';

interface Finding {
  code: string;
  severity: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

const key = (f: Finding) => `${f.line}:${f.character}-${f.endLine}:${f.endCharacter} ${f.severity} ${f.code}`;

test('Neovim\'s LSP client gets the diagnostics the CLI reports, at the same positions', { skip: nvimMissing, timeout: 30_000 }, () => {
  if (!existsSync(join(root, 'dist', 'server.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }

  const cli = spawnSync(process.execPath, [join(root, 'bin', 'zonelint.js'), '--offline', '--format', 'json', zone], { cwd: root, encoding: 'utf8' });
  assert.ok(cli.stdout.trim().startsWith('['), `zonelint --format json printed no JSON (exit ${cli.status}):\n${cli.stdout}\n${cli.stderr}`);
  const report = JSON.parse(cli.stdout) as { diagnostics: { code: string; severity: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] }[];
  const expected: Finding[] = report.flatMap((f) => f.diagnostics).map((d) => ({
    code: d.code,
    severity: d.severity,
    line: d.range.start.line,
    character: d.range.start.character,
    endLine: d.range.end.line,
    endCharacter: d.range.end.character,
  }));
  // The fixture has findings of several rules, one of them over two lines.
  assert.ok(new Set(expected.map((f) => f.code)).size >= 5, JSON.stringify(expected));
  assert.ok(expected.some((f) => f.endLine > f.line), 'a finding spans lines');

  const work = mkdtempSync(join(tmpdir(), 'zonelint-nvim-'));
  try {
    const out = join(work, 'diagnostics.json');
    const nvim = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(__dirname, 'diagnostics.lua')}`], {
      cwd: work,
      encoding: 'utf8',
      timeout: 25_000,
      env: {
        ...process.env,
        ZONELINT_NODE: process.execPath,
        ZONELINT_SERVER: join(root, 'bin', 'zonelint-language-server.js'),
        ZONELINT_ZONE: zone,
        ZONELINT_OUT: out,
        ZONELINT_TIMEOUT_MS: '15000',
      },
    });
    assert.equal(nvim.status, 0, `nvim exited with ${nvim.status} (${nvim.signal ?? 'no signal'}):\n${nvim.stdout}\n${nvim.stderr}`);
    assert.ok(existsSync(out), `nvim wrote no ${out}:\n${nvim.stderr}`);
    const got = JSON.parse(readFileSync(out, 'utf8')) as { client: string; publications: number; diagnostics: Finding[] };
    assert.equal(got.client, 'zonelint');
    assert.ok(got.publications >= 1);
    assert.deepEqual(got.diagnostics.map(key).sort(), expected.map(key).sort());
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
