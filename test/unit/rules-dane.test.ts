// TLSA and DANE for SMTP: fixture zones with the faults drawn under them, a valid DANE setup
// without a word from these rules, full data checked against keys and certificates made here,
// quick fixes applied to the text, and the hover text of a whole TLSA record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFixture } from '../helpers/fixture';
import { lintText } from '../../server/src/service/lint';
import { fixesFor, planFixAll, type ZoneFix } from '../../server/src/service/features/codeActions';
import { tlsaRecordHover } from '../../server/src/service/facts/dane';
import { readCertificateSpki, readSubjectPublicKeyInfo } from '../../server/src/service/rdata/der';
import { DANE_RULES } from '../../server/src/service/rules/dane/index';
import type { ZoneDiagnostic } from '../../server/src/service/zone/types';
import { applyEdits } from '../helpers/mailTests';

const FIXTURES = join(__dirname, '..', 'fixtures', 'dane');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const OPTIONS = { origin: 'example.com.' };

const H = '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
const N = 'f9e8d7c6b5a4938271605f4e3d2c1b0af9e8d7c6b5a4938271605f4e3d2c1b0a';

/** A whole zone with one MX host, mail, signed so that only the record under test speaks. */
const HEAD = `$TTL 3600
@    IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 3600
     IN NS  ns1
     IN NS  ns2
     IN MX  10 mail
     IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
ns1  IN A   192.0.2.1
ns2  IN A   192.0.2.2
mail IN A   192.0.2.3
`;

function lint(text: string) {
  return lintText(text, OPTIONS);
}

function only(diagnostics: readonly ZoneDiagnostic[], code: string): ZoneDiagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

function daneCodes(text: string): string[] {
  return lint(text)
    .diagnostics.filter((d) => d.code.startsWith('tlsa-'))
    .map((d) => d.code)
    .sort();
}

/** The fixes of the one `code` diagnostic of `text`. */
function fixesOf(text: string, code: string): { diagnostic: ZoneDiagnostic; fixes: ZoneFix[] } {
  const { parsed, diagnostics } = lint(text);
  const found = only(diagnostics, code);
  assert.equal(found.length, 1, `expected one ${code}, got ${diagnostics.map((d) => d.code).join(', ')}`);
  return { diagnostic: found[0], fixes: fixesFor(parsed, text, found[0]) };
}

/** Applies the fix titled like `title` and checks the result, its preference and that the diagnostic is gone. */
function checkFix(text: string, code: string, title: RegExp, expected: string, preferred: boolean): void {
  const { fixes } = fixesOf(text, code);
  const fix = fixes.find((f) => title.test(f.title));
  assert.ok(fix, `no fix titled ${title} among: ${fixes.map((f) => f.title).join(' | ')}`);
  assert.equal(fix.preferred, preferred, `preferred of '${fix.title}'`);
  const output = applyEdits(text, fix.edits);
  assert.equal(output, expected);
  assert.deepEqual(only(lint(output).diagnostics, code), [], `${code} is still reported after '${fix.title}'`);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const spkiOf = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });

// ---- Fixtures ---------------------------------------------------------------------------------

test('owner names, unassigned values, digest lengths and full data are reported where drawn', () => {
  checkFixture(fixture('records-faults.zone'), { ...OPTIONS, only: ['tlsa-owner-name', 'tlsa-field-range', 'tlsa-digest-length', 'tlsa-full-data', 'syntax-rdata-field'] });
});

test('DANE for SMTP: PKIX usages, 3 1 1 advice, records away from MX hosts, partial coverage, aliases', () => {
  checkFixture(fixture('smtp-faults.zone'), { ...OPTIONS, only: ['tlsa-smtp-'] });
});

test('rollover, TTL and DNSSEC advice is reported where drawn', () => {
  checkFixture(fixture('operations-faults.zone'), { ...OPTIONS, only: ['tlsa-'] });
});

