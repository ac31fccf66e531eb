import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { FakeResolver, applyEdits } from '../helpers/mailTests';
import { checkFixture } from '../helpers/fixture';
import { lintLive, lintText } from '../../server/src/service/lint';
import { fixesFor, planFixAll, type ZoneFix } from '../../server/src/service/features/codeActions';
import { parseZone } from '../../server/src/service/zone/parser';
import type { ZoneDiagnostic } from '../../server/src/service/zone/types';

const FIXTURES = join(__dirname, '..', 'fixtures', 'dkim');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
/** The rules these fixtures draw: DKIM's, the Microsoft 365 check, and the two whose false alarms DKIM records used to raise. */
const ONLY = ['dkim-', 'mx-microsoft365-incomplete', 'zone-relative-target-fqdn', 'txt-wildcard-mail-names'];

const HEAD = ['$TTL 3600', '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600', '@ IN NS ns1', '@ IN NS ns2.example.net.', 'ns1 IN A 192.0.2.1'];

function zone(...lines: string[]): string {
  return [...HEAD, ...lines, ''].join('\n');
}

function lint(text: string, origin = 'example.com.'): ZoneDiagnostic[] {
  return lintText(text, { origin }).diagnostics;
}

function only(diagnostics: ZoneDiagnostic[], code: string): ZoneDiagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** The fixes of the one diagnostic of `code` (or the one whose range starts with `at`). */
function fixesOf(text: string, code: string, origin = 'example.com.', at?: string): { d: ZoneDiagnostic; fixes: ZoneFix[] } {
  const parsed = parseZone(text, { origin });
  const { diagnostics } = lintText(text, { origin });
  const found = diagnostics.filter((d) => d.code === code && (at === undefined || text.slice(d.start, d.end).startsWith(at)));
  assert.equal(found.length, 1, `one ${code} expected, got ${found.length}: ${diagnostics.map((d) => d.code).join(', ')}`);
  return { d: found[0], fixes: fixesFor(parsed, text, found[0]) };
}

const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const ed25519 = () => {
  const spki = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
  return { spki: spki.toString('base64'), raw: spki.subarray(spki.length - 32).toString('base64') };
};

// ---- Fixtures ---------------------------------------------------------------------------------

test('what operators copy from setup guides is reported where it is drawn', () => {
  checkFixture(fixture('vendor-typos.zone'), { origin: 'fabrikam.com.', only: ONLY });
});

test('faults of key records are reported where they are drawn', () => {
  checkFixture(fixture('key-faults.zone'), { origin: 'example.com.', only: ONLY });
});

test('Microsoft 365 delegations with the wrong selector, domain or form are reported where drawn', () => {
  checkFixture(fixture('microsoft365-faults.zone'), { origin: 'northwind.com.', only: ONLY });
});

test('valid Microsoft 365 (both target forms), Amazon SES and Google Workspace zones get no DKIM diagnostics', () => {
  checkFixture(fixture('valid-microsoft365.zone'), { origin: 'contoso.com.', only: ONLY });
  checkFixture(fixture('valid-amazonses.zone'), { origin: 'example.org.', only: ONLY });
  checkFixture(fixture('valid-google.zone'), { origin: 'example.net.', only: ONLY });
});

test('severities: errors break mail, warnings are risks, the rest informs', () => {
  const all = [
    ...lint(fixture('key-faults.zone')),
    ...lint(fixture('vendor-typos.zone'), 'fabrikam.com.'),
    ...lint(fixture('microsoft365-faults.zone'), 'northwind.com.'),
  ];
  const severity = (code: string) => all.find((d) => d.code === code)?.severity;
  assert.equal(severity('dkim-key-base64'), 'error');
  assert.equal(severity('dkim-cname-relative'), 'error');
  assert.equal(severity('dkim-placeholder'), 'error');
  assert.equal(severity('dkim-rsa-key-too-short'), 'error');
  assert.equal(severity('dkim-rsa-key-weak'), 'warning');
  assert.equal(severity('dkim-selector-name'), 'warning');
  assert.equal(severity('dkim-microsoft365-target'), 'warning');
  assert.equal(severity('mx-microsoft365-incomplete'), 'warning');
  assert.equal(severity('dkim-key-revoked'), 'information');
  assert.equal(severity('dkim-microsoft365-domain-label'), 'information');
  assert.equal(severity('dkim-amazonses-incomplete'), 'information');
});

