import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFixture } from '../helpers/fixture';
import { lintText } from '../../server/src/service/lint';

const FIXTURES = join(__dirname, '..', 'fixtures', 'content');
const CAA_RULES = ['caa-', 'zone-typographic-quotes', 'zone-non-ascii-text'];
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function caaDiagnostics(rdata: string, code: string) {
  return lintText(`@ 3600 IN CAA ${rdata}\n`, { origin: 'example.com.' }).diagnostics.filter((d) => d.code === code);
}

test('CAA faults are reported where they are drawn', () => {
  checkFixture(fixture('caa-faults.zone'), { origin: 'example.com.', only: CAA_RULES });
});

test('well-formed CAA records give no CAA diagnostics', () => {
  checkFixture(fixture('caa-valid.zone'), { origin: 'example.com.', only: CAA_RULES });
});

test('an unknown tag gets the closest known tag as its suggestion', () => {
  assert.deepEqual(caaDiagnostics('0 issuewlid "letsencrypt.org"', 'caa-unknown-tag')[0].data, { replacement: 'issuewild' });
  assert.deepEqual(caaDiagnostics('0 iodf "mailto:a@example.com"', 'caa-unknown-tag')[0].data, { replacement: 'iodef' });
  // Nothing close: no suggestion offered.
  assert.equal(caaDiagnostics('0 policy "strict"', 'caa-unknown-tag')[0].data, undefined);
});

test('a critical unknown tag says that it blocks issuance and offers both fixes', () => {
  const [d] = caaDiagnostics('128 isue "letsencrypt.org"', 'caa-critical-unknown-tag');
  assert.match(d.message, /no certificate can be issued/);
  assert.deepEqual(d.data, { flagsReplacement: '0', replacement: 'issue' });
});

test('issue value fixes keep the parameters and carry the quotes', () => {
  assert.deepEqual(caaDiagnostics('0 issue "https://letsencrypt.org/"', 'caa-issue-value')[0].data, { replacement: '"letsencrypt.org"' });
  assert.deepEqual(caaDiagnostics('0 issue "letsencrypt.org.; validationmethods=dns-01"', 'caa-issue-value')[0].data, { replacement: '"letsencrypt.org; validationmethods=dns-01"' });
  assert.deepEqual(caaDiagnostics('0 issue "letsencrypt.org; accounturi=https://a.example/acct/1 validationmethods=dns-01"', 'caa-issue-value')[0].data, {
    replacement: '"letsencrypt.org; accounturi=https://a.example/acct/1; validationmethods=dns-01"',
  });
});

test('an iodef e-mail address gets mailto: added', () => {
  const [d] = caaDiagnostics('0 iodef "security@example.com"', 'caa-iodef-scheme');
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.data, { replacement: '"mailto:security@example.com"' });
});

test('flags with reserved bits suggest 0, or 128 when the critical bit is set', () => {
  assert.deepEqual(caaDiagnostics('1 issue "letsencrypt.org"', 'caa-flags-reserved')[0].data, { replacement: '0' });
  assert.deepEqual(caaDiagnostics('129 issue "letsencrypt.org"', 'caa-flags-reserved')[0].data, { replacement: '128' });
});