test('a correct, signed DANE setup with current and next records gives no TLSA diagnostic', () => {
  checkFixture(fixture('valid.zone'), { ...OPTIONS, only: ['tlsa-'] });
  // The fixture exercises the shapes the rules look at: several MX hosts, TLSA at each.
  const text = fixture('valid.zone');
  assert.match(text, /_25\._tcp\.mx2/);
  assert.match(text, /DNSKEY/);
});

test('every DANE rule has its id prefix and a severity as the inventory says', () => {
  const severities = Object.fromEntries(DANE_RULES.map((r) => [r.id, r.severity]));
  assert.deepEqual(severities, {
    'tlsa-owner-name': 'error',
    'tlsa-field-range': 'error',
    'tlsa-digest-length': 'error',
    'tlsa-full-data': 'error',
    'tlsa-smtp-pkix-usage': 'warning',
    'tlsa-smtp-prefer-311': 'information',
    'tlsa-smtp-not-mx-host': 'warning',
    'tlsa-smtp-partial': 'warning',
    'tlsa-smtp-mx-cname': 'information',
    'tlsa-no-rollover': 'information',
    'tlsa-ttl-long': 'information',
    'tlsa-zone-unsigned': 'information',
  });
});

// ---- Full data and digests against real keys and certificates -------------------------------

const KEYS: [string, KeyObject][] = [
  ['RSA 2048', generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey],
  ['ECDSA P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey],
  ['Ed25519', generateKeyPairSync('ed25519').publicKey],
];

/** A self-signed DER certificate made by openssl, or undefined when openssl is not installed. */
function selfSignedCertificate(): Buffer | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'zonelint-dane-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.der'), '-outform', 'DER', '-subj', '/CN=mail.example.com', '-days', '2'],
      { stdio: 'ignore' },
    );
    return readFileSync(join(dir, 'cert.der'));
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CERTIFICATE = selfSignedCertificate();
const NO_OPENSSL = CERTIFICATE ? false : 'openssl is not installed: no certificate to check against';


test('public keys of every common algorithm pass as full SPKI data, not as certificates', () => {
  for (const [name, key] of KEYS) {
    const spki = spkiOf(key);
    assert.ok(!('fault' in readSubjectPublicKeyInfo(spki)), name);
    assert.ok('fault' in readCertificateSpki(spki), name);
    const zone = `${HEAD}_443._tcp.www IN TLSA 3 1 0 ${hex(spki)}\n_443._tcp.www IN TLSA 3 1 0 ${hex(spki)}00\n`;
    const faults = only(lint(zone).diagnostics, 'tlsa-full-data');
    // The exact key passes; one octet more and the outer SEQUENCE no longer fills the data.
    assert.equal(faults.length, 1, name);
    assert.match(faults[0].message, /ends after \d+ of the \d+ octets/, name);
  }
});

test('digests of the right length pass, and one octet less fails', () => {
  const spki = spkiOf(KEYS[1][1]);
  const d256 = createHash('sha256').update(spki).digest('hex');
  const d512 = createHash('sha512').update(spki).digest('hex');
  assert.deepEqual(only(lint(`${HEAD}_443._tcp.www IN TLSA 3 1 1 ${d256}\n_443._tcp.www IN TLSA 3 1 2 ${d512}\n`).diagnostics, 'tlsa-digest-length'), []);
  const short = only(lint(`${HEAD}_443._tcp.www IN TLSA 3 1 1 ${d256.slice(2)}\n_443._tcp.www IN TLSA 3 1 2 ${d512.slice(2)}\n`).diagnostics, 'tlsa-digest-length');
  assert.equal(short.length, 2);
  assert.match(short[0].message, /31 octets .* 32 octets/);
  assert.match(short[1].message, /63 octets .* 64 octets/);
});

