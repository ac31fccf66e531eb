import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../server/src/service/features/hover';
import { LineIndex } from '../../server/src/service/zone/lineIndex';
import { parseZone } from '../../server/src/service/zone/parser';
import type { IncludeHost } from '../../server/src/service/zone/types';

interface Hovered {
  markdown: string;
  /** The text the hover range covers. */
  range: string;
}

/** Hover at the `|` in the zone; null when there is none. */
function hoverAt(zoneWithCursor: string, includeHost?: IncludeHost): Hovered | null {
  const offset = zoneWithCursor.indexOf('|');
  assert.ok(offset >= 0, 'the zone needs a | for the cursor');
  const text = zoneWithCursor.slice(0, offset) + zoneWithCursor.slice(offset + 1);
  const parsed = parseZone(text, { origin: 'example.com.', path: '/zones/example.com.zone', includeHost });
  const h = hover(parsed, text, offset);
  if (!h) return null;
  const index = new LineIndex(text);
  const contents = h.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  return { markdown: contents.value, range: text.slice(index.offset(h.range!.start), index.offset(h.range!.end)) };
}

function mustHover(zone: string): Hovered {
  const h = hoverAt(zone);
  assert.ok(h, 'expected a hover');
  return h;
}

const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster ( 2024010101 7200 3600 1209600 300 )\n';

// Owner

test('a relative owner shows its absolute name', () => {
  const h = mustHover(HEAD + 'w|ww A 192.0.2.1\n');
  assert.equal(h.range, 'www');
  assert.match(h.markdown, /`www\.example\.com\.`/);
  assert.doesNotMatch(h.markdown, /forgotten/);
});

test('@ stands for the origin', () => {
  const h = mustHover(HEAD + '|@ MX 10 mail\n');
  assert.equal(h.range, '@');
  assert.match(h.markdown, /`@` stands for the origin `example\.com\.`/);
});

test('a relative owner ending in a public TLD is shown as what it really means', () => {
  const h = mustHover(HEAD + 'mail.example.o|rg A 192.0.2.1\n');
  assert.equal(h.range, 'mail.example.org');
  assert.match(h.markdown, /Final dot forgotten/);
  assert.match(h.markdown, /`mail\.example\.org\.example\.com\.`/);
  assert.match(h.markdown, /Write `mail\.example\.org\.`/);
});

test('a relative owner that repeats the origin is flagged too', () => {
  const h = mustHover(HEAD + 'www.example|.com A 192.0.2.1\n');
  assert.match(h.markdown, /`www\.example\.com\.example\.com\.`/);
  assert.match(h.markdown, /Final dot forgotten/);
});

test('an absolute owner is not flagged', () => {
  const h = mustHover(HEAD + 'mail.exam|ple.org. A 192.0.2.1\n');
  assert.match(h.markdown, /Absolute name `mail\.example\.org\.`/);
  assert.doesNotMatch(h.markdown, /forgotten/);
});

// TTL, class, type

test('an explicit TTL is shown in human units', () => {
  const h = mustHover(HEAD + 'www 864|00 A 192.0.2.1\n');
  assert.equal(h.range, '86400');
  assert.match(h.markdown, /86400 seconds \(1 day\)/);
});

test('an implicit TTL says where it came from: $TTL', () => {
  const h = mustHover(HEAD + 'www |A 192.0.2.1\n');
  assert.equal(h.range, 'A');
  assert.match(h.markdown, /TTL 3600 seconds \(1 hour\), from the `\$TTL` directive/);
});

test('an implicit TTL says where it came from: the previous record', () => {
  const h = mustHover('www 600 A 192.0.2.1\nftp |A 192.0.2.2\n');
  assert.match(h.markdown, /TTL 600 seconds \(10 minutes\), taken from the previous record/);
});

test('an implicit TTL says where it came from: the SOA minimum', () => {
  const h = mustHover('@ SOA ns1 hostmaster 1 7200 3600 1209600 900\n@ N|S ns1\n');
  assert.match(h.markdown, /TTL 900 seconds \(15 minutes\), from the SOA minimum/);
});

