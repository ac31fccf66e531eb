// SPF rules: fixture zones with the expected diagnostics drawn under the code, valid zones with
// none, the live check with a DNS of our own, the quick fixes applied, and the hover's count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFixture, readAnnotations } from '../helpers/fixture';
import { lintLive, lintParsed, lintText, type DnsAnswer, type MxAnswer, type Resolver } from '../../server/src/service/lint';
import { fixesFor, type ZoneFix } from '../../server/src/service/features/codeActions';
import { hover } from '../../server/src/service/features/hover';
import { parseZone } from '../../server/src/service/zone/parser';
import { SPF_RULES } from '../../server/src/service/rules/mail/spf';
import type { ZoneDiagnostic } from '../../server/src/service/zone/types';
import { applyEdits } from '../helpers/mailTests';

const FIXTURES = join(__dirname, '..', 'fixtures');
const SPF_DIR = join(FIXTURES, 'spf');
const SPF_ONLY = ['spf-', 'dns-lookup-failed'];
const ORIGIN = { origin: 'example.com.' };
const fixture = (name: string) => readFileSync(join(SPF_DIR, name), 'utf8');

const HEAD = `$ORIGIN example.com.
$TTL 3600
@    IN SOA ns1 hostmaster ( 2024010101 7200 3600 1209600 300 )
     IN NS  ns1
     IN NS  ns2.example.net.
ns1  IN A   192.0.2.53
mail IN A   192.0.2.25
`;

function spfDiagnostics(diagnostics: readonly ZoneDiagnostic[]): ZoneDiagnostic[] {
  return diagnostics.filter((d) => SPF_ONLY.some((p) => d.code.startsWith(p)));
}

function lint(text: string): ZoneDiagnostic[] {
  return spfDiagnostics(lintText(text, ORIGIN).diagnostics);
}

function codesOf(diagnostics: readonly ZoneDiagnostic[]): string[] {
  return diagnostics.map((d) => d.code).sort();
}

// ---- fixtures --------------------------------------------------------------------------------

for (const name of ['spf-faults.zone', 'spf-lookups.zone', 'spf-vendor.zone']) {
  test(`SPF fixture ${name}: the diagnostics are the drawn ones`, () => {
    checkFixture(fixture(name), { ...ORIGIN, only: SPF_ONLY });
  });
}

test('SPF values over several strings and lines: diagnostics land on the characters written, and a space lost between strings is left to txt-split-inside-term', () => {
  checkFixture(fixture('spf-split.zone'), { ...ORIGIN, only: [...SPF_ONLY, 'txt-split-inside-term'] });
});

test('well-formed SPF records give no SPF diagnostic, nor any TXT one', () => {
  checkFixture(fixture('spf-valid.zone'), { ...ORIGIN, only: [...SPF_ONLY, 'txt-', 'zone-typographic-quotes'] });
});

test('the realistic zones of the other tests give no SPF diagnostic', () => {
  for (const path of ['structure/valid-mail-domain.zone', 'cli/clean.example.com.zone', 'differential/valid/03-mail.contoso.example.zone', 'e2e/contoso.example.zone', 'features/messy.example.com.zone']) {
    const diagnostics = spfDiagnostics(lintText(readFileSync(join(FIXTURES, path), 'utf8'), ORIGIN).diagnostics);
    assert.deepEqual(diagnostics.map((d) => `${d.code}: ${d.message}`), [], path);
  }
});

test('every SPF rule is drawn in a fixture and has its documentation page', () => {
  const drawn = new Set(readdirSync(SPF_DIR).flatMap((f) => readAnnotations(fixture(f)).map((a) => a.code)));
  for (const rule of SPF_RULES) {
    assert.match(rule.id, /^spf-[a-z0-9-]+$/);
    assert.ok(drawn.has(rule.id), `no fixture draws ${rule.id}`);
    assert.ok(existsSync(join(__dirname, '..', '..', 'docs', 'rules', `${rule.id}.md`)), `no page for ${rule.id}`);
  }
});

