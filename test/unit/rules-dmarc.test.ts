// DMARC rules: fixture zones with their faults drawn under the code, valid zones of common
// setups with none, exact ranges in values split over strings, live report authorisation with
// a fake resolver, and quick fixes applied to the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeResolver, applyEdits, applyFix, assertEveryRuleDrawn, assertFixAllAddsNothing } from '../helpers/mailTests';
import { checkFixture, readAnnotations } from '../helpers/fixture';
import { lintLive, lintText, type LintTextOptions, type Resolver } from '../../server/src/service/lint';
import { parseZone } from '../../server/src/service/zone/parser';
import { fixesFor } from '../../server/src/service/features/codeActions';
import { DMARC_RULES } from '../../server/src/service/rules/mail/dmarc';
import type { ZoneDiagnostic } from '../../server/src/service/zone/types';

const FIXTURES = join(__dirname, '..', 'fixtures', 'dmarc');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const ONLY = { only: ['dmarc-'] };

const HEAD = `$ORIGIN example.com.
$TTL 3600
@        IN SOA ns1 hostmaster ( 2024010101 7200 3600 1209600 3600 )
         IN NS  ns1
         IN NS  ns2
ns1      IN A   192.0.2.1
ns2      IN A   192.0.2.2
`;

function dmarc(text: string, options: LintTextOptions = {}): ZoneDiagnostic[] {
  return lintText(text, options).diagnostics.filter((d) => d.code.startsWith('dmarc-'));
}

function codes(diagnostics: readonly ZoneDiagnostic[]): string[] {
  return diagnostics.map((d) => d.code).sort();
}

for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.zone')).sort()) {
  test(`fixture ${name}: the DMARC diagnostics are exactly the drawn ones`, () => {
    const text = fixture(name);
    const diagnostics = checkFixture(text, ONLY);
    if (name.startsWith('valid-')) assert.deepEqual(codes(diagnostics.filter((d) => d.code.startsWith('dmarc-'))), []);
    else assert.ok(readAnnotations(text).length > 0, `${name} draws no diagnostic`);
  });
}

test('every DMARC rule is drawn in some fixture', () => assertEveryRuleDrawn(FIXTURES, DMARC_RULES));

test('severities: broken records are errors, risks warnings, advice information', () => {
  const bySeverity = new Map(dmarc(fixture('dmarc-faults.zone')).map((d) => [d.code, d.severity]));
  assert.equal(bySeverity.get('dmarc-version'), 'error');
  assert.equal(bySeverity.get('dmarc-multiple'), 'error');
  assert.equal(bySeverity.get('dmarc-tag-value'), 'error');
  assert.equal(bySeverity.get('dmarc-policy-missing'), 'warning');
  assert.equal(bySeverity.get('dmarc-outside-dmarc-name'), 'warning');
  assert.equal(bySeverity.get('dmarc-policy-order'), 'information');
  assert.equal(bySeverity.get('dmarc-no-rua'), 'information');
  assert.equal(bySeverity.get('dmarc-not-enforcing'), 'information');
});

test('a value split over several strings and lines: the diagnostic covers exactly the written characters', () => {
  const text = HEAD + '_dmarc IN TXT ( "v=DMARC1; p=quar"\n                "antaine; rua=mailto:d@example.com" )\n';
  const [d] = dmarc(text).filter((x) => x.code === 'dmarc-tag-value');
  assert.equal(d.start, text.indexOf('quar"'));
  assert.equal(d.end, text.indexOf('antaine') + 'antaine'.length);
  // The fix writes the value into the first string and empties its rest in the second.
  const { output } = applyFix(text, 'dmarc-tag-value');
  assert.equal(output, HEAD + '_dmarc IN TXT ( "v=DMARC1; p=quarantine"\n                "; rua=mailto:d@example.com" )\n');
});

test('an escaped character counts as the characters it is written with', () => {
  const text = HEAD + '_dmarc IN TXT "v=DMARC1; p=rej\\101t; rua=mailto:d@example.com"\n';
  const [d] = dmarc(text).filter((x) => x.code === 'dmarc-tag-value');
  assert.equal(text.slice(d.start, d.end), 'rej\\101t');
  assert.match(d.message, /p=rejet is not valid/);
});