// ---- Keys: sizes and exact places -------------------------------------------------------------

test('RSA key sizes from real keys: under 1024 bits an error, under 2048 a warning, 2048 nothing', () => {
  const sizes = new Map<number, string[]>();
  for (const bits of [768, 1024, 2048]) {
    const key = rsa(bits);
    const text = zone(`k._domainkey IN TXT ( "v=DKIM1; k=rsa; p=${key.slice(0, 200)}"`, `  "${key.slice(200)}" )`);
    const found = lint(text).filter((d) => d.code.startsWith('dkim-'));
    sizes.set(bits, found.map((d) => `${d.code} ${JSON.stringify(d.data)}`));
  }
  assert.deepEqual(sizes.get(768), ['dkim-rsa-key-too-short {"bits":768}']);
  assert.deepEqual(sizes.get(1024), ['dkim-rsa-key-weak {"bits":1024}']);
  assert.deepEqual(sizes.get(2048), []);
});

test('a finding on p= split over several strings and lines covers exactly the key characters', () => {
  const key = rsa(1024);
  const parts = [key.slice(0, 70), key.slice(70, 150), key.slice(150)];
  const text = zone('k._domainkey IN TXT ( "v=DKIM1; "', `    "p=${parts[0]}"`, `    "${parts[1]}"  ; the middle`, `    "${parts[2]}" )`);
  const [d] = only(lint(text), 'dkim-rsa-key-weak');
  assert.equal(d.start, text.indexOf(parts[0]));
  assert.equal(d.end, text.indexOf(parts[2]) + parts[2].length);
  // Between the first and the last key character lie only the strings' quotes, blanks and the comment.
  assert.equal(text.slice(d.start, d.end).replace(/"\s*(?:; the middle\s*)?"?/g, ''), key);

  // A stray character in the third string is reported on that character alone.
  const broken = parts[2].slice(0, 10) + '!' + parts[2].slice(11);
  const bad = text.replace(parts[2], broken);
  const [b] = only(lint(bad), 'dkim-key-base64');
  assert.equal(b.start, bad.indexOf(broken) + 10);
  assert.equal(b.end, b.start + 1);
});

test('an escaped character in a key string is mapped to its whole escape', () => {
  const { raw } = ed25519();
  // \065 is 'A': the value decodes to a key with an 'A' at that place.
  const written = raw.slice(0, 5) + '\\065' + raw.slice(6);
  const text = zone(`k._domainkey IN TXT "v=DKIM1; k=rsa; p=${written}"`);
  const [d] = only(lint(text), 'dkim-key-invalid');
  assert.equal(text.slice(d.start, d.end), written);
});

// ---- Fixes ------------------------------------------------------------------------------------

test('the owner label domainkey is renamed _domainkey, preferred, and the CNAME then passes', () => {
  const text = zone('selector1.domainkey IN CNAME selector1-example-com._domainkey.example.onmicrosoft.com.', 'selector2._domainkey IN CNAME selector2-example-com._domainkey.example.onmicrosoft.com.');
  const { d, fixes } = fixesOf(text, 'dkim-selector-name');
  assert.equal(text.slice(d.start, d.end), 'domainkey');
  assert.equal(fixes.length, 1);
  assert.equal(fixes[0].preferred, true);
  const fixed = applyEdits(text, fixes[0].edits);
  assert.ok(fixed.includes('\nselector1._domainkey IN CNAME'));
  assert.deepEqual(lint(fixed).filter((x) => x.code.startsWith('dkim-')), []);
});

test('renaming is not preferred when the corrected name already has records', () => {
  const key = ed25519().raw;
  const text = zone(`s1.domainkey IN TXT "v=DKIM1; k=ed25519; p=${key}"`, `s1._domainkey IN TXT "v=DKIM1; k=ed25519; p=${key}"`);
  const { d, fixes } = fixesOf(text, 'dkim-selector-name');
  assert.match(d.message, /already has records/);
  assert.equal(fixes[0].preferred, false);
});