test('a certificate passes as full data under selector 0, and its key is the one node:crypto reads', { skip: NO_OPENSSL }, () => {
  const cert = CERTIFICATE!;
  const read = readCertificateSpki(cert);
  assert.ok('element' in read, JSON.stringify(read));
  assert.equal(hex(cert.subarray(read.element.start, read.element.end)), hex(spkiOf(new X509Certificate(cert).publicKey)));
  assert.deepEqual(only(lint(`${HEAD}_443._tcp.www IN TLSA 3 0 0 ${hex(cert)}\n_443._tcp.www IN TLSA 3 0 0 ${hex(cert)}\n`).diagnostics, 'tlsa-full-data'), []);
  // Cut short, the certificate is no longer DER.
  const cut = only(lint(`${HEAD}_443._tcp.www IN TLSA 3 0 0 ${hex(cert.subarray(0, cert.length - 1))}\n`).diagnostics, 'tlsa-full-data');
  assert.equal(cut.length, 1);
  assert.equal(cut[0].severity, 'error');
});

test('a certificate under selector 1, or a key under selector 0: the selector that fits, preferred', { skip: NO_OPENSSL }, () => {
  const cert = hex(CERTIFICATE!);
  checkFix(`${HEAD}_443._tcp.www IN TLSA 3 1 0 ${cert}\n`, 'tlsa-full-data', /selector to 0/, `${HEAD}_443._tcp.www IN TLSA 3 0 0 ${cert}\n`, true);
  const spki = hex(spkiOf(KEYS[0][1]));
  checkFix(`${HEAD}_443._tcp.www IN TLSA 3 0 0 ${spki}\n`, 'tlsa-full-data', /selector to 1/, `${HEAD}_443._tcp.www IN TLSA 3 1 0 ${spki}\n`, true);
});

test('full data of a digest\'s length: the digest\'s matching type offered, not preferred', () => {
  checkFix(`${HEAD}_443._tcp.www IN TLSA 3 1 0 ${H}\n`, 'tlsa-full-data', /matching type to 1/, `${HEAD}_443._tcp.www IN TLSA 3 1 1 ${H}\n`, false);
});

// ---- Quick fixes ------------------------------------------------------------------------------

test('3 0 0 with a certificate for SMTP: 3 1 1 with the SHA-256 of its public key offered', { skip: NO_OPENSSL }, () => {
  const cert = CERTIFICATE!;
  const digest = createHash('sha256').update(spkiOf(new X509Certificate(cert).publicKey)).digest('hex').toUpperCase();
  const input = `${HEAD}_25._tcp.mail IN TLSA 3 0 0 ${hex(cert).toUpperCase()}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`;
  const { diagnostic } = fixesOf(input, 'tlsa-smtp-prefer-311');
  // Both fields at fault are covered: selector and matching type.
  assert.equal(input.slice(diagnostic.start, diagnostic.end), '0 0');
  checkFix(input, 'tlsa-smtp-prefer-311', /3 1 1/, `${HEAD}_25._tcp.mail IN TLSA 3 1 1 ${digest}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`, false);
});

test('3 1 0 with a key for SMTP: 3 1 1 with its SHA-256, in the case the data was written in', () => {
  const spki = spkiOf(KEYS[2][1]);
  const input = `${HEAD}_25._tcp.mail IN TLSA 3 1 0 ${hex(spki)}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`;
  const digest = createHash('sha256').update(spki).digest('hex');
  checkFix(input, 'tlsa-smtp-prefer-311', /3 1 1/, `${HEAD}_25._tcp.mail IN TLSA 3 1 1 ${digest}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`, false);
});

test('3 0 1 for SMTP: advice without a fix, since the certificate is not at hand', () => {
  const { diagnostic, fixes } = fixesOf(`${HEAD}_25._tcp.mail IN TLSA 3 0 1 ${H}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`, 'tlsa-smtp-prefer-311');
  assert.equal(diagnostic.severity, 'information');
  assert.match(diagnostic.message, /3 1 1/);
  assert.deepEqual(fixes, []);
});