test('faults other rules report are not reported again', () => {
  // Cut short by an unquoted ';' (txt-unquoted-semicolon): p is not "missing".
  const cut = lintText(HEAD + '_dmarc IN TXT v=DMARC1; p=reject; rua=mailto:d@example.com\n').diagnostics;
  assert.deepEqual(codes(cut.filter((d) => d.code.startsWith('dmarc-') || d.code.startsWith('txt-'))), ['txt-unquoted-semicolon']);
  // Strings glued inside a term (txt-split-inside-term): neither p's value nor the lost rua is judged.
  const glued = lintText(HEAD + '_dmarc IN TXT "v=DMARC1; p=reject" "rua=mailto:d@example.com"\n').diagnostics;
  assert.deepEqual(codes(glued.filter((d) => d.code.startsWith('dmarc-') || d.code.startsWith('txt-'))), ['txt-split-inside-term']);
  // Leading whitespace (txt-leading-space) and typographic quotes (zone-typographic-quotes).
  assert.deepEqual(codes(dmarc(HEAD + '_dmarc IN TXT " v=DMARC1; p=reject; rua=mailto:d@example.com"\n')), []);
  assert.deepEqual(codes(dmarc(HEAD + '_dmarc IN TXT "“v=DMARC1; p=reject; rua=mailto:d@example.com”"\n')), []);
  // Report authorisations carry v=DMARC1 away from _dmarc on purpose.
  assert.deepEqual(codes(dmarc(HEAD + 'example.org._report._dmarc IN TXT "v=DMARC1"\n')), []);
});

test('p missing: RFC 9989 reads it as p=none, so a warning; the fix inserts p=none, not preferred', () => {
  const text = HEAD + '_dmarc IN TXT "v=DMARC1; rua=mailto:d@example.com"\n';
  const [d] = dmarc(text).filter((x) => x.code === 'dmarc-policy-missing');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /RFC 9989 receivers treat it as p=none/);
  const { output, fix } = applyFix(text, 'dmarc-policy-missing');
  assert.equal(fix.preferred, false);
  assert.equal(output, HEAD + '_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@example.com"\n');
  assert.equal(applyFix(HEAD + '_dmarc IN TXT "v=DMARC1"\n', 'dmarc-policy-missing').output, HEAD + '_dmarc IN TXT "v=DMARC1; p=none"\n');
});