test('an explicit TTL is not repeated on the type', () => {
  const h = mustHover(HEAD + 'www 60 |A 192.0.2.1\n');
  assert.doesNotMatch(h.markdown, /TTL/);
});

test('the class', () => {
  const h = mustHover(HEAD + 'www I|N A 192.0.2.1\n');
  assert.equal(h.range, 'IN');
  assert.match(h.markdown, /Class IN/);
});

test('the type gives its summary and RFC links', () => {
  const h = mustHover(HEAD + '@ M|X 10 mail\n');
  assert.equal(h.range, 'MX');
  assert.match(h.markdown, /Mail exchanger/);
  assert.match(h.markdown, /\[RFC 1035\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc1035\)/);
  assert.match(h.markdown, /\[RFC 7505\]/);
});

// RDATA fields

test('A address', () => {
  const h = mustHover(HEAD + 'www A 192.0|.2.1\n');
  assert.equal(h.range, '192.0.2.1');
  assert.match(h.markdown, /IPv4 address/);
});

test('MX preference explains the order, MX exchange the name', () => {
  const pref = mustHover(HEAD + '@ MX 2|0 mail\n');
  assert.equal(pref.range, '20');
  assert.match(pref.markdown, /lowest first/);
  assert.match(pref.markdown, /`20` is tried after every target with a lower value/);
  const exchange = mustHover(HEAD + '@ MX 20 ma|il\n');
  assert.equal(exchange.range, 'mail');
  assert.match(exchange.markdown, /`mail\.example\.com\.`/);
});

test('a relative MX target that looks absolute says what it means', () => {
  const h = mustHover(HEAD + '@ MX 0 contoso-com.mail.protection.outlook|.com\n');
  assert.match(h.markdown, /Final dot forgotten/);
  assert.match(h.markdown, /`contoso-com\.mail\.protection\.outlook\.com\.example\.com\.`/);
});

test('SRV priority and weight', () => {
  assert.match(mustHover(HEAD + '_sip._tcp SRV 1|0 60 5060 sip\n').markdown, /lowest priority first/);
  const w = mustHover(HEAD + '_sip._tcp SRV 10 6|0 5060 sip\n');
  assert.equal(w.range, '60');
  assert.match(w.markdown, /in proportion to its weight/);
});

test('SOA timers in human units, with what secondaries and resolvers do', () => {
  const refresh = mustHover(HEAD.replace('7200', '72|00'));
  assert.equal(refresh.range, '7200');
  assert.match(refresh.markdown, /7200 seconds \(2 hours\)/);
  assert.match(refresh.markdown, /secondaries/);
  const expire = mustHover(HEAD.replace('1209600', '12096|00'));
  assert.match(expire.markdown, /1209600 seconds \(2 weeks\)/);
  assert.match(expire.markdown, /stops answering/);
  const minimum = mustHover(HEAD.replace(' 300 )', ' 3|00 )'));
  assert.match(minimum.markdown, /negative answer/);
  assert.match(minimum.markdown, /rfc2308/);
  const rname = mustHover(HEAD.replace('hostmaster', 'hostm|aster'));
  assert.match(rname.markdown, /first dot/);
});

