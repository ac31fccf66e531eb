// Severity overrides (LintOptions.ruleSeverities): 'off' drops a rule, a severity replaces the
// default for rule and parser diagnostics; invalid entries are ignored by lint and reported by
// validateRuleSeverities.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintParsed, lintText } from '../../server/src/service/lint';
import { closestRuleId, validateRuleSeverities } from '../../server/src/service/ruleSeverities';
import { RULES_BY_ID } from '../../server/src/service/rules/index';
import { parseZone } from '../../server/src/service/zone/parser';

const ZONE = `$ORIGIN example.com.
$TTL 3600
@        IN SOA  ns1.example.com. hostmaster.example.com. ( 2024010101 7200 3600 1209600 3600 )
         IN NS   ns1
         IN NS   ns2
ns1      IN A    192.0.2.1
ns2      IN AAAA 2001:db8::2
shop     IN MX   10 mail.example.com
bad      IN A    192.0.2.256
`;

const codes = (ruleSeverities?: Record<string, unknown>) =>
  lintText(ZONE, { ruleSeverities: ruleSeverities as Record<string, 'off'> })
    .diagnostics.map((d) => `${d.code} ${d.severity}`)
    .sort();

test('the zone gives a warning, a rule error and a parser error by default', () => {
  assert.deepEqual(codes(), ['mx-target-no-address error', 'syntax-rdata-field error', 'zone-relative-target-fqdn warning']);
  assert.equal(RULES_BY_ID.get('zone-relative-target-fqdn')?.severity, 'warning');
});

test('a severity replaces the default, for rule and parser diagnostics', () => {
  assert.deepEqual(codes({ 'zone-relative-target-fqdn': 'error', 'mx-target-no-address': 'hint', 'syntax-rdata-field': 'information' }), [
    'mx-target-no-address hint',
    'syntax-rdata-field information',
    'zone-relative-target-fqdn error',
  ]);
});

test("'off' drops the rule's diagnostics, parser rules included", () => {
  assert.deepEqual(codes({ 'mx-target-no-address': 'off', 'syntax-rdata-field': 'off' }), ['zone-relative-target-fqdn warning']);
});

test('unknown ids and invalid values are ignored; the valid entries still apply', () => {
  assert.deepEqual(codes({ 'no-such-rule': 'off', 'mx-target-no-address': 'fatal', 'syntax-rdata-field': 'OFF', 'zone-relative-target-fqdn': 'off' }), [
    'mx-target-no-address error',
    'syntax-rdata-field error',
  ]);
  assert.deepEqual(codes(JSON.parse('{"__proto__": "off", "toString": "off", "constructor": "error"}')), codes());
});

test('overriding a parser diagnostic leaves the parse untouched for the next lint', () => {
  const parsed = parseZone(ZONE, { origin: 'example.com.' });
  assert.equal(lintParsed(parsed, { ruleSeverities: { 'syntax-rdata-field': 'hint' } }).find((d) => d.code === 'syntax-rdata-field')?.severity, 'hint');
  assert.equal(parsed.diagnostics.find((d) => d.code === 'syntax-rdata-field')?.severity, 'error');
  assert.equal(lintParsed(parsed).find((d) => d.code === 'syntax-rdata-field')?.severity, 'error');
});

test('a suppressed diagnostic stays suppressed whatever its severity', () => {
  const record = '@ IN MX 20 192.0.2.5.\n';
  const options = { ruleSeverities: { 'mx-target-address': 'hint' as const } };
  assert.equal(lintText(ZONE + record, options).diagnostics.find((x) => x.code === 'mx-target-address')?.severity, 'hint');
  const d = lintText(ZONE + '; zonelint-disable-next-line mx-target-address\n' + record, options).diagnostics;
  assert.ok(!d.some((x) => x.code === 'mx-target-address'));
});

test('validateRuleSeverities splits valid entries from problems that name the closest id', () => {
  const { valid, problems } = validateRuleSeverities({
    'zone-relative-target-fqdn': 'off',
    'mx-target-adress': 'warning',
    'cname-other-data': 'loud',
    'syntax-rdata-field': 'hint',
  });
  assert.deepEqual(valid, { 'zone-relative-target-fqdn': 'off', 'syntax-rdata-field': 'hint' });
  assert.equal(problems.length, 2);
  assert.match(problems[0], /'mx-target-adress' is not a zonelint rule id.*'mx-target-address'/);
  assert.match(problems[1], /"loud".*'cname-other-data'.*error, warning, information, hint, off/);
});

test('validateRuleSeverities accepts nothing and rejects a non-object with one problem', () => {
  assert.deepEqual(validateRuleSeverities(undefined), { valid: {}, problems: [] });
  assert.deepEqual(validateRuleSeverities({}), { valid: {}, problems: [] });
  for (const bad of ['off', 3, ['zone-ttl-mismatch']]) {
    const r = validateRuleSeverities(bad);
    assert.deepEqual(r.valid, {});
    assert.equal(r.problems.length, 1, String(bad));
  }
});

test('closestRuleId finds typos, a missing area prefix and a different case', () => {
  assert.equal(closestRuleId('mx-target-adress'), 'mx-target-address');
  assert.equal(closestRuleId('other-data'), 'cname-other-data');
  assert.equal(closestRuleId('CNAME-OTHER-DATA'), 'cname-other-data');
  assert.equal(closestRuleId('syntax-unknown-suppresion'), 'syntax-unknown-suppression');
  assert.ok(RULES_BY_ID.has(closestRuleId('qqqq')));
});