test('a DKIM CNAME target without its final dot gets it; preferred for a known mail service', () => {
  const text = zone('selector1._domainkey IN CNAME selector1-example-com._domainkey.example.onmicrosoft.com', 'selector2._domainkey IN CNAME selector2-example-com._domainkey.example.onmicrosoft.com.');
  const { d, fixes } = fixesOf(text, 'dkim-cname-relative');
  assert.match(d.message, /example\.onmicrosoft\.com\.example\.com\./);
  assert.equal(fixes[0].preferred, true);
  const fixed = applyEdits(text, fixes[0].edits);
  assert.ok(fixed.includes('selector1-example-com._domainkey.example.onmicrosoft.com.\n'));
  assert.deepEqual(lint(fixed).filter((x) => x.code.startsWith('dkim-') || x.code === 'zone-relative-target-fqdn'), []);
  // A target of no known service gets the dot too, but only as an offer.
  const other = zone('s1._domainkey IN CNAME s1.keys.example.net');
  const { fixes: offered } = fixesOf(other, 'dkim-cname-relative');
  assert.equal(offered[0].preferred, false);
});

test('zone-relative-target-fqdn leaves DKIM CNAMEs to dkim-cname-relative and still reports other CNAMEs', () => {
  const text = zone('s1._domainkey IN CNAME s1.domainkey.u1.wl1.sendgrid.net', 'www IN CNAME host.example.net', 's2._domainkey IN CNAME s2.keys', 's2.keys IN TXT "v=DKIM1; p="');
  const found = lint(text);
  assert.deepEqual(only(found, 'zone-relative-target-fqdn').map((d) => text.slice(d.start, d.end)), ['host.example.net']);
  assert.deepEqual(only(found, 'dkim-cname-relative').map((d) => text.slice(d.start, d.end)), ['s1.domainkey.u1.wl1.sendgrid.net']);
});

test('PEM armour and stray quotes are removed by preferred fixes, leaving the key', () => {
  const key = rsa(2048);
  const armoured = zone(`k._domainkey IN TXT ( "v=DKIM1; k=rsa; p=-----BEGIN PUBLIC KEY-----" "${key.slice(0, 200)}"`, `  "${key.slice(200)}" "-----END PUBLIC KEY-----" )`);
  const { fixes } = fixesOf(armoured, 'dkim-key-base64');
  assert.equal(fixes[0].preferred, true);
  const fixed = applyEdits(armoured, fixes[0].edits);
  assert.ok(fixed.includes('"v=DKIM1; k=rsa; p=" "'));
  assert.deepEqual(lint(fixed).filter((x) => x.code.startsWith('dkim-')), []);

  const quoted = zone(`k._domainkey IN TXT ( "v=DKIM1; k=rsa; p=\\"${key.slice(0, 200)}"`, `  "${key.slice(200)}\\"" )`);
  const q = fixesOf(quoted, 'dkim-key-base64');
  assert.match(q.d.message, /quote/);
  assert.deepEqual(lint(applyEdits(quoted, q.fixes[0].edits)).filter((x) => x.code.startsWith('dkim-')), []);
});

test('an Ed25519 key wrapped in a SubjectPublicKeyInfo is replaced by its 32 octets', () => {
  const { spki, raw } = ed25519();
  const text = zone(`k._domainkey IN TXT "v=DKIM1; k=ed25519; p=${spki}"`);
  const { fixes } = fixesOf(text, 'dkim-key-invalid');
  assert.equal(fixes[0].preferred, true);
  const fixed = applyEdits(text, fixes[0].edits);
  assert.ok(fixed.includes(`p=${raw}"`));
  assert.deepEqual(lint(fixed).filter((x) => x.code.startsWith('dkim-')), []);
});

