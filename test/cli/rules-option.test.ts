// zonelint --rule ID=SEVERITY and inline suppressions, run as users run the command
// (bin/zonelint.js, built by `npm run build`), offline: the system's resolvers are not asked.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, test } from 'node:test';
import { BIN, REPO, zonelint } from './runZonelint';

const rel = (...parts: string[]) => relative(REPO, join(__dirname, '..', 'fixtures', ...parts));
const WARNINGS = rel('cli', 'warnings.example.com.zone');
const ERRORS = rel('cli', 'errors.example.com.zone');
const SUPPRESSED = rel('suppressions', 'cli.example.com.zone');

/** 'line code severity' of each text-format diagnostic. */
function summary(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const m = /^.+:(\d+):\d+: (\S+) (\S+) /.exec(l);
      assert.ok(m, `not a diagnostic line: ${l}`);
      return `${m[1]} ${m[3]} ${m[2]}`;
    });
}

before(() => {
  assert.ok(existsSync(BIN), 'bin/zonelint.js is missing; run npm run build first');
});

test('--rule raises a warning to an error, which sets exit status 1', async () => {
  const plain = await zonelint(['--offline', WARNINGS]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.ok(summary(plain.stdout).includes('4 ns-too-few warning'));
  const raised = await zonelint(['--offline', '--rule', 'ns-too-few=error', WARNINGS]);
  assert.equal(raised.code, 1, raised.stderr);
  assert.ok(summary(raised.stdout).includes('4 ns-too-few error'));
  assert.ok(summary(raised.stdout).every((s) => s.startsWith('4 ns-too-few') || s.endsWith(' warning')));
});

test('--rule lowers or turns off parser errors, and is repeatable', async () => {
  const plain = await zonelint(['--offline', ERRORS]);
  assert.equal(plain.code, 1);
  const lowered = await zonelint(['--offline', '--rule', 'syntax-rdata-field=warning', ERRORS]);
  assert.equal(lowered.code, 0, lowered.stdout + lowered.stderr);
  assert.deepEqual(summary(lowered.stdout), ['7 syntax-rdata-field warning', '8 syntax-rdata-field warning']);
  const off = await zonelint(['--offline', '--rule=syntax-rdata-field=off', '--rule', 'ns-too-few=off', '--rule', 'soa-timers=off', ERRORS, WARNINGS]);
  assert.equal(off.code, 0, off.stderr);
  assert.equal(off.stdout, '');
});

test('--rule applies to the json output too', async () => {
  const r = await zonelint(['--offline', '--format', 'json', '--rule', 'syntax-rdata-field=hint', ERRORS]);
  assert.equal(r.code, 0, r.stderr);
  const [file] = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string }[] }[];
  assert.deepEqual(
    file.diagnostics.map((d) => d.severity),
    ['hint', 'hint'],
  );
});

test('an unknown rule id is a usage error that names the closest id', async () => {
  const r = await zonelint(['--offline', '--rule', 'ns-to-few=off', WARNINGS]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /'ns-to-few' is not a rule id; the closest is 'ns-too-few'/);
});

test('a bad severity or a missing = is a usage error that says what to write', async () => {
  const bad = await zonelint(['--offline', '--rule', 'ns-too-few=fatal', WARNINGS]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /'fatal' is not a severity; use error, warning, information, hint, off/);
  const noEquals = await zonelint(['--offline', '--rule', 'ns-too-few', WARNINGS]);
  assert.equal(noEquals.code, 2);
  assert.match(noEquals.stderr, /--rule 'ns-too-few' has no '='; write --rule ID=SEVERITY/);
});

test('the usage text documents --rule', async () => {
  const r = await zonelint(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--rule ID=SEVERITY/);
});

test('the command honours suppression comments and reports a misspelt id', async () => {
  const r = await zonelint(['--offline', SUPPRESSED]);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(summary(r.stdout), ['11 mx-target-address error', '12 syntax-unknown-suppression warning', '13 mx-target-address error']);
  assert.match(r.stdout, /'mx-target-adress' is not a zonelint rule id.*'mx-target-address'/);
  const off = await zonelint(['--offline', '--rule', 'syntax-unknown-suppression=off', '--rule', 'mx-target-address=warning', SUPPRESSED]);
  assert.equal(off.code, 0, off.stderr);
  assert.deepEqual(summary(off.stdout), ['11 mx-target-address warning', '13 mx-target-address warning']);
});