test('version fixes: separators, position and spelling', () => {
  const sep = applyFix(HEAD + '_dmarc IN TXT "v=DMARC1 p=reject rua=mailto:d@example.com"\n', 'dmarc-version');
  assert.equal(sep.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  assert.equal(sep.fix.preferred, true);
  const moved = applyFix(HEAD + '_dmarc IN TXT "p=reject; v=DMARC1; rua=mailto:d@example.com"\n', 'dmarc-version');
  assert.equal(moved.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  const spelled = applyFix(HEAD + '_dmarc IN TXT "v=dmarc1; p=reject; rua=mailto:d@example.com"\n', 'dmarc-version');
  assert.equal(spelled.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  // With another record receivers take at the name, mending this one makes two: not preferred.
  const twice = HEAD + '_dmarc IN TXT "v=DMARC1; p=none"\n_dmarc IN TXT "v=dmarc1; p=reject"\n';
  assert.equal(applyFix(twice, 'dmarc-version').fix.preferred, false);
});

test('tag fixes: closest tag, mailto:, removed tags, duplicate, order', () => {
  const unknown = applyFix(HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; ruaa=mailto:d@example.com"\n', 'dmarc-unknown-tag');
  assert.equal(unknown.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  const colon = applyFix(HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua:mailto:d@example.com"\n', 'dmarc-unknown-tag');
  assert.equal(colon.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  const semi = applyFix(HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:a@example.com; mailto:b@example.com"\n', 'dmarc-unknown-tag');
  assert.equal(semi.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:a@example.com, mailto:b@example.com"\n');

  const mailto = applyFix(HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=d@example.com"\n', 'dmarc-report-uri');
  assert.equal(mailto.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  assert.equal(mailto.fix.preferred, true);

  // pct=100 changes nothing: removing it is always right. The last tag goes with the ';' before it.
  const full = applyFix(HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com; pct=100"\n', 'dmarc-removed-tag');
  assert.equal(full.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  assert.equal(full.fix.preferred, true);
  // pct<100 while enforcing: removal is not preferred, and t=y is offered.
  const partial = HEAD + '_dmarc IN TXT "v=DMARC1; p=quarantine; pct=25; rua=mailto:d@example.com"\n';
  const [d] = dmarc(partial).filter((x) => x.code === 'dmarc-removed-tag');
  assert.match(d.message, /t=y/);
  const { parsed } = lintText(partial);
  assert.deepEqual(
    fixesFor(parsed, partial, d).map((f) => [f.title, f.preferred]),
    [
      ['Remove pct=25', false],
      ['Replace with t=y', false],
    ],
  );
  assert.equal(applyFix(partial, 'dmarc-removed-tag', /t=y/).output, HEAD + '_dmarc IN TXT "v=DMARC1; p=quarantine; t=y; rua=mailto:d@example.com"\n');

  const order = applyFix(HEAD + '_dmarc IN TXT "v=DMARC1; rua=mailto:d@example.com; p=reject"\n', 'dmarc-policy-order');
  assert.equal(order.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  const dup = applyFix(HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; p=none; rua=mailto:d@example.com"\n', 'dmarc-duplicate-tag');
  assert.equal(dup.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
});

test('a record outside _dmarc is moved there; other TXT at _dmarc is deleted', () => {
  const moved = applyFix(HEAD + 'dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n', 'dmarc-outside-dmarc-name');
  assert.equal(moved.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  const apex = applyFix(HEAD + '@ IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n', 'dmarc-outside-dmarc-name');
  assert.equal(apex.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  const deleted = applyFix(HEAD + '_dmarc IN TXT "v=spf1 -all" ; wrong name\n_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n', 'dmarc-other-txt');
  assert.equal(deleted.output, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  // Deleting the owner of a record that the next line inherits would move that record: no fix.
  const text = HEAD + '_dmarc IN TXT "google-site-verification=abc"\n       IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n';
  const { parsed, diagnostics } = lintText(text);
  assert.deepEqual(fixesFor(parsed, text, diagnostics.find((d) => d.code === 'dmarc-other-txt')!), []);
});

test('a null-MX name without SPF -all and DMARC reject: the fix adds what is missing after the MX', () => {
  const text = HEAD + '@        IN MX  0 .\nwww      IN A   192.0.2.80\n';
  const [d] = dmarc(text);
  assert.equal(d.code, 'dmarc-non-mail-domain');
  assert.equal(d.severity, 'information');
  assert.match(d.message, /no SPF record "v=spf1 -all" and no DMARC record with p=reject/);
  const { output, fix } = applyFix(text, 'dmarc-non-mail-domain');
  assert.equal(fix.preferred, false);
  assert.equal(output, HEAD + '@        IN MX  0 .\n_dmarc.example.com. 3600 IN TXT "v=DMARC1; p=reject"\nexample.com. 3600 IN TXT "v=spf1 -all"\nwww      IN A   192.0.2.80\n');
  assert.deepEqual(codes(dmarc(output)), []);
  // When the next record inherits the owner, the new lines go to the end of the file.
  const inherit = HEAD + '@        IN MX  0 .\n         IN TXT "v=spf1 -all"\nwww      IN A   192.0.2.80';
  const after = applyFix(inherit, 'dmarc-non-mail-domain').output;
  assert.equal(after, inherit + '\n_dmarc.example.com. 3600 IN TXT "v=DMARC1; p=reject"\n');
  assert.deepEqual(codes(dmarc(after)), []);
});

test('a subdomain with null MX takes the DMARC policy of its parent', () => {
  const text = HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\nold IN MX 0 .\nold IN TXT "v=spf1 -all"\n';
  assert.deepEqual(codes(dmarc(text)), []);
  // Forged mail from a subdomain without SPF fails its parent's p=reject anyway: no word on every such name.
  assert.deepEqual(codes(dmarc(HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\nnomail IN MX 0 .\n')), []);
  // At the apex, SPF -all is expected beside the DMARC record.
  const apex = dmarc(HEAD + '@ IN MX 0 .\n_dmarc IN TXT "v=DMARC1; p=reject"\n');
  assert.deepEqual(codes(apex), ['dmarc-non-mail-domain']);
  assert.match(apex[0].message, /no SPF record "v=spf1 -all":/);
  const relaxed = HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.com"\nold IN MX 0 .\nold IN TXT "v=spf1 -all"\n';
  const [d] = dmarc(relaxed).filter((x) => x.code === 'dmarc-non-mail-domain');
  assert.match(d.message, /sp=quarantine from example\.com/);
});

test('forwarding without DKIM: quiet once a DKIM key or CNAME is published, and in a fragment', () => {
  const base = HEAD + '@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1 mx -all"\n_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n';
  const [d] = dmarc(base);
  assert.equal(d.code, 'dmarc-forwarding-without-dkim');
  assert.match(d.message, /SRS/);
  assert.deepEqual(codes(dmarc(base + 'selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com.\n')), []);
  assert.deepEqual(codes(dmarc(base + 'google._domainkey IN TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu5oIUrFDWZK7"\n')), []);
  const fragment = '@ IN MX 10 mail.example.net.\n_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n';
  assert.deepEqual(codes(dmarc(fragment, { origin: 'example.com.' })), []);
});

test('report authorisation inside the zone: the fix adds the authorising record', () => {
  const text = fixture('dmarc-report-authorization.zone');
  const [d] = dmarc(text).filter((x) => x.code === 'dmarc-report-authorization' && x.message.startsWith('Aggregate'));
  assert.match(d.message, /bank\.example\._report\._dmarc\.reports\.example\. IN TXT "v=DMARC1"/);
  const { parsed } = lintText(text);
  const [fix] = fixesFor(parsed, text, d);
  const output = applyEdits(text, fix.edits);
  assert.ok(output.includes('bank.example._report._dmarc.reports.example. 3600 IN TXT "v=DMARC1"\n'));
  assert.deepEqual(
    dmarc(output).filter((x) => x.code === 'dmarc-report-authorization'),
    [],
    'both the rua and the ruf address are authorised by the one record',
  );
});

const LIVE_ZONE =
  HEAD +
  'selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com.\n' +
  '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@reports.vendor.net,mailto:agg@unknown.example.net,mailto:x@slow.example.org; ruf=mailto:f@reports.vendor.net"\n';

async function live(text: string, resolver: Resolver): Promise<ZoneDiagnostic[]> {
  return (await lintLive(parseZone(text), resolver)).filter((d) => d.code.startsWith('dmarc-') || d.code === 'dns-lookup-failed');
}

test('live: an authorised destination passes, a missing authorisation is a warning, a failed lookup is information', async () => {
  const resolver = new FakeResolver({
    'example.com._report._dmarc.reports.vendor.net': { status: 'ok', records: ['v=DMARC1;'] },
    'example.com._report._dmarc.slow.example.org': { status: 'error', records: [], error: 'timed out after 3 s' },
  });
  const diagnostics = await live(LIVE_ZONE, resolver);
  const at = (d: ZoneDiagnostic) => LIVE_ZONE.slice(d.start, d.end);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, at(d)]),
    [
      ['dmarc-report-authorization', 'warning', 'unknown.example.net'],
      ['dns-lookup-failed', 'information', 'slow.example.org'],
    ],
  );
  assert.match(diagnostics[0].message, /example\.com\._report\._dmarc\.unknown\.example\.net\. IN TXT "v=DMARC1"/);
  assert.match(diagnostics[0].message, /does not exist/);
  assert.match(diagnostics[1].message, /timed out after 3 s/);
  // rua and ruf at one destination cost one query.
  assert.equal(resolver.queries.filter((q) => q === 'example.com._report._dmarc.reports.vendor.net').length, 1);
  // Offline nothing is said about destinations outside the zone.
  assert.deepEqual(codes(dmarc(LIVE_ZONE)), []);
});

test('live: TXT records there that do not start with v=DMARC1 do not authorise', async () => {
  const zone = HEAD + 'selector1._domainkey IN CNAME s1.example.net.\n_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@reports.example.net"\n';
  const resolver = new FakeResolver({ 'example.com._report._dmarc.reports.example.net': { status: 'ok', records: ['v=spf1 -all'] } });
  const [d] = await live(zone, resolver);
  assert.equal(d.code, 'dmarc-report-authorization');
  assert.match(d.message, /do not start with v=DMARC1/);
});

test('live: the offline findings of the rule are still reported', async () => {
  const text = fixture('dmarc-report-authorization.zone');
  const resolver = new FakeResolver({ 'farm.example._report._dmarc.vendor.example.net': { status: 'ok', records: ['v=DMARC1'] } });
  const offline = dmarc(text).filter((d) => d.code === 'dmarc-report-authorization');
  const online = (await live(text, resolver)).filter((d) => d.code === 'dmarc-report-authorization');
  assert.equal(offline.length, 2);
  assert.deepEqual(
    online.map((d) => [d.start, d.end]),
    offline.map((d) => [d.start, d.end]),
  );
  assert.deepEqual(resolver.queries, ['farm.example._report._dmarc.vendor.example.net']);
});

test('fix-all over the DMARC fixtures applies only fixes that add no diagnostic', () => {
  assertFixAllAddsNothing(FIXTURES);
});