test('PKIX usages at _25._tcp: 1 becomes 3 and 0 becomes 2 with the same data, neither preferred', () => {
  const other = `_25._tcp.mail IN TLSA 3 1 1 ${N}\n`;
  checkFix(`${HEAD}_25._tcp.mail IN TLSA 1 1 1 ${H}\n${other}`, 'tlsa-smtp-pkix-usage', /usage to 3/, `${HEAD}_25._tcp.mail IN TLSA 3 1 1 ${H}\n${other}`, false);
  checkFix(`${HEAD}_25._tcp.mail IN TLSA 0 0 1 ${H}\n${other}`, 'tlsa-smtp-pkix-usage', /usage to 2/, `${HEAD}_25._tcp.mail IN TLSA 2 0 1 ${H}\n${other}`, false);
});

test('PKIX usages alone say that senders then check no certificate; elsewhere than port 25 they are fine', () => {
  const [d] = only(lint(`${HEAD}_25._tcp.mail IN TLSA 1 1 1 ${H}\n_25._tcp.mail IN TLSA 1 1 1 ${N}\n`).diagnostics, 'tlsa-smtp-pkix-usage');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /only insist on TLS and check no certificate/);
  assert.deepEqual(daneCodes(`${HEAD}_443._tcp.www IN TLSA 1 1 1 ${H}\n_443._tcp.www IN TLSA 1 1 1 ${N}\n`), []);
});

test('RFC 7218 acronyms: the parser offers each number, preferred, and fix-all writes 3 1 1', () => {
  const input = `${HEAD}_25._tcp.mail IN TLSA DANE-EE SPKI SHA2-256 ${H}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`;
  const { parsed, diagnostics } = lint(input);
  const faults = only(diagnostics, 'syntax-rdata-field');
  assert.equal(faults.length, 3);
  for (const d of faults) {
    const fixes = fixesFor(parsed, input, d);
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0].preferred, true);
  }
  const plan = planFixAll(parsed, input, diagnostics);
  const output = applyEdits(input, plan.edits);
  assert.equal(output, `${HEAD}_25._tcp.mail IN TLSA 3 1 1 ${H}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`);
  assert.deepEqual(lint(output).diagnostics.filter((d) => d.code.startsWith('syntax-') || d.code.startsWith('tlsa-')), []);
});

test('owner fixes: a missing underscore is preferred, a service name or a move is only offered', () => {
  const tail = ` IN TLSA 3 1 1 ${H}\n`;
  checkFix(`${HEAD}25._tcp.mail${tail}`, 'tlsa-owner-name', /_25/, `${HEAD}_25._tcp.mail${tail}`, true);
  checkFix(`${HEAD}_25.tcp.mail${tail}`, 'tlsa-owner-name', /_tcp/, `${HEAD}_25._tcp.mail${tail}`, true);
  checkFix(`${HEAD}_025._tcp.mail${tail}`, 'tlsa-owner-name', /_25/, `${HEAD}_25._tcp.mail${tail}`, true);
  checkFix(`${HEAD}_smtp._tcp.mail${tail}`, 'tlsa-owner-name', /_25/, `${HEAD}_25._tcp.mail${tail}`, false);
  checkFix(`${HEAD}_443.www${tail}`, 'tlsa-owner-name', /_tcp\.www/, `${HEAD}_443._tcp.www${tail}`, false);
  checkFix(`${HEAD}mail${tail}`, 'tlsa-owner-name', /Move/, `${HEAD}_25._tcp.mail${tail}`, false);
  // A host that is no MX target gets no guess at the service.
  assert.deepEqual(fixesOf(`${HEAD}www${tail}`, 'tlsa-owner-name').fixes, []);
});

