// `npm run package` (a minified build, then `vsce package`) run on a copy of the project in a
// temporary folder, so the dist/ that the other tests use is left alone; the .vsix it makes
// must hold the bundled output and the manifest files only, and stay small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { packageVsix } from '../helpers/packageVsix';

const root = join(__dirname, '..', '..');

/** The names and sizes in a zip's central directory. */
function zipEntries(zip: Buffer): { name: string; size: number }[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'no end of central directory: not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: { name: string; size: number }[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(zip.readUInt32LE(p), 0x02014b50, `central directory entry ${n} is damaged`);
    const nameLength = zip.readUInt16LE(p + 28);
    out.push({ name: zip.toString('utf8', p + 46, p + 46 + nameLength), size: zip.readUInt32LE(p + 24) });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}

const vsceMissing = !existsSync(join(root, 'node_modules', '@vscode', 'vsce', 'package.json'))
  ? '@vscode/vsce is not installed (run npm ci)'
  : false;

test('npm run package makes a .vsix of the bundled output and the manifest files only, under 1 MB', { skip: vsceMissing, timeout: 120_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'zonelint-package-'));
  try {
    const vsix = packageVsix(work);
    // The helper packages a copy of the project made here.
    const copy = join(work, 'zonelint');

    const bytes = readFileSync(vsix);
    assert.ok(bytes.length < 1024 * 1024, `the .vsix is ${bytes.length} bytes, not under 1 MB`);
    const names = zipEntries(bytes).map((e) => e.name).sort();

    const allowed = [
      /^extension\.vsixmanifest$/,
      /^\[Content_Types\]\.xml$/,
      /^extension\/package\.json$/,
      /^extension\/readme\.md$/,
      /^extension\/LICENSE\.txt$/,
      /^extension\/language-configuration\.json$/,
      /^extension\/dist\/(extension|server|lintWorker)\.js$/,
      /^extension\/syntaxes\/[\w.-]+\.tmLanguage\.json$/,
      /^extension\/docs\/rules\/[\w-]+\.md$/,
    ];
    const unexpected = names.filter((n) => !allowed.some((re) => re.test(n)));
    assert.deepEqual(unexpected, [], 'files in the .vsix that are neither bundled output nor manifest files');
    for (const n of names) assert.ok(!/node_modules|\.ts$|\.map$|(^|\/)test\//.test(n), n);

    // What VS Code needs to run the extension is there.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const needed = [
      'extension/package.json',
      'extension/LICENSE.txt',
      'extension/dist/server.js',
      // The server lints in this worker thread.
      'extension/dist/lintWorker.js',
      join('extension', pkg.main).split(sep).join('/'),
      join('extension', pkg.contributes.languages[0].configuration).split(sep).join('/'),
      ...pkg.contributes.grammars.map((g: { path: string }) => join('extension', g.path).split(sep).join('/')),
    ];
    for (const n of needed) assert.ok(names.includes(n), `${n} is missing from the .vsix: ${names.join(', ')}`);
    // Every rule page that a diagnostic links to.
    const pages = readdirSync(join(root, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
    assert.ok(pages.length > 0);
    for (const page of pages) assert.ok(names.includes(`extension/docs/rules/${page}`), `docs/rules/${page} is missing from the .vsix`);

    // The bundles were built minified: far fewer lines than bytes.
    for (const bundle of ['extension.js', 'server.js', 'lintWorker.js']) {
      const text = readFileSync(join(copy, 'dist', bundle), 'utf8');
      assert.ok(text.split('\n').length < text.length / 1000, `dist/${bundle} does not look minified`);
      assert.ok(statSync(join(copy, 'dist', bundle)).size > 0);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