test('a diagnostic on a term written across two strings on two lines covers both parts', () => {
  const text = HEAD + 'x IN TXT ( "v=spf1 ip4:192.0.2.1 inl"\n          "cude:_spf.example.net -all" )\n';
  const [d] = lint(text);
  assert.equal(d.code, 'spf-unknown-mechanism');
  assert.equal(text.slice(d.start, d.end), 'inl"\n          "cude');
});

test('a fault after an escape maps back to the escape as written', () => {
  const text = HEAD + 'x IN TXT "v=spf1 \\105p4:192.0.2.1/24 -all"\n';
  const [d] = lint(text);
  assert.equal(d.code, 'spf-cidr-host-bits');
  assert.equal(text.slice(d.start, d.end), '192.0.2.1/24');
  const y = HEAD + 'y IN TXT "v=spf1 \\105nlcude:_spf.example.net -all"\n';
  const [e] = lint(y);
  assert.equal(y.slice(e.start, e.end), '\\105nlcude');
});

test('messages say what receivers do and name the count', () => {
  const [tooMany] = lint(fixture('spf-lookups.zone')).filter((d) => d.code === 'spf-too-many-lookups');
  assert.match(tooMany.message, /takes 12 DNS lookups, more than the 10 receivers allow/);
  assert.match(tooMany.message, /include:_a\.example\.com 6, include:_b\.example\.com 6/);
  assert.match(tooMany.message, /permerror/);
  const vendors = lint(fixture('spf-lookups.zone')).filter((d) => d.code === 'spf-too-many-lookups')[1];
  assert.match(vendors.message, /at least 11 DNS lookups \(not counted: 11 external includes not resolved offline: spf\.protection\.outlook\.com/);
});

test('offline, external includes do not make the count an error until the known part is over 10', () => {
  const ten = Array.from({ length: 9 }, (_, i) => `a:h${i}.example.com`).join(' ');
  const zone = (extra: string) => HEAD + Array.from({ length: 10 }, (_, i) => `h${i} IN A 192.0.2.${i + 1}\n`).join('') + `@ IN TXT "v=spf1 ${ten} ${extra} -all"\n`;
  assert.deepEqual(codesOf(lint(zone('include:_spf.vendor.example'))), [], '10 known, 1 external: not over');
  const over = lint(zone('include:_spf.vendor.example a:h9.example.com'));
  assert.deepEqual(codesOf(over), ['spf-too-many-lookups']);
  assert.match(over[0].message, /at least 11/);
});

test('a file that is not a whole zone proves no absence', () => {
  const text = 'www IN TXT "v=spf1 include:_spf.example.com a:mail.example.com -all"\n';
  // Without a SOA the file is a fragment: the names may be elsewhere.
  assert.deepEqual(codesOf(spfDiagnostics(lintText(text, ORIGIN).diagnostics)), []);
  assert.deepEqual(codesOf(spfDiagnostics(lintText(text, { ...ORIGIN, wholeZone: true }).diagnostics)), ['spf-include-no-spf', 'spf-no-address']);
});

// ---- live checks -------------------------------------------------------------------------------

type Txt = string[] | 'nxdomain' | 'nodata' | 'error';

/** A DNS of our own: TXT, address and MX answers by name; every other name does not exist. */
class FakeDns implements Resolver {
  readonly asked: string[] = [];
  constructor(
    private readonly texts: Record<string, Txt>,
    private readonly hosts: Record<string, string[] | 'nxdomain' | 'nodata'> = {},
    private readonly exchangers: Record<string, string[]> = {},
  ) {}

  private answer<T>(name: string, entry: T[] | 'nxdomain' | 'nodata' | 'error' | undefined): DnsAnswer<T> {
    if (entry === undefined || entry === 'nxdomain') return { status: 'nxdomain', records: [] };
    if (entry === 'nodata') return { status: 'nodata', records: [] };
    if (entry === 'error') return { status: 'error', records: [], error: 'timed out after 3 s' };
    return { status: entry.length ? 'ok' : 'nodata', records: entry };
  }

  async txt(name: string): Promise<DnsAnswer<string>> {
    this.asked.push('TXT ' + name);
    return this.answer(name, this.texts[name]);
  }

  async addresses(name: string): Promise<DnsAnswer<string>> {
    this.asked.push('A ' + name);
    return this.answer(name, this.hosts[name]);
  }

  async mx(name: string): Promise<DnsAnswer<MxAnswer>> {
    this.asked.push('MX ' + name);
    const list = this.exchangers[name];
    return this.answer(name, list?.map((exchange, i) => ({ preference: i, exchange })));
  }

  async cname(): Promise<DnsAnswer<string>> {
    return { status: 'nodata', records: [] };
  }
}

async function live(text: string, dns: Resolver): Promise<ZoneDiagnostic[]> {
  const parsed = parseZone(text, ORIGIN);
  return spfDiagnostics(await lintLive(parsed, dns));
}

test('live: an include chain under the limit gives nothing; offline gives nothing either', async () => {
  const text = HEAD + '@ IN TXT "v=spf1 mx include:_spf.vendor.example -all"\n@ IN MX 10 mail\n';
  const dns = new FakeDns(
    { '_spf.vendor.example': ['v=spf1 include:a.vendor.example include:b.vendor.example ~all'], 'a.vendor.example': ['v=spf1 ip4:198.51.100.0/24 -all'], 'b.vendor.example': ['v=spf1 a:out.vendor.example ~all'] },
    { 'out.vendor.example': ['198.51.100.7'] },
  );
  assert.deepEqual(await live(text, dns), []);
  assert.deepEqual(lint(text), []);
  assert.ok(dns.asked.includes('TXT b.vendor.example') && dns.asked.includes('A out.vendor.example'), 'the chain was followed');
  assert.ok(!dns.asked.some((q) => q.endsWith('example.com')), 'names of the zone are answered from the file');
});

test('live: an include chain over the limit is an error with the exact count', async () => {
  const text = HEAD + '@ IN TXT "v=spf1 include:_spf.vendor.example -all"\n';
  const sub = (n: number) => `v=spf1 a:h${n}.vendor.example a:h${n + 1}.vendor.example ~all`;
  const texts: Record<string, Txt> = { '_spf.vendor.example': ['v=spf1 include:s1.vendor.example include:s2.vendor.example include:s3.vendor.example include:s4.vendor.example ~all'] };
  const hosts: Record<string, string[]> = {};
  for (let i = 1; i <= 4; i++) texts[`s${i}.vendor.example`] = [sub(i * 10)];
  for (let i = 10; i <= 41; i++) hosts[`h${i}.vendor.example`] = ['198.51.100.1'];
  const diagnostics = await live(text, new FakeDns(texts, hosts));
  assert.deepEqual(codesOf(diagnostics), ['spf-too-many-lookups']);
  // 1 (include) + 4 × (1 include + 2 a) = 13.
  assert.match(diagnostics[0].message, /takes 13 DNS lookups,/);
  assert.doesNotMatch(diagnostics[0].message, /at least/);
  assert.equal(text.slice(diagnostics[0].start, diagnostics[0].end), 'include:_spf.vendor.example');
  assert.deepEqual(diagnostics[0].data, { lookups: 13, exact: true });
  // Offline only the include itself is known.
  assert.deepEqual(lint(text), []);
});

test('live: the count through in-zone records and an external one is exact where offline it is a lower bound', async () => {
  const a = Array.from({ length: 10 }, (_, i) => `a:h${i}.example.com`).join(' ');
  const text = HEAD + Array.from({ length: 10 }, (_, i) => `h${i} IN A 192.0.2.${i + 1}\n`).join('') + `@ IN TXT "v=spf1 ${a} include:_spf.vendor.example -all"\n`;
  const offline = lint(text);
  assert.match(offline[0].message, /at least 11 DNS lookups/);
  const online = await live(text, new FakeDns({ '_spf.vendor.example': ['v=spf1 include:more.vendor.example -all'], 'more.vendor.example': ['v=spf1 ip4:198.51.100.0/24 -all'] }));
  assert.match(online[0].message, /takes 12 DNS lookups,/);
});

test('live: more than two void lookups through an include', async () => {
  const text = HEAD + '@ IN TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.vendor.example -all"\n';
  const dns = new FakeDns({ '_spf.vendor.example': ['v=spf1 a:old1.vendor.example a:old2.vendor.example mx:old3.vendor.example ~all'] }, { 'old2.vendor.example': 'nodata' });
  const diagnostics = await live(text, dns);
  assert.deepEqual(codesOf(diagnostics), ['spf-void-lookups']);
  assert.match(diagnostics[0].message, /3 DNS lookups that find nothing/);
  assert.match(diagnostics[0].message, /'a:old2\.vendor\.example' in _spf\.vendor\.example \(no records\)/);
  assert.equal(text.slice(diagnostics[0].start, diagnostics[0].end), 'include:_spf.vendor.example');
  assert.deepEqual(lint(text), [], 'offline the names outside the zone are not looked up');
});

test('live: an include loop outside the zone is reported at the include that leads to it', async () => {
  const text = HEAD + '@ IN TXT "v=spf1 include:one.vendor.example -all"\n';
  const dns = new FakeDns({ 'one.vendor.example': ['v=spf1 include:two.vendor.example ~all'], 'two.vendor.example': ['v=spf1 include:one.vendor.example ~all'] });
  const diagnostics = await live(text, dns);
  assert.deepEqual(codesOf(diagnostics), ['spf-include-loop']);
  assert.match(diagnostics[0].message, /one\.vendor\.example → two\.vendor\.example → one\.vendor\.example/);
});

test('live: an include of a name without an SPF record, or that does not exist, or has a broken one', async () => {
  const text = HEAD + '@ IN TXT "v=spf1 include:gone.vendor.example include:verify.vendor.example include:broken.vendor.example include:twice.vendor.example -all"\n';
  const dns = new FakeDns({
    'verify.vendor.example': ['google-site-verification=abc'],
    'broken.vendor.example': ['v=spf1 inlcude:x.vendor.example ~all'],
    'twice.vendor.example': ['v=spf1 -all', 'v=spf1 ~all'],
  });
  const diagnostics = await live(text, dns);
  assert.deepEqual(codesOf(diagnostics), ['spf-include-no-spf', 'spf-include-no-spf', 'spf-include-no-spf', 'spf-include-no-spf']);
  const at = (d: ZoneDiagnostic) => text.slice(d.start, d.end);
  const byTerm = new Map(diagnostics.map((d) => [at(d), d.message]));
  assert.match(byTerm.get('include:gone.vendor.example')!, /gone\.vendor\.example does not exist/);
  assert.match(byTerm.get('include:verify.vendor.example')!, /verify\.vendor\.example has no SPF record/);
  assert.match(byTerm.get('include:broken.vendor.example')!, /has errors that make receivers reject it/);
  assert.match(byTerm.get('include:twice.vendor.example')!, /has 2 SPF records/);
});

test('live: a failed lookup is information about the lookup, never a fault of the record', async () => {
  const text = HEAD + '@ IN TXT "v=spf1 include:_spf.vendor.example -all"\n';
  const diagnostics = await live(text, new FakeDns({ '_spf.vendor.example': 'error' }));
  assert.deepEqual(codesOf(diagnostics), ['dns-lookup-failed']);
  assert.equal(diagnostics[0].severity, 'information');
  assert.match(diagnostics[0].message, /TXT lookup of _spf\.vendor\.example failed \(timed out after 3 s\)/);
  assert.equal(text.slice(diagnostics[0].start, diagnostics[0].end), 'include:_spf.vendor.example');
});

test('live: an mx target with more than ten MX hosts', async () => {
  const text = HEAD + '@ IN TXT "v=spf1 mx:partner.example -all"\n';
  const hosts = Array.from({ length: 11 }, (_, i) => `mx${i}.partner.example`);
  const diagnostics = await live(text, new FakeDns({}, {}, { 'partner.example': hosts }));
  assert.deepEqual(codesOf(diagnostics), ['spf-mx-too-many']);
  assert.match(diagnostics[0].message, /partner\.example has 11 MX hosts/);
  assert.deepEqual(await live(text, new FakeDns({}, {}, { 'partner.example': hosts.slice(0, 10) })), []);
});

test('live: at most 30 queries per record; the rest is counted as not looked up', async () => {
  const texts: Record<string, Txt> = {};
  for (let i = 0; i < 40; i++) texts[`n${i}.vendor.example`] = [`v=spf1 include:n${i + 1}.vendor.example ~all`];
  const dns = new FakeDns(texts);
  const text = HEAD + '@ IN TXT "v=spf1 include:n0.vendor.example -all"\n';
  const diagnostics = await live(text, dns);
  assert.equal(dns.asked.length, 30);
  assert.deepEqual(codesOf(diagnostics), ['spf-too-many-lookups']);
  assert.match(diagnostics[0].message, /at least 31 DNS lookups \(not counted: 1 name not looked up after 30 queries: n30\.vendor\.example\)/);
});

test('live: everything the offline check reports is reported too', async () => {
  for (const name of ['spf-faults.zone', 'spf-lookups.zone', 'spf-vendor.zone']) {
    const text = fixture(name);
    const parsed = parseZone(text, ORIGIN);
    const key = (d: ZoneDiagnostic) => `${d.code} ${d.start}-${d.end}`;
    const offline = spfDiagnostics(lintParsed(parsed)).map(key);
    const online = new Set(spfDiagnostics(await lintLive(parsed, new FakeDns({}))).map(key));
    for (const k of offline) assert.ok(online.has(k), `${name}: ${k} missing live`);
  }
});

// ---- quick fixes --------------------------------------------------------------------------------

function fixesOf(text: string, code: string): ZoneFix[] {
  const { parsed, diagnostics } = lintText(text, ORIGIN);
  const d = diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code} in:\n${text}`);
  return fixesFor(parsed, text, d);
}

/** Applies the one fix of `code` (picked by title when there are several) and returns the text and whether it is preferred. */
function fixed(text: string, code: string, title?: RegExp): { text: string; preferred: boolean } {
  const fixes = fixesOf(text, code);
  const fix = title ? fixes.find((f) => title.test(f.title)) : fixes[0];
  assert.ok(fix, `no fix for ${code}: ${fixes.map((f) => f.title).join(', ')}`);
  if (!title) assert.equal(fixes.length, 1, `one fix for ${code}`);
  return { text: applyEdits(text, fix.edits), preferred: fix.preferred };
}

test('fix: several SPF records merge into one, every term once and the all last; the other record is deleted', () => {
  const text = HEAD + 'mail IN MX 10 mail\nmail IN TXT "v=spf1 include:_spf.google.com mx ~all"\nmail IN TXT "v=spf1 mx include:sendgrid.net -all"\nwww IN A 192.0.2.80\n';
  const result = fixed(text, 'spf-multiple-records');
  assert.equal(result.text, HEAD + 'mail IN MX 10 mail\nmail IN TXT "v=spf1 include:_spf.google.com mx include:sendgrid.net ~all"\nwww IN A 192.0.2.80\n');
  assert.equal(result.preferred, false);
  assert.deepEqual(lint(result.text), []);
});

test('fix: no merge when deleting a record would give its owner to the next record', () => {
  const text = HEAD + 'mail IN TXT "v=spf1 mx ~all"\nmail IN TXT "v=spf1 a -all"\n     IN MX 10 mail\n';
  assert.deepEqual(fixesOf(text, 'spf-multiple-records'), []);
});

test('fix: a merged record longer than 255 characters is written as several strings split at spaces', () => {
  const many = (p: string) => Array.from({ length: 12 }, (_, i) => `ip4:198.51.${p}.${i}`).join(' ');
  const text = HEAD + `x IN TXT "v=spf1 ${many('100')} include:_spf.google.com ~all"\nx IN TXT "v=spf1 ${many('101')} -all"\n`;
  const result = fixed(text, 'spf-multiple-records').text;
  const line = result.split('\n').find((l) => l.startsWith('x IN TXT'))!;
  const strings = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  assert.ok(strings.length === 2 && strings.every((s) => s.length <= 255), line);
  assert.ok(strings[0].endsWith(' '), 'the split falls after a space, so no term is cut');
  assert.deepEqual(lint(result), []);
});

test('fix: certain token fixes are preferred', () => {
  const cases: [string, string, string][] = [
    ['"v=spf1 redirect:_spf.example.net"', 'spf-unknown-mechanism', '"v=spf1 redirect=_spf.example.net"'],
    ['"v=spf1 ipv4:192.0.2.1 -all"', 'spf-unknown-mechanism', '"v=spf1 ip4:192.0.2.1 -all"'],
    ['"v=spf1 192.0.2.1 -all"', 'spf-bad-ip', '"v=spf1 ip4:192.0.2.1 -all"'],
    ['"v=spf1 -2001:db8::/32 -all"', 'spf-bad-ip', '"v=spf1 -ip6:2001:db8::/32 -all"'],
    ['"v=spf1 ip6:192.0.2.1 -all"', 'spf-bad-ip', '"v=spf1 ip4:192.0.2.1 -all"'],
    ['"v=spf1 include: _spf.example.net -all"', 'spf-invalid-domain', '"v=spf1 include:_spf.example.net -all"'],
    ['"v=spf1 ip4 192.0.2.1 -all"', 'spf-bad-ip', '"v=spf1 ip4:192.0.2.1 -all"'],
    ['"v=spf1 ip4:192.0.2.1-all"', 'spf-missing-space', '"v=spf1 ip4:192.0.2.1 -all"'],
    ['"v=spf1 ip4:192.0.2.1 -all."', 'spf-all-argument', '"v=spf1 ip4:192.0.2.1 -all"'],
    ['"v=spf1include:_spf.example.net -all"', 'spf-bad-version', '"v=spf1 include:_spf.example.net -all"'],
    ['"v=spf1 include:_spf.example.net ip4:192.0.2.1 include:_spf.example.net -all"', 'spf-duplicate-include', '"v=spf1 include:_spf.example.net ip4:192.0.2.1 -all"'],
  ];
  for (const [value, code, expected] of cases) {
    const result = fixed(HEAD + `x IN TXT ${value}\n`, code);
    assert.equal(result.text, HEAD + `x IN TXT ${expected}\n`, value);
    assert.equal(result.preferred, true, value);
  }
});

test('fix: guesses are offered, never applied on save', () => {
  const cases: [string, string, string][] = [
    ['"v=spf1 inlcude:_spf.example.net -all"', 'spf-unknown-mechanism', '"v=spf1 include:_spf.example.net -all"'],
    ['"v=spf1 ip4:192.0.2.10/24 -all"', 'spf-cidr-host-bits', '"v=spf1 ip4:192.0.2.0/24 -all"'],
    ['"v=spf1 ip4:010.0.0.1 -all"', 'spf-bad-ip', '"v=spf1 ip4:10.0.0.1 -all"'],
    ['"v=spf10 ip4:192.0.2.1 -all"', 'spf-bad-version', '"v=spf1 ip4:192.0.2.1 -all"'],
    ['"v=spf1 ip4:192.0.2.1 include=_spf.example.net -all"', 'spf-unknown-modifier', '"v=spf1 ip4:192.0.2.1 include:_spf.example.net -all"'],
    ['"v=spf1 ip4:192.0.2.1 -all redirect=_spf.example.net"', 'spf-redirect-ignored', '"v=spf1 ip4:192.0.2.1 -all"'],
    ['"v=spf1 ip4:192.0.2.1 ~all include:_spf.example.net"', 'spf-terms-after-all', '"v=spf1 ip4:192.0.2.1 include:_spf.example.net ~all"'],
  ];
  for (const [value, code, expected] of cases) {
    const result = fixed(HEAD + `x IN TXT ${value}\n`, code);
    assert.equal(result.text, HEAD + `x IN TXT ${expected}\n`, value);
    assert.equal(result.preferred, false, value);
  }
});

test('fix: +all and ?all offer ~all and -all, neither preferred', () => {
  const text = HEAD + 'x IN TXT "v=spf1 ip4:192.0.2.1 ?all"\n';
  const fixes = fixesOf(text, 'spf-permissive-all');
  assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [["Write '~all'", false], ["Write '-all'", false]]);
  assert.equal(applyEdits(text, fixes[1].edits), HEAD + 'x IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
  const bare = HEAD + 'x IN TXT "v=spf1 ip4:192.0.2.1 all"\n';
  assert.equal(fixed(bare, 'spf-permissive-all', /~all/).text, HEAD + 'x IN TXT "v=spf1 ip4:192.0.2.1 ~all"\n');
});

test('fix: a record without all gets one at its end', () => {
  const text = HEAD + 'x IN TXT "v=spf1 ip4:192.0.2.1"\n';
  assert.equal(fixed(text, 'spf-no-all', /-all/).text, HEAD + 'x IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
  // In an unquoted word a space would start a new string, glued to the first: no fix there.
  assert.deepEqual(fixesOf(HEAD + 'x IN TXT v=spf1\n', 'spf-no-all'), []);
});

test('fix: a type-99 record becomes TXT only when no TXT policy is at the name', () => {
  const text = HEAD + 'old IN SPF "v=spf1 ip4:192.0.2.1 -all"\n';
  const result = fixed(text, 'spf-type-99');
  assert.equal(result.text, HEAD + 'old IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
  assert.equal(result.preferred, false);
  assert.deepEqual(lint(result.text), []);
  assert.deepEqual(fixesOf(HEAD + 'old IN SPF "v=spf1 -all"\nold IN TXT "v=spf1 -all"\n', 'spf-type-99'), []);
});

test('fix: edits land in the right string of a record over several lines, and through escapes', () => {
  const text = HEAD + 'x IN TXT ( "v=spf1 include:_spf.example.net "\n           "ip4:192.0.2.0/24 "\n           "include:_spf.example.net -all" )\n';
  assert.equal(fixed(text, 'spf-duplicate-include').text, HEAD + 'x IN TXT ( "v=spf1 include:_spf.example.net "\n           "ip4:192.0.2.0/24 "\n           "-all" )\n');
  const escaped = HEAD + 'x IN TXT "v=spf1 ip4:198.51.100.\\0501/24 -all"\n';
  assert.equal(fixed(escaped, 'spf-cidr-host-bits').text, HEAD + 'x IN TXT "v=spf1 ip4:198.51.100.0/24 -all"\n');
});

test('fix: a fix made for other text is dropped', () => {
  const text = HEAD + 'x IN TXT "v=spf1 redirect:_spf.example.net"\n';
  const { parsed, diagnostics } = lintText(text, ORIGIN);
  const d = diagnostics.find((x) => x.code === 'spf-unknown-mechanism')!;
  assert.equal(fixesFor(parsed, text, d).length, 1);
  const edited = text.replace('redirect:', 'redirect;');
  assert.deepEqual(fixesFor(parsed, edited, d), []);
});

// ---- hover ----------------------------------------------------------------------------------------

function hoverText(text: string, needle: string, shift = 2): string {
  const parsed = parseZone(text, ORIGIN);
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const h = hover(parsed, text, at + shift);
  assert.ok(h, `no hover at ${needle}`);
  return (h.contents as { value: string }).value;
}

test('hover on v=spf1 counts through the whole evaluation, following in-zone includes', () => {
  const text = fixture('spf-lookups.zone');
  const big = hoverText(text, 'v=spf1 include:_a.example.com');
  assert.match(big, /Through the whole evaluation, following the records it includes: \*\*12 DNS lookups\*\* \(include:_a\.example\.com 6, include:_b\.example\.com 6\) of the 10 allowed\./);
  assert.match(big, /over the limit/);
  // The record's own count is still said, and is 2.
  assert.match(big, /2 DNS-querying terms/);
});

test('hover on v=spf1 and on the type lists the external includes not resolved offline', () => {
  const text = HEAD + '@ IN MX 10 mail\n@ IN TXT "v=spf1 mx include:_spf.example.com include:spf.protection.outlook.com -all"\n_spf IN TXT "v=spf1 a:mail.example.com include:sendgrid.net"\n';
  const version = hoverText(text, 'v=spf1 mx');
  assert.match(version, /\*\*at least 5 DNS lookups\*\*/);
  assert.match(version, /Not counted yet: 2 external includes not resolved offline: sendgrid\.net, spf\.protection\.outlook\.com; a live check looks them up\./);
  const type = hoverText(text, 'TXT "v=spf1 mx', 1);
  assert.match(type, /\*\*at least 5 DNS lookups\*\*/);
});

test('hover on an include says what it costs with the records it leads to', () => {
  const text = fixture('spf-lookups.zone');
  assert.match(hoverText(text, 'include:_a.example.com'), /this term costs \*\*6 DNS lookups\*\* of the 10 allowed\./);
  const external = HEAD + '@ IN TXT "v=spf1 include:spf.protection.outlook.com -all"\n';
  assert.match(hoverText(external, 'include:spf.protection'), /`spf\.protection\.outlook\.com` is outside this zone, so what its record adds is not counted offline/);
});

// ---- documentation ----------------------------------------------------------------------------------

test("each page's Bad example draws its rule and its Good example does not", () => {
  // An example that abbreviates what it needs (eleven MX records) is left out.
  const abbreviated = new Set(['spf-mx-too-many']);
  for (const rule of SPF_RULES) {
    if (abbreviated.has(rule.id)) continue;
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'rules', `${rule.id}.md`), 'utf8');
    const [bad, good] = [...page.matchAll(/```dns\n([\s\S]*?)```/g)].map((m) => m[1]);
    const codes = (example: string) => lintText(HEAD + example, ORIGIN).diagnostics.map((d) => d.code);
    assert.ok(codes(bad).includes(rule.id), `${rule.id}: the Bad example does not draw it`);
    assert.ok(!codes(good).includes(rule.id), `${rule.id}: the Good example draws it`);
  }
});

test('fix: no merge that would lose a comment or leave a parenthesis behind', () => {
  const comment = HEAD + 'x IN TXT ( "v=spf1 mx " ; the mail servers\n           "-all" )\nx IN TXT "v=spf1 a -all"\n';
  assert.deepEqual(fixesOf(comment, 'spf-multiple-records'), []);
  const paren = HEAD + 'x IN TXT "v=spf1 mx -all"\nx IN TXT ( "v=spf1 a "\n           "-all"\n         )\n';
  assert.deepEqual(fixesOf(paren, 'spf-multiple-records'), []);
  const closed = HEAD + 'x IN TXT "v=spf1 mx -all"\nx IN TXT ( "v=spf1 a "\n           "-all" )\n';
  assert.equal(fixed(closed, 'spf-multiple-records').text, HEAD + 'x IN TXT "v=spf1 mx a -all"\n');
});