test('tag fixes: v=DKIM1 moved to the front, DKIM1 in capitals, P= and a lost p=, a repeated tag', () => {
  const key = ed25519().raw;
  const cases: [string, string, string][] = [
    [`"k=ed25519; v=DKIM1; p=${key}"`, 'dkim-version', `"v=DKIM1; k=ed25519; p=${key}"`],
    [`"v=dkim1; k=ed25519; p=${key}"`, 'dkim-version', `"v=DKIM1; k=ed25519; p=${key}"`],
    [`"v=DKIM1; k=ed25519; P=${key}"`, 'dkim-key-missing', `"v=DKIM1; k=ed25519; p=${key}"`],
    [`"v=DKIM1; k=ed25519; ${key}"`, 'dkim-key-missing', `"v=DKIM1; k=ed25519; p=${key}"`],
    [`"v=DKIM1; k=ed25519; p=${key}; k=ed25519"`, 'dkim-duplicate-tag', `"v=DKIM1; k=ed25519; p=${key}"`],
    [`"v=DKIM1; K=ed25519; k=ed25519; p=${key}"`, 'dkim-unknown-tag', `"v=DKIM1; k=ed25519; k=ed25519; p=${key}"`],
  ];
  for (const [rdata, code, expected] of cases) {
    const text = zone(`k._domainkey IN TXT ${rdata}`);
    const { fixes } = fixesOf(text, code);
    assert.equal(fixes.length, 1, rdata);
    assert.equal(fixes[0].preferred, true, rdata);
    assert.equal(applyEdits(text, fixes[0].edits), zone(`k._domainkey IN TXT ${expected}`), rdata);
  }
  // A repeated tag with another value is not deleted on its own: which one is right is the user's call.
  const differing = zone(`k._domainkey IN TXT "v=DKIM1; k=ed25519; p=${key}; k=rsa"`);
  assert.equal(fixesOf(differing, 'dkim-duplicate-tag').fixes[0].preferred, false);
});

test('a fix moving v=DKIM1 works across strings', () => {
  const key = ed25519().raw;
  const text = zone(`k._domainkey IN TXT ( "k=ed25519; " "v=DKIM1; " "p=${key}" )`);
  const { fixes } = fixesOf(text, 'dkim-version');
  const fixed = applyEdits(text, fixes[0].edits);
  assert.equal(fixed, zone(`k._domainkey IN TXT ( "v=DKIM1; k=ed25519; " "" "p=${key}" )`));
  assert.deepEqual(lint(fixed).filter((x) => x.code.startsWith('dkim-')), []);
});

test('Microsoft 365: the selector of the target is rewritten to the owner\'s (preferred); another domain\'s only offered', () => {
  const text = fixture('microsoft365-faults.zone');
  const n = fixesOf(text, 'dkim-microsoft365-target', 'northwind.com.', 'selector1-northwind-com');
  assert.equal(n.fixes[0].preferred, true);
  const fixed = applyEdits(text, n.fixes[0].edits);
  assert.ok(fixed.includes('selector2._domainkey IN CNAME selector2-northwind-com._domainkey.northwind.onmicrosoft.com.'));
  const other = fixesOf(text, 'dkim-microsoft365-target', 'northwind.com.', 'selector1-fabrikam-com');
  assert.equal(other.fixes[0].preferred, false);
  assert.ok(applyEdits(text, other.fixes[0].edits).includes('selector1._domainkey.eu IN CNAME selector1-eu-northwind-com._domainkey.northwind.onmicrosoft.com.'));
});

test('fix-all applies only the preferred fixes of the copied-guide zone', () => {
  const text = fixture('vendor-typos.zone');
  const parsed = parseZone(text, { origin: 'fabrikam.com.' });
  const diagnostics = lintText(text, { origin: 'fabrikam.com.' }).diagnostics.filter((d) => d.code.startsWith('dkim-'));
  const { fixed } = planFixAll(parsed, text, diagnostics);
  // The renames, the final dot, the armour and the quotes; not the SES token, whose right value only the console knows.
  assert.deepEqual(fixed.map((d) => d.code).sort(), ['dkim-cname-relative', 'dkim-key-base64', 'dkim-key-base64', 'dkim-selector-name', 'dkim-selector-name']);
});

// ---- Owners, vendors and the Microsoft 365 check ----------------------------------------------

test('DomainKeys and ADSP records under _domainkey and a DKIM key reached through an in-zone CNAME are left alone', () => {
  const key = ed25519().raw;
  const text = zone('_domainkey IN TXT "o=-"', '_adsp._domainkey IN TXT "dkim=all"', 's1._domainkey IN CNAME k1.keys', `k1.keys IN TXT "v=DKIM1; k=ed25519; p=${key}"`);
  assert.deepEqual(lint(text).filter((d) => d.code.startsWith('dkim-')), []);
  // The key behind the CNAME gets the key checks.
  const broken = zone('s1._domainkey IN CNAME k1.keys', 'k1.keys IN TXT "p=<key>"');
  assert.deepEqual(lint(broken).filter((d) => d.code.startsWith('dkim-')).map((d) => d.code), ['dkim-key-base64']);
});