test('renaming an owner is offered only when the records that inherit it are TLSA records too', () => {
  const rrset = `${HEAD}25._tcp.mail IN TLSA 3 1 1 ${H}\n             IN TLSA 3 1 1 ${N}\n`;
  const { parsed, diagnostics } = lint(rrset);
  const [first, second] = only(diagnostics, 'tlsa-owner-name');
  assert.equal(rrset.slice(first.start, first.end), '25');
  // The second record has no owner of its own to edit: it is fixed with the first.
  assert.deepEqual(fixesFor(parsed, rrset, second), []);
  const [fix] = fixesFor(parsed, rrset, first);
  assert.equal(fix.preferred, true);
  const output = applyEdits(rrset, fix.edits);
  assert.equal(output, rrset.replace('25._tcp.mail', '_25._tcp.mail'));
  assert.deepEqual(only(lint(output).diagnostics, 'tlsa-owner-name'), []);
  const mixed = `${HEAD}mail2 IN TLSA 3 1 1 ${H}\n      IN A 192.0.2.9\n@ IN MX 20 mail2\n`;
  const { fixes } = fixesOf(mixed, 'tlsa-owner-name');
  assert.deepEqual(fixes, [], 'moving the owner would move the address record too');
});

test('faults the parser reports (not hex, above 255, acronyms) are not reported again by the rules', () => {
  for (const rdata of [`3 1 1 ${H.slice(2)}zz`, `3 1 256 ${H}`, `300 1 1 ${H}`, `3 1 1 ${H}0`, `3 CERT 1 ${H}`]) {
    const { diagnostics } = lint(`${HEAD}_25._tcp.mail IN TLSA ${rdata}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`);
    assert.equal(only(diagnostics, 'syntax-rdata-field').length, 1, rdata);
    assert.deepEqual(diagnostics.filter((d) => d.code.startsWith('tlsa-')).map((d) => d.code), [], rdata);
  }
});

test('a record at the mail domain is moved to the MX host without TLSA, not preferred', () => {
  const input = `${HEAD}_25._tcp IN TLSA 3 1 1 ${H}\n_25._tcp IN TLSA 3 1 1 ${N}\n`.replace('_25._tcp IN TLSA 3 1 1 ' + N, '_25._tcp.mail IN TLSA 3 1 1 ' + N);
  // mail already has a record: nothing to move to.
  assert.deepEqual(fixesOf(input, 'tlsa-smtp-not-mx-host').fixes, []);
  const bare = `${HEAD}_25._tcp IN TLSA 3 1 1 ${H}\n`;
  checkFix(bare, 'tlsa-smtp-not-mx-host', /mail\.example\.com/, `${HEAD}_25._tcp.mail.example.com. IN TLSA 3 1 1 ${H}\n`, false);
});

test('a long TTL is lowered to 3600 when written, unless later records take it', () => {
  const pair = `_25._tcp.mail 86400 IN TLSA 3 1 1 ${H}\n_25._tcp.mail 3600 IN TLSA 3 1 1 ${N}\n`;
  checkFix(HEAD + pair, 'tlsa-ttl-long', /3600/, HEAD + pair.replace('86400', '3600'), false);
  // Without $TTL or SOA the next record takes this TTL: no fix.
  const fragment = `_25._tcp.mail 86400 IN TLSA 3 1 1 ${H}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`;
  const { parsed, diagnostics } = lintText(fragment, { ...OPTIONS, wholeZone: false });
  const long = only(diagnostics, 'tlsa-ttl-long');
  assert.equal(long.length, 2);
  assert.deepEqual(fixesFor(parsed, fragment, long[0]), []);
});

test('a SHA2-512 length under matching type 1 and whole data under a digest type get their fixes', () => {
  const d512 = H + N;
  checkFix(`${HEAD}_443._tcp.www IN TLSA 3 1 1 ${d512}\n`, 'tlsa-digest-length', /matching type to 2/, `${HEAD}_443._tcp.www IN TLSA 3 1 2 ${d512}\n`, false);
  const spki = spkiOf(KEYS[1][1]);
  const input = `${HEAD}_443._tcp.www IN TLSA 3 1 1 ${hex(spki)}\n`;
  checkFix(input, 'tlsa-digest-length', /SHA-256 digest/, `${HEAD}_443._tcp.www IN TLSA 3 1 1 ${createHash('sha256').update(spki).digest('hex')}\n`, false);
  checkFix(input, 'tlsa-digest-length', /matching type to 0/, `${HEAD}_443._tcp.www IN TLSA 3 1 0 ${hex(spki)}\n`, false);
});

