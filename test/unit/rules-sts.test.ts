// MTA-STS and TLS-RPT rules: fixture zones with their faults drawn under the code, a valid zone
// with none, and quick fixes applied to the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFix, assertEveryRuleDrawn, assertFixAllAddsNothing } from '../helpers/mailTests';
import { checkFixture } from '../helpers/fixture';
import { lintText, type LintTextOptions } from '../../server/src/service/lint';
import { STS_RULES } from '../../server/src/service/rules/mail/sts';
import type { ZoneDiagnostic } from '../../server/src/service/zone/types';

const FIXTURES = join(__dirname, '..', 'fixtures', 'sts');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const PREFIXES = ['mtasts-', 'tlsrpt-'];
/** sts-faults.zone draws the record faults; the policy host and TLS-RPT presence have fixtures of their own. */
const RECORD_RULES = ['mtasts-version', 'mtasts-id', 'mtasts-multiple', 'mtasts-other-txt', 'tlsrpt-version', 'tlsrpt-rua', 'tlsrpt-multiple'];
// 2024-06-01 12:34:56 UTC, for the generated MTA-STS id.
const NOW = 1717245296;

const HEAD = `$ORIGIN example.com.
$TTL 3600
@        IN SOA ns1 hostmaster ( 2024010101 7200 3600 1209600 3600 )
         IN NS  ns1
         IN NS  ns2
ns1      IN A   192.0.2.1
ns2      IN A   192.0.2.2
@        IN MX  10 mail
mail     IN A   192.0.2.25
mta-sts  IN CNAME mta-sts.example.net.
`;

function sts(text: string, options: LintTextOptions = {}): ZoneDiagnostic[] {
  return lintText(text, options).diagnostics.filter((d) => PREFIXES.some((p) => d.code.startsWith(p)));
}

function codes(diagnostics: readonly ZoneDiagnostic[]): string[] {
  return diagnostics.map((d) => d.code).sort();
}

test('record faults are reported where they are drawn', () => {
  checkFixture(fixture('sts-faults.zone'), { only: RECORD_RULES });
});

test('the policy host and missing TLS-RPT are reported where they are drawn', () => {
  checkFixture(fixture('sts-policy-host.zone'), { only: PREFIXES });
  checkFixture(fixture('tlsrpt-missing.zone'), { only: PREFIXES });
});

test('MTA-STS, DANE and TLS-RPT set up in order give no diagnostics', () => {
  const diagnostics = checkFixture(fixture('valid-sts.zone'), { only: PREFIXES });
  assert.deepEqual(codes(diagnostics.filter((d) => PREFIXES.some((p) => d.code.startsWith(p)))), []);
});

test('every MTA-STS and TLS-RPT rule is drawn in some fixture', () => assertEveryRuleDrawn(FIXTURES, STS_RULES));

test('severities follow RFC 8461 and RFC 8460: broken records are errors', () => {
  const bySeverity = new Map(sts(fixture('sts-faults.zone')).map((d) => [d.code, d.severity]));
  for (const id of ['mtasts-version', 'mtasts-id', 'mtasts-multiple', 'tlsrpt-version', 'tlsrpt-rua', 'tlsrpt-multiple', 'mtasts-policy-host']) assert.equal(bySeverity.get(id), 'error', id);
  assert.equal(bySeverity.get('mtasts-other-txt'), 'warning');
  assert.equal(bySeverity.get('tlsrpt-missing'), 'information');
});

test('the policy host is judged only in a whole zone', () => {
  const fragment = '_mta-sts IN TXT "v=STSv1; id=1"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:t@example.com"\n';
  assert.deepEqual(codes(sts(fragment, { origin: 'example.com.' })), []);
  assert.deepEqual(codes(sts(fragment, { origin: 'example.com.', wholeZone: true })), ['mtasts-policy-host']);
});

test('a missing id is generated from the clock, offered but not preferred', () => {
  const text = HEAD + '_mta-sts IN TXT "v=STSv1;"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:t@example.com"\n';
  const { output, fix } = applyFix(text, 'mtasts-id', undefined, { now: NOW });
  assert.equal(fix.preferred, false);
  assert.equal(output, HEAD + '_mta-sts IN TXT "v=STSv1; id=20240601123456;"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:t@example.com"\n');
  const bad = HEAD + '_mta-sts IN TXT "v=STSv1; id=2024-06-01"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:t@example.com"\n';
  assert.equal(applyFix(bad, 'mtasts-id', /id=20240601$/, { now: NOW }).output, bad.replace('2024-06-01', '20240601'));
  assert.equal(applyFix(bad, 'mtasts-id', /20240601123456/, { now: NOW }).output, bad.replace('2024-06-01', '20240601123456'));
});

test('version fixes: separator and case', () => {
  const tail = '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:t@example.com"\n';
  const sep = applyFix(HEAD + '_mta-sts IN TXT "v=STSv1 id=20240101"\n' + tail, 'mtasts-version');
  assert.equal(sep.output, HEAD + '_mta-sts IN TXT "v=STSv1; id=20240101"\n' + tail);
  assert.equal(sep.fix.preferred, true);
  const upper = applyFix(HEAD + '_mta-sts IN TXT "v=STSv1; id=1"\n_smtp._tls IN TXT "V=TLSRPTv1; rua=mailto:t@example.com"\n', 'tlsrpt-version');
  assert.equal(upper.output, HEAD + '_mta-sts IN TXT "v=STSv1; id=1"\n' + tail);
});

test('TLS-RPT rua fixes: mailto: added, a template for a missing rua', () => {
  const mailto = applyFix(HEAD + '_smtp._tls IN TXT "v=TLSRPTv1; rua=t@example.com"\n', 'tlsrpt-rua');
  assert.equal(mailto.output, HEAD + '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:t@example.com"\n');
  assert.equal(mailto.fix.preferred, true);
  const missing = applyFix(HEAD + '_smtp._tls IN TXT "v=TLSRPTv1"\n', 'tlsrpt-rua');
  assert.equal(missing.output, HEAD + '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"\n');
  assert.equal(missing.fix.preferred, false);
});

test('MTA-STS without TLS-RPT: the fix adds a template record', () => {
  const text = HEAD + '_mta-sts IN TXT "v=STSv1; id=20240101"\nwww IN A 192.0.2.80\n';
  const [d] = sts(text);
  assert.equal(d.code, 'tlsrpt-missing');
  assert.equal(text.slice(d.start, d.end), '_mta-sts');
  const { output, fix } = applyFix(text, 'tlsrpt-missing');
  assert.equal(fix.preferred, false);
  assert.equal(output, HEAD + '_mta-sts IN TXT "v=STSv1; id=20240101"\n_smtp._tls.example.com. 3600 IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"\nwww IN A 192.0.2.80\n');
  assert.deepEqual(codes(sts(output)), []);
});

test('DANE counts only at an MX host of the domain, on port 25', () => {
  const tlsa = '3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6';
  assert.deepEqual(codes(sts(HEAD + `_25._tcp.mail IN TLSA ${tlsa}\n`)), ['tlsrpt-missing']);
  assert.deepEqual(codes(sts(HEAD + `_443._tcp.mail IN TLSA ${tlsa}\n`)), []);
  assert.deepEqual(codes(sts(HEAD + `other IN A 192.0.2.9\n_25._tcp.other IN TLSA ${tlsa}\n`)), []);
});

test('fix-all over the MTA-STS fixtures applies only fixes that add no diagnostic', () => {
  assertFixAllAddsNothing(FIXTURES);
});