test('Amazon SES: three matching tokens pass; fewer inform; regional DKIM domains are accepted', () => {
  const ses = (t: string, target = t) => `${t}._domainkey IN CNAME ${target}.dkim.amazonses.com.`;
  const three = zone(ses('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), ses('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'), ses('cccccccccccccccccccccccccccccccc'));
  assert.deepEqual(lint(three).filter((d) => d.code.startsWith('dkim-')), []);
  const two = zone(ses('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), ses('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'));
  assert.deepEqual(only(lint(two), 'dkim-amazonses-incomplete').map((d) => d.data), [{ count: 2 }]);
  const regional = zone('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa._domainkey IN CNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.dkim.eu-south-1.amazonses.com.');
  assert.deepEqual(only(lint(regional), 'dkim-amazonses-target'), []);
  const wrongForm = zone('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa._domainkey IN CNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.amazonses.com.');
  assert.equal(only(lint(wrongForm), 'dkim-amazonses-target').length, 1);
});

test('contoso is a placeholder only in zones that are not contoso\'s', () => {
  const line = 'selector1._domainkey IN CNAME selector1-contoso-com._domainkey.contoso.onmicrosoft.com.';
  assert.equal(only(lint(zone(line), 'example.com.'), 'dkim-placeholder').length, 1);
  assert.equal(only(lint(zone(line), 'contoso.com.'), 'dkim-placeholder').length, 0);
});

test('mx-microsoft365-incomplete names exactly what is missing', () => {
  const mx = '@ IN MX 0 example-com.mail.protection.outlook.com.';
  const dkim = ['selector1._domainkey IN CNAME selector1-example-com._domainkey.example.onmicrosoft.com.', 'selector2._domainkey IN CNAME selector2-example-com._domainkey.example.onmicrosoft.com.'];
  const spf = '@ IN TXT "v=spf1 include:spf.protection.outlook.com -all"';
  const dmarc = '_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@example.com"';
  const missing = (...lines: string[]) => only(lint(zone(...lines)), 'mx-microsoft365-incomplete').map((d) => d.data);
  assert.deepEqual(missing(mx, spf, dmarc, ...dkim), []);
  assert.deepEqual(missing(mx), [{ missing: ['spf', 'dkim-selector1', 'dkim-selector2', 'dmarc'] }]);
  assert.deepEqual(missing(mx, '@ IN TXT "v=spf1 mx -all"', dmarc, dkim[0]), [{ missing: ['spf-include', 'dkim-selector2'] }]);
  // SPF through a redirect or an include inside the zone, DMARC through a CNAME, the newer MX form.
  assert.deepEqual(missing(mx, '@ IN TXT "v=spf1 redirect=spf.protection.outlook.com"', dmarc, ...dkim), []);
  assert.deepEqual(missing(mx, '@ IN TXT "v=spf1 include:_spf.example.com. -all"', '_spf IN TXT "v=spf1 include:spf.protection.outlook.com -all"', dmarc, ...dkim), []);
  assert.deepEqual(missing(mx, spf, '_dmarc IN CNAME _dmarc.dmarc-service.example.net.', ...dkim), []);
  assert.deepEqual(missing('@ IN MX 0 example-com.o-v1.mx.microsoft.', spf), [{ missing: ['dkim-selector1', 'dkim-selector2', 'dmarc'] }]);
  // A fragment (no SOA) may have the rest elsewhere.
  assert.equal(only(lintText(`${mx}\n`, { origin: 'example.com.' }).diagnostics, 'mx-microsoft365-incomplete').length, 0);
});

test('a wildcard DKIM revocation is not a wildcard false alarm; a wildcard TXT that is no key still is', () => {
  const revoked = lint(zone('*._domainkey IN TXT "v=DKIM1; p="'));
  assert.deepEqual(only(revoked, 'txt-wildcard-mail-names'), []);
  assert.equal(only(revoked, 'dkim-key-revoked').length, 1);
  const [d] = only(lint(zone('*._domainkey IN TXT "google-site-verification=abc"')), 'txt-wildcard-mail-names');
  assert.deepEqual(d.data, { names: ['<selector>._domainkey.example.com.'] });
  assert.match(d.message, /under example\.com\./);
});

// ---- Live: keys behind CNAMEs outside the zone ------------------------------------------------

test('live: a DKIM CNAME target must hold a usable key; failed lookups are information', async () => {
  const key = rsa(1024);
  const text = zone(
    'good._domainkey IN CNAME good.keys.example.net.',
    'gone._domainkey IN CNAME gone.keys.example.net.',
    'spf._domainkey IN CNAME spf.keys.example.net.',
    'old._domainkey IN CNAME old.keys.example.net.',
    'down._domainkey IN CNAME down.keys.example.net.',
    'again._domainkey IN CNAME good.keys.example.net.',
    'local._domainkey IN CNAME local.keys',
    `local.keys IN TXT "v=DKIM1; p=${key}"`,
    'dotless._domainkey IN CNAME dotless.keys.example.net',
  );
  const dns = new FakeResolver({
    'good.keys.example.net': { status: 'ok', records: [`v=DKIM1; k=rsa; p=${key}`] },
    'spf.keys.example.net': { status: 'ok', records: ['v=spf1 -all'] },
    'old.keys.example.net': { status: 'ok', records: ['v=DKIM1; p='] },
    'down.keys.example.net': { status: 'error', records: [], error: 'timed out after 2 s' },
  });
  const parsed = parseZone(text, { origin: 'example.com.' });
  const found = await lintLive(parsed, dns, {});
  const at = (code: string) => found.filter((d) => d.code === code).map((d) => text.slice(d.start, d.end));
  assert.deepEqual(at('dkim-cname-target-no-key'), ['gone.keys.example.net.', 'spf.keys.example.net.', 'old.keys.example.net.']);
  assert.deepEqual(at('dns-lookup-failed'), ['down.keys.example.net.']);
  assert.equal(found.find((d) => d.code === 'dns-lookup-failed')?.severity, 'information');
  assert.match(found.find((d) => d.code === 'dkim-cname-target-no-key' && d.message.includes('NXDOMAIN'))!.message, /gone\.keys\.example\.net/);
  // One query per target; none for targets inside the zone or written without their final dot.
  assert.deepEqual([...dns.queries].sort(), ['down.keys.example.net', 'gone.keys.example.net', 'good.keys.example.net', 'old.keys.example.net', 'spf.keys.example.net']);
  // The live lint reports what the offline one does as well.
  assert.equal(at('dkim-cname-relative').length, 1);
  assert.equal(at('dkim-rsa-key-weak').length, 1);
});

test('live: a Microsoft 365 target without a key says that signing must be enabled', async () => {
  const text = zone(
    'selector1._domainkey IN CNAME selector1-example-com._domainkey.example.onmicrosoft.com.',
    'selector2._domainkey IN CNAME selector2-example-com._domainkey.example.onmicrosoft.com.',
  );
  const found = await lintLive(parseZone(text, { origin: 'example.com.' }), new FakeResolver({}), {});
  const missing = found.filter((d) => d.code === 'dkim-cname-target-no-key');
  assert.equal(missing.length, 2);
  assert.match(missing[0].message, /Defender portal/);
});

// ---- Scale ------------------------------------------------------------------------------------

test('DKIM rules over many signed domains stay quick and quiet', () => {
  const key = rsa(2048);
  const lines = [...HEAD];
  for (let i = 0; i < 20000; i++) {
    lines.push(`d${i} IN MX 10 mx.d${i}`, `mx.d${i} IN A 192.0.2.${i % 250}`, `s${i % 3}._domainkey.d${i} IN TXT ( "v=DKIM1; k=rsa; p=${key.slice(0, 200)}"`, `    "${key.slice(200)}" )`);
  }
  const started = Date.now();
  const found = lint(lines.join('\n') + '\n').filter((d) => d.code.startsWith('dkim-') || d.code === 'mx-microsoft365-incomplete');
  assert.deepEqual(found, []);
  assert.ok(Date.now() - started < 15000, 'linting 20 000 signed domains took too long');
});