test('RDATA in the generic form is judged like any other, but its fields get no edits', () => {
  const input = `${HEAD}_25._tcp.mail IN TLSA \\# 5 0101010102\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`;
  const { parsed, diagnostics } = lint(input);
  const usage = only(diagnostics, 'tlsa-smtp-pkix-usage');
  const digest = only(diagnostics, 'tlsa-digest-length');
  assert.equal(usage.length, 1);
  assert.equal(digest.length, 1);
  assert.equal(input.slice(usage[0].start, usage[0].end), '0101010102');
  assert.deepEqual(fixesFor(parsed, input, usage[0]), []);
});

test('a fix whose text changed since the lint is dropped', () => {
  const input = `${HEAD}25._tcp.mail IN TLSA 3 1 1 ${H}\n`;
  const { parsed, diagnostics } = lint(input);
  const [d] = only(diagnostics, 'tlsa-owner-name');
  const edited = input.replace('25._tcp.mail', '26._tcp.mail');
  assert.deepEqual(fixesFor(parsed, edited, d), []);
});

// ---- Zone-wide judgements ----------------------------------------------------------------------

test('an unsigned whole zone is told once; a signed zone and a fragment are not', () => {
  const unsigned = HEAD.replace(/^.*DNSKEY.*\n/m, '');
  const records = `_25._tcp.mail IN TLSA 3 1 1 ${H}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n_443._tcp.www IN TLSA 3 1 1 ${H}\n_443._tcp.www IN TLSA 3 1 1 ${N}\n`;
  const told = only(lint(unsigned + records).diagnostics, 'tlsa-zone-unsigned');
  assert.equal(told.length, 1);
  assert.match(told[0].message, /4\.7\.324 dnssec-invalid/);
  assert.match(told[0].message, /SERVFAIL/);
  assert.deepEqual(only(lint(HEAD + records).diagnostics, 'tlsa-zone-unsigned'), []);
  assert.deepEqual(only(lintText(records, { ...OPTIONS, wholeZone: false }).diagnostics, 'tlsa-zone-unsigned'), []);
});

test('TLSA away from MX hosts is judged only when the zone names its MX hosts or the name is a mail domain', () => {
  const noMx = HEAD.replace(/^.*IN MX.*\n/m, '');
  const pair = (owner: string) => `${owner} IN TLSA 3 1 1 ${H}\n${owner} IN TLSA 3 1 1 ${N}\n`;
  // No MX at all: the apex receives its own mail, and a host may serve other zones.
  assert.deepEqual(daneCodes(noMx + pair('_25._tcp') + pair('_25._tcp.relay')), []);
  // MX hosts in other zones only: a host of this zone may serve other domains; the apex may not.
  const external = noMx + '@ IN MX 10 mx.provider.example.\n';
  assert.deepEqual(daneCodes(external + pair('_25._tcp.relay')), []);
  assert.deepEqual(daneCodes(external + pair('_25._tcp')), ['tlsa-smtp-not-mx-host', 'tlsa-smtp-not-mx-host']);
  // The zone's own MX host: the record at another host is reported, the one at the MX host not.
  assert.deepEqual(daneCodes(HEAD + pair('_25._tcp.mail') + pair('_25._tcp.relay')), ['tlsa-smtp-not-mx-host', 'tlsa-smtp-not-mx-host']);
});