test('TLSA fields with their RFC 7218 names and what an SMTP sender does', () => {
  const zone = (cursorAt: string) => HEAD + '_25._tcp.mail TLSA ' + cursorAt + ' ( 0123456789abcdef0123456789abcdef\n    0123456789abcdef0123456789abcdef )\n';
  const usage = mustHover(zone('|3 1 1'));
  assert.equal(usage.range, '3');
  assert.match(usage.markdown, /\*\*DANE-EE\*\*/);
  assert.match(usage.markdown, /rfc6698#section-2\.1\.1/);
  const selector = mustHover(zone('3 |1 1'));
  assert.match(selector.markdown, /\*\*SPKI\*\*/);
  const matching = mustHover(zone('3 1 |1'));
  assert.match(matching.markdown, /\*\*SHA2-256\*\*/);
  const pkix = mustHover(zone('|1 1 1'));
  assert.match(pkix.markdown, /\*\*PKIX-EE\*\*/);
  assert.match(pkix.markdown, /Unusable for SMTP/);
});

test('TLSA record as a whole, on its type: what a DANE sender does and the errors it reports', () => {
  const h = mustHover(HEAD + '_25._tcp.mail TL|SA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n');
  assert.equal(h.range, 'TLSA');
  assert.match(h.markdown, /\*\*TLSA 3 1 1\*\*/);
  assert.match(h.markdown, /public key must/);
  assert.match(h.markdown, /5\.7\.323 tlsa-invalid/);
  assert.match(h.markdown, /never SERVFAIL/);
  const pkix = mustHover(HEAD + '_25._tcp.mail TL|SA 1 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n');
  assert.match(pkix.markdown, /unusable for SMTP/);
  // Not SMTP: no mail delivery errors.
  const https = mustHover(HEAD + '_443._tcp.www TL|SA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n');
  assert.doesNotMatch(https.markdown, /5\.7\.323/);
});

test('TLSA data split over two lines: the range covers both parts', () => {
  const h = mustHover(HEAD + '_25._tcp.mail TLSA 3 1 1 ( 0123456789abcdef0123456789abcdef\n    0123456789|abcdef0123456789abcdef )\n');
  assert.equal(h.range, '0123456789abcdef0123456789abcdef\n    0123456789abcdef0123456789abcdef');
  assert.match(h.markdown, /32 octets/);
});

test('CAA flags and tag', () => {
  const tag = mustHover(HEAD + '@ CAA 0 iss|uewild "letsencrypt.org"\n');
  assert.equal(tag.range, 'issuewild');
  assert.match(tag.markdown, /`issuewild`: Like issue, for wildcard certificates/);
  const flags = mustHover(HEAD + '@ CAA 12|8 issue "letsencrypt.org"\n');
  assert.match(flags.markdown, /`128`: Issuer critical/);
});

test('a TXT string that is no mail record gives its length', () => {
  const h = mustHover(HEAD + '@ TXT "google-site-|verification=abc"\n');
  assert.equal(h.range, '"google-site-verification=abc"');
  assert.match(h.markdown, /String 1 of 1, 28 octets/);
});

test('generic RDATA', () => {
  const h = mustHover(HEAD + 'www A \\# 4 C000|0201\n');
  assert.match(h.markdown, /generic form/);
});

// SPF

test('an SPF term split across two strings: the term is the joined one, the range covers both parts', () => {
  const h = mustHover(HEAD + '@ TXT "v=spf1 ip4:192.0.2.1 incl" "ude:_sp|f.example.net -all"\n');
  assert.equal(h.range, 'incl" "ude:_spf.example.net');
  assert.match(h.markdown, /\*\*SPF mechanism\*\* `include:_spf\.example\.net`/);
  assert.match(h.markdown, /rfc7208#section-5\.2/);
  assert.match(h.markdown, /Costs one DNS lookup/);
});

test('an SPF term split across strings on two lines', () => {
  const h = mustHover(HEAD + '@ TXT ( "v=spf1 mx i|n"\n        "clude:_spf.example.net ~all" )\n');
  assert.equal(h.range, 'in"\n        "clude:_spf.example.net');
  assert.match(h.markdown, /`include:_spf\.example\.net`/);
});

test('strings join with nothing between them: a space lost at the split makes one term', () => {
  const h = mustHover(HEAD + '@ TXT "v=spf1 m|x" "-all"\n');
  assert.equal(h.range, 'mx" "-all');
  assert.match(h.markdown, /`mx-all`/);
});

test('qualifiers say what a match gives', () => {
  assert.match(mustHover(HEAD + '@ TXT "v=spf1 mx ~a|ll"\n').markdown, /softfail/);
  assert.match(mustHover(HEAD + '@ TXT "v=spf1 mx -a|ll"\n').markdown, /\*\*fail\*\*/);
  assert.match(mustHover(HEAD + '@ TXT "v=spf1 m|x -all"\n').markdown, /No qualifier, so a match gives \*\*pass\*\*/);
});

test('ip4 costs no lookup; ptr is discouraged', () => {
  const ip4 = mustHover(HEAD + '@ TXT "v=spf1 ip4:192.0.|2.0/24 -all"\n');
  assert.equal(ip4.range, 'ip4:192.0.2.0/24');
  assert.match(ip4.markdown, /Costs no DNS lookup/);
  assert.match(mustHover(HEAD + '@ TXT "v=spf1 p|tr -all"\n').markdown, /SHOULD NOT/);
});

test('redirect written as a mechanism is an unknown mechanism', () => {
  const h = mustHover(HEAD + '@ TXT "v=spf1 redirect:_spf.exa|mple.net"\n');
  assert.match(h.markdown, /Unknown SPF mechanism/);
  assert.match(h.markdown, /`redirect=`/);
  const ok = mustHover(HEAD + '@ TXT "v=spf1 redirect=_spf.exa|mple.net"\n');
  assert.match(ok.markdown, /\*\*SPF modifier\*\* `redirect=_spf\.example\.net`/);
});

test('the type and the version of an SPF record count the DNS-querying terms in this record', () => {
  const zone = (r: string) => HEAD + r + ' "v=spf1 include:a.example.net include:b.example.net mx ip4:192.0.2.1 a:x.example.net -all"\n';
  const type = mustHover(zone('@ T|XT'));
  assert.match(type.markdown, /4 DNS-querying terms \(include ×2, mx, a\)/);
  assert.match(type.markdown, /in this record only/);
  const version = mustHover(zone('@ TXT').replace('v=spf1', 'v=sp|f1'));
  assert.equal(version.range, 'v=spf1');
  assert.match(version.markdown, /4 DNS-querying terms/);
});

test('more than ten lookups in one record is said to fail', () => {
  const terms = Array.from({ length: 11 }, (_, i) => `include:s${i}.example.net`).join(' ');
  const h = mustHover(HEAD + `@ T|XT "v=spf1 ${terms} -all"\n`);
  assert.match(h.markdown, /11 DNS-querying terms/);
  assert.match(h.markdown, /permerror/);
});

test('escapes inside a quoted string map back to the characters written', () => {
  // \109 is "m": the term is mx, written as \109x.
  const h = mustHover(HEAD + '@ TXT "v=spf1 \\109|x -all"\n');
  assert.equal(h.range, '\\109x');
  assert.match(h.markdown, /`mx`/);
  const onEscape = mustHover(HEAD + '@ TXT "v=spf1 \\1|09x -all"\n');
  assert.equal(onEscape.range, '\\109x');
});

// DMARC and DKIM

test('DMARC tags and their values', () => {
  const zone = (r: string) => HEAD + `_dmarc TXT "${r}"\n`;
  const p = mustHover(zone('v=DMARC1; p=rej|ect; rua=mailto:d@example.com'));
  assert.equal(p.range, 'p=reject');
  assert.match(p.markdown, /\*\*DMARC tag\*\* `p`/);
  assert.match(p.markdown, /`reject`: Receivers refuse/);
  assert.match(p.markdown, /rfc9989/);
  const pct = mustHover(zone('v=DMARC1; p=none; p|ct=50'));
  assert.match(pct.markdown, /Removed in RFC 9989/);
  const np = mustHover(zone('v=DMARC1; p=none; n|p=reject'));
  assert.match(np.markdown, /do not exist/);
  const fo = mustHover(zone('v=DMARC1; p=none; fo=|0:d'));
  assert.match(fo.markdown, /`0`: When both/);
  assert.match(fo.markdown, /`d`: When a DKIM signature fails/);
  const unknown = mustHover(zone('v=DMARC1; p=none; |foo=bar'));
  assert.match(unknown.markdown, /Unknown DMARC tag/);
  const t = mustHover(zone('v=DMARC1; p=reject; t=|y'));
  assert.match(t.markdown, /next milder policy/);
});

test('a DMARC tag split across strings', () => {
  const h = mustHover(HEAD + '_dmarc TXT "v=DMARC1; p=quar" "an|tine"\n');
  assert.equal(h.range, 'p=quar" "antine');
  assert.match(h.markdown, /`quarantine`: /);
});

test('DKIM key tags, with or without v=DKIM1', () => {
  const k = mustHover(HEAD + 'sel._domainkey TXT "v=DKIM1; k=ed|25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="\n');
  assert.equal(k.range, 'k=ed25519');
  assert.match(k.markdown, /\*\*DKIM key tag\*\* `k`/);
  assert.match(k.markdown, /RFC 8463/);
  const p = mustHover(HEAD + 'sel._domainkey TXT "k=rsa; |p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"\n');
  assert.match(p.markdown, /public key/);
  const revoked = mustHover(HEAD + 'sel._domainkey TXT "v=DKIM1; |p="\n');
  assert.match(revoked.markdown, /revoked/);
});

// Directives

test('directives have hovers', () => {
  const ttl = mustHover('$TTL 1|h\nwww A 192.0.2.1\n');
  assert.equal(ttl.range, '1h');
  assert.match(ttl.markdown, /`1h` is 3600 seconds \(1 hour\)/);
  const origin = mustHover('$OR|IGIN example.com.\n');
  assert.equal(origin.range, '$ORIGIN');
  assert.match(origin.markdown, /appended to every name/);
  assert.match(mustHover('$ORIGIN s|ub\n').markdown, /has no final dot/);
  assert.match(mustHover('$GEN|ERATE 1-3 host$ A 192.0.2.$\n').markdown, /one record per number/);
  assert.match(mustHover('$INCL|UDE keys.zone\n').markdown, /Reads another file/);
});

// Nothing

test('no hover on comments, blank lines or space between tokens', () => {
  assert.equal(hoverAt(HEAD + 'www A 192.0.2.1 ; a com|ment\n'), null);
  assert.equal(hoverAt(HEAD + 'www A 192.0.2.1\n|\nftp A 192.0.2.2\n'), null);
  assert.equal(hoverAt(HEAD + 'www  | A 192.0.2.1\n'), null);
  assert.equal(hoverAt('@ IN SOA ns1 hostmaster ( 1 ; se|rial\n  7200 3600 1209600 300 )\n'), null);
  assert.equal(hoverAt('; only a comm|ent\n'), null);
  assert.equal(hoverAt(HEAD + '@ TXT "v=spf1 mx" | "-all"\n'), null);
});

test('records after an $INCLUDE are still found', () => {
  const host: IncludeHost = { read: () => ({ path: '/zones/inc.zone', text: 'a A 192.0.2.10\nb A 192.0.2.11\nc A 192.0.2.12\n' }) };
  const h = hoverAt(HEAD + '$INCLUDE inc.zone\nw|ww A 192.0.2.1\n', host);
  assert.ok(h);
  assert.match(h.markdown, /`www\.example\.com\.`/);
});

test('hover on a large zone finds the record without reading every record', () => {
  const lines = [HEAD];
  for (let i = 0; i < 100000; i++) lines.push(`host${i} A 192.0.2.${i % 250}\n`);
  const text = lines.join('') + 'last MX 10 mail\n';
  const parsed = parseZone(text, { origin: 'example.com.' });
  const offset = text.lastIndexOf('MX');
  hover(parsed, text, offset);
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) hover(parsed, text, offset - i * 3000);
  const elapsed = (performance.now() - t0) / 20;
  const h = hover(parsed, text, offset)!;
  assert.match((h.contents as { value: string }).value, /Mail exchanger/);
  assert.ok(elapsed < 20, `hover took ${elapsed.toFixed(1)} ms`);
});
