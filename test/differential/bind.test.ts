// Differential test against BIND 9.18: every valid fixture zone must give the same records from
// `zonelint --canonical` as from named-compilezone, and every invalid one must be rejected by
// both named-checkzone and zonelint (an error-severity diagnostic, on the line at fault).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffLists, formatDiff, normaliseList } from './normalise';
import { pool, run, zonelint, type RunResult } from '../cli/runZonelint';

const FIXTURES = join(__dirname, '..', 'fixtures', 'differential');
const VALID = join(FIXTURES, 'valid');
const INVALID = join(FIXTURES, 'invalid');

const bindMissing = spawnSync('named-compilezone', ['-v'], { encoding: 'utf8' }).status !== 0;
const SKIP = bindMissing ? 'named-compilezone (BIND 9.18) is not installed; scripts/setup-system.sh installs it' : false;
if (bindMissing) console.log(`# SKIP differential tests: ${SKIP}`);

/** Zone files directly in a folder (subfolders hold $INCLUDE fragments). */
function zones(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.zone') && statSync(join(dir, f)).isFile())
    .sort();
}

/** The origin is in the file name: `NN-topic.<origin>.zone` or `<case>.<origin>.zone`. */
function originOf(file: string, prefixLabels: number): string {
  return file.replace(/\.zone$/, '').split('.').slice(prefixLabels).join('.') + '.';
}

/** Fixtures that show a known difference, reported to the parser's authors; they run as todo. */
const KNOWN_DIFFERENCES: Record<string, string> = {};

// Both tools resolve $INCLUDE the same way only when BIND runs in the zone's folder: BIND reads
// relative to its working directory, zonelint relative to the including file. Fixtures include
// only from the top-level zone, so the two agree.
describe('valid zones: zonelint --canonical agrees with named-compilezone', { skip: SKIP }, () => {
  const files = bindMissing ? [] : zones(VALID);
  const results = new Map<string, { bind: RunResult; bindText: string; ours: RunResult }>();

  before(async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'zonelint-diff-'));
    try {
      await pool(files, 8, async (file) => {
        const origin = originOf(file, 1);
        const out = join(tmp, file + '.txt');
        // -i none: no integrity checks (MX/SRV targets, glue); -k ignore: no host-name checks on
        // owners; -s full: absolute names and a TTL on every record.
        const [bind, ours] = await Promise.all([
          run('named-compilezone', ['-i', 'none', '-k', 'ignore', '-s', 'full', '-o', out, origin, file], { cwd: VALID }),
          zonelint(['--canonical', '--origin', origin, file], { cwd: VALID }),
        ]);
        let bindText = '';
        try {
          bindText = readFileSync(out, 'utf8');
        } catch {
          /* reported below */
        }
        results.set(file, { bind, bindText, ours });
      });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('there are at least 10 valid fixture zones', () => {
    assert.ok(files.length >= 10, `only ${files.length} zones in ${VALID}`);
  });

  for (const file of files) {
    test(file, { todo: KNOWN_DIFFERENCES[file] }, () => {
      const r = results.get(file)!;
      assert.equal(r.bind.code, 0, `named-compilezone rejects the fixture (fix the fixture):\n${r.bind.stdout}${r.bind.stderr}`);
      assert.equal(r.ours.stderr, '', 'zonelint --canonical reported errors on a zone BIND accepts');
      assert.equal(r.ours.code, 0, `zonelint --canonical exit status ${r.ours.code}`);
      const bind = normaliseList(r.bindText.split('\n'));
      const ours = normaliseList(r.ours.stdout.split('\n'));
      assert.ok(bind.length > 3, 'BIND printed almost nothing; the harness is broken');
      const d = diffLists(bind, ours);
      assert.ok(
        d.onlyBind.length === 0 && d.onlyOurs.length === 0,
        `${d.onlyBind.length + d.onlyOurs.length} records differ (BIND ${bind.length}, ours ${ours.length}):\n${formatDiff(d)}`,
      );
    });
  }
});

/** Lines (1-based) where the fault is; zonelint must report an error on one of them. */
const ERROR_LINES: Record<string, number[]> = {
  'bad-dotted-quad': [5],
  'bad-ipv6': [5],
  'bad-ttl': [5],
  'caa-flag-range': [5],
  'cname-and-other': [5, 6],
  'dnskey-bad-base64': [5],
  'ds-bad-digest-length': [7],
  'generate-bad-range': [5],
  'generic-length-mismatch': [5],
  'label-too-long': [5],
  'leading-zero-quad': [5],
  'missing-include': [5],
  'mx-no-preference': [5],
  'soa-missing-field': [2],
  'srv-missing-port': [5],
  'sshfp-bad-hex': [5],
  'tlsa-bad-hex': [5],
  'ttl-directive-bad': [5],
  'txt-too-long': [5],
  'unbalanced-paren': [5, 6],
  'unbalanced-quote': [5, 6],
  'unknown-directive': [5],
  'unknown-type': [5],
};

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

describe('invalid zones: named-checkzone and zonelint both reject them', { skip: SKIP }, () => {
  const files = bindMissing ? [] : zones(INVALID);
  const results = new Map<string, { bind: RunResult; ours: RunResult }>();

  before(async () => {
    await pool(files, 8, async (file) => {
      const origin = originOf(file, 1);
      const [bind, ours] = await Promise.all([
        run('named-checkzone', ['-i', 'none', origin, file], { cwd: INVALID }),
        zonelint(['--offline', '--format', 'json', '--origin', origin, file], { cwd: INVALID }),
      ]);
      results.set(file, { bind, ours });
    });
  });

  test('there are at least 10 invalid fixture zones, each with its expected line', () => {
    assert.ok(files.length >= 10, `only ${files.length} zones in ${INVALID}`);
    for (const f of files) assert.ok(f.split('.')[0] in ERROR_LINES, `${f} has no entry in ERROR_LINES`);
  });

  for (const file of files) {
    test(file, () => {
      const r = results.get(file)!;
      assert.equal(r.bind.code, 1, `named-checkzone accepts the fixture (fix the fixture):\n${r.bind.stdout}`);
      const bindSays = (r.bind.stdout + r.bind.stderr).split('\n').find((l) => /:\d+:|failed|error/.test(l)) ?? '';
      assert.equal(r.ours.code, 1, `zonelint exit status ${r.ours.code}, expected 1; BIND says: ${bindSays}\n${r.ours.stderr}`);
      const report = JSON.parse(r.ours.stdout) as { file: string; diagnostics: JsonDiagnostic[] }[];
      const all = report.flatMap((f) => f.diagnostics.map((d) => ({ ...d, file: f.file })));
      const errors = all.filter((d) => d.severity === 'error' && d.file === file);
      const summary = all.map((d) => `${d.file}:${d.range.start.line + 1}: ${d.severity} ${d.code}`).join('\n  ');
      assert.ok(errors.length > 0, `no error diagnostic; BIND says: ${bindSays}\n  ${summary}`);
      const lines = ERROR_LINES[file.split('.')[0]];
      assert.ok(
        errors.some((d) => lines.includes(d.range.start.line + 1)),
        `no error on line ${lines.join(' or ')}; BIND says: ${bindSays}\n  ${summary}`,
      );
    });
  }
});