test('partial coverage: only the in-zone MX host without TLSA is reported, hosts elsewhere are not judged', () => {
  const zone = `${HEAD}@ IN MX 20 backup\n@ IN MX 30 mx.provider.example.\nbackup IN A 192.0.2.4\n_25._tcp.mail IN TLSA 3 1 1 ${H}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`;
  const found = only(lint(zone).diagnostics, 'tlsa-smtp-partial');
  assert.equal(found.length, 1);
  assert.equal(zone.slice(found[0].start, found[0].end), 'backup');
  assert.match(found[0].message, /strips the protection/);
  // Covered through its canonical name, the alias counts as protected.
  const aliased = `${HEAD}@ IN MX 20 alias\nalias IN CNAME mail\n_25._tcp.mail IN TLSA 3 1 1 ${H}\n_25._tcp.mail IN TLSA 3 1 1 ${N}\n`;
  assert.deepEqual(only(lint(aliased).diagnostics, 'tlsa-smtp-partial'), []);
});

test('the DANE rules keep to the TLSA records: a zone without them gets no TLSA diagnostic', () => {
  assert.deepEqual(daneCodes(HEAD + '@ IN MX 20 backup\nbackup IN A 192.0.2.4\nwww IN CNAME mail\n'), []);
});

// ---- Hover --------------------------------------------------------------------------------------

test('hover of 3 1 1 at _25._tcp: what the sender checks, what it does not, and the delivery errors', () => {
  const h = tlsaRecordHover(3, 1, 1, '_25._tcp.mail.example.com.');
  assert.match(h, /\*\*TLSA 3 1 1\*\*: DANE-EE, SPKI, SHA2-256/);
  assert.match(h, /`mail\.example\.com`/);
  assert.match(h, /the server's public key must hash to this SHA-256 value; the certificate's name and expiry are not checked/);
  assert.match(h, /\[RFC 7672 §3\.1\.1\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc7672#section-3\.1\.1\)/);
  for (const code of ['4/5.7.321 starttls-not-supported', '4/5.7.322 certificate-expired', '4/5.7.323 tlsa-invalid', '4/5.7.324 dnssec-invalid', '4/5.4.312 DNS query failed']) {
    assert.ok(h.includes(code), code);
  }
  assert.match(h, /NOERROR \(no data\) or NXDOMAIN, never SERVFAIL/);
  assert.match(h, /rfc7671#section-8\.1/);
});

test('hover of other combinations: certificates, CAs, digests, PKIX usages at port 25, other ports', () => {
  assert.match(tlsaRecordHover(3, 0, 2, '_25._tcp.mail.example.com.'), /the server's certificate must hash to this SHA-512 value/);
  assert.match(tlsaRecordHover(3, 1, 0, '_25._tcp.mail.example.com.'), /public key must be exactly the data of this record/);
  const ta = tlsaRecordHover(2, 0, 1, '_25._tcp.mail.example.com.');
  assert.match(ta, /a CA certificate the server sends in its chain must hash to this SHA-256 value/);
  assert.match(ta, /name the MX host/);
  assert.match(ta, /rfc7672#section-3\.1\.2/);
  assert.match(tlsaRecordHover(2, 0, 0, '_443._tcp.www.example.com.'), /may leave it out of its chain/);
  const pkix = tlsaRecordHover(1, 1, 1, '_25._tcp.mail.example.com.');
  assert.match(pkix, /unusable for SMTP/);
  assert.match(pkix, /rfc7672#section-3\.1\.3/);
  const web = tlsaRecordHover(1, 1, 1, '_443._tcp.www.example.com.');
  assert.match(web, /`www\.example\.com` on port 443\/TCP/);
  assert.match(web, /public-CA \(PKIX\) validation/);
  assert.doesNotMatch(web, /4\.7\.32/);
  assert.match(tlsaRecordHover(7, 1, 1, '_443._tcp.www.example.com.'), /Usage 7 is not assigned/);
  assert.match(tlsaRecordHover(3, 255, 1, '_443._tcp.www.example.com.'), /Selector 255 is for private use/);
  assert.match(tlsaRecordHover(3, 1, 1, 'www.example.com.'), /^\*\*TLSA 3 1 1\*\*[^]*A DANE client requires TLS/);
});
