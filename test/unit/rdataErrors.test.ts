// Invalid RDATA (each rejected by BIND 9.18) is reported with the right rule at the right characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRdata } from './rdataHarness';

// [type, rdata, code, the characters the report points at ('' for an empty span at `at`)]
const ERROR_CASES: [type: string, rdata: string, code: string, text: string][] = [
  ['A', '1.2.3', 'syntax-rdata-field', '1.2.3'],
  ['A', '01.2.3.4', 'syntax-rdata-field', '01.2.3.4'],
  ['A', '1.2.3.256', 'syntax-rdata-field', '1.2.3.256'],
  ['A', '1.2.3.4.5', 'syntax-rdata-field', '1.2.3.4.5'],
  ['A', '0x1.2.3.4', 'syntax-rdata-field', '0x1.2.3.4'],
  ['A', '"1.2.3.4"', 'syntax-rdata-field', '"1.2.3.4"'],
  ['A', '1.2.3.4 5', 'syntax-rdata-extra', '5'],
  ['AAAA', '2001:db8::1::2', 'syntax-rdata-field', '2001:db8::1::2'],
  ['AAAA', '12345::1', 'syntax-rdata-field', '12345::1'],
  ['AAAA', '1:2:3:4:5:6:7:8:9', 'syntax-rdata-field', '1:2:3:4:5:6:7:8:9'],
  ['AAAA', 'fe80::1%eth0', 'syntax-rdata-field', 'fe80::1%eth0'],
  ['AAAA', '::1.2.3', 'syntax-rdata-field', '::1.2.3'],
  ['AAAA', '1:2:3:4:5:6:7', 'syntax-rdata-field', '1:2:3:4:5:6:7'],
  ['MX', '65536 a', 'syntax-rdata-field', '65536'],
  ['MX', '-1 a', 'syntax-rdata-field', '-1'],
  ['MX', '"1" a', 'syntax-rdata-field', '"1"'],
  ['MX', '1 "a"', 'syntax-rdata-field', '"a"'],
  ['MX', '1 a b', 'syntax-rdata-extra', 'b'],
  ['MX', '1 a..b', 'syntax-empty-label', '.'],
  ['CNAME', `${'x'.repeat(64)}.example.`, 'syntax-label-too-long', 'x'.repeat(64)],
  ['SRV', '1 2 65536 a', 'syntax-rdata-field', '65536'],
  ['SOA', 'ns1 h 4294967296 1 1 1 1', 'syntax-rdata-field', '4294967296'],
  ['SOA', 'ns1 h 1 4294967296 1 1 1', 'syntax-rdata-field', '4294967296'],
  ['SOA', 'ns1 h 1h 1 1 1 1', 'syntax-rdata-field', '1h'],
  ['SOA', 'ns1 h 1 1x 1 1 1', 'syntax-rdata-field', '1x'],
  ['SOA', 'ns1 h 1 h 1 1 1', 'syntax-rdata-field', 'h'],
  ['SOA', 'ns1 h 1 7102w 1 1 1', 'syntax-rdata-field', '7102w'],
  ['SOA', 'ns1 h 1 1 1 1 +1', 'syntax-rdata-field', '+1'],
  ['SOA', 'ns1 h 1 1 1 1 1m5', 'syntax-rdata-field', '1m5'],
  ['SOA', 'ns1 h 1 0x10 1 1 1', 'syntax-rdata-field', '0x10'],
  ['SOA', 'ns1 h 1 1 1 1 1 1', 'syntax-rdata-extra', '1'],
  ['TXT', `"${'x'.repeat(256)}"`, 'txt-string-too-long', `"${'x'.repeat(256)}"`],
  ['TXT', 'x'.repeat(256), 'txt-string-too-long', 'x'.repeat(256)],
  ['TXT', '"ok" "a\\300"', 'syntax-bad-escape', '\\300'],
  ['TXT', '"a\\1b"', 'syntax-bad-escape', '\\1b'],
  ['HINFO', '"PC" "a" "b"', 'syntax-rdata-extra', '"b"'],
  ['NAPTR', '1 1 "U" "x" "bad" .', 'syntax-rdata-field', '"bad"'],
  ['NAPTR', '1 1 "U" "x" "!(a)!\\\\2!" .', 'syntax-rdata-field', '"!(a)!\\\\2!"'],
  ['NAPTR', '1 1 "U" "x" "!a!b!x" .', 'syntax-rdata-field', '"!a!b!x"'],
  ['NAPTR', '1 1 "U" "x" "1a1b1" .', 'syntax-rdata-field', '"1a1b1"'],
  ['NAPTR', '1 1 "U" "x" "!a!b" .', 'syntax-rdata-field', '"!a!b"'],
  ['CAA', '256 issue "x"', 'syntax-rdata-field', '256'],
  ['CAA', '0 "is sue" "x"', 'syntax-rdata-field', '"is sue"'],
  ['CAA', '0 is-sue "x"', 'syntax-rdata-field', '-'],
  ['CAA', '0 issue "x" y', 'syntax-rdata-extra', 'y'],
  ['TLSA', 'DANE-EE SPKI SHA2-256 abcd', 'syntax-rdata-field', 'DANE-EE'],
  ['TLSA', '3 1 256 abcd', 'syntax-rdata-field', '256'],
  ['TLSA', '3 1 1 abc', 'syntax-rdata-field', 'abc'],
  ['TLSA', '3 1 1 ab xz', 'syntax-rdata-field', 'x'],
  ['SSHFP', '1 2 abcd', 'syntax-rdata-field', 'abcd'],
  ['SSHFP', '1 1 DEADBEEF00', 'syntax-rdata-field', 'DEADBEEF00'],
  ['DS', '1 8 2 abcd', 'syntax-rdata-field', 'abcd'],
  ['DS', '1 8 1 ab cd', 'syntax-rdata-field', 'ab cd'],
  ['DS', '65536 8 0 ab', 'syntax-rdata-field', '65536'],
  ['DS', '1 256 0 ab', 'syntax-rdata-field', '256'],
  ['DS', '1 8 0 -', 'syntax-rdata-field', '-'],
  ['DNSKEY', '257 3 8 AAA', 'syntax-rdata-field', 'AAA'],
  ['DNSKEY', '257 3 8 AAAA ===', 'syntax-rdata-field', 'AAAA ==='],
  ['DNSKEY', '257 3 8 AB==', 'syntax-rdata-field', 'B'],
  ['DNSKEY', '257 3 8 AA!A', 'syntax-rdata-field', '!'],
  ['DNSKEY', '65536 3 8 AAAA', 'syntax-rdata-field', '65536'],
  ['DNSKEY', '257 3 NOSUCHALG AAAA', 'syntax-rdata-field', 'NOSUCHALG'],
  ['RRSIG', 'A 8 3 1h 1700000000 20231201000000 1 example.com. AAAA', 'syntax-rdata-field', '1h'],
  ['RRSIG', 'A 8 3 3600 2024010100000 20231201000000 1 example.com. AAAA', 'syntax-rdata-field', '2024010100000'],
  ['RRSIG', 'A 8 3 3600 20241301000000 20231201000000 1 example.com. AAAA', 'syntax-rdata-field', '20241301000000'],
  ['RRSIG', 'A 8 3 3600 4294967296 20231201000000 1 example.com. AAAA', 'syntax-rdata-field', '4294967296'],
  ['RRSIG', 'A 8 256 3600 20240101000000 20231201000000 1 example.com. AAAA', 'syntax-rdata-field', '256'],
  ['RRSIG', 'FOO 8 3 3600 20240101000000 20231201000000 1 example.com. AAAA', 'syntax-rdata-field', 'FOO'],
  ['NSEC', 'a A FOO', 'syntax-rdata-field', 'FOO'],
  ['NSEC', 'a A TYPE65536', 'syntax-rdata-field', 'TYPE65536'],
  ['NSEC3', '1 0 0 - zzzz', 'syntax-rdata-field', 'zzzz'],
  ['NSEC3', '1 0 0 - 2vptu5timamqttgl4luu9kg21e0aor3', 'syntax-rdata-field', '2vptu5timamqttgl4luu9kg21e0aor3'],
  ['NSEC3', '1 0 0 "" 2vptu5timamqttgl4luu9kg21e0aor3s', 'syntax-rdata-field', '""'],
  ['NSEC3PARAM', '1 0 65536 -', 'syntax-rdata-field', '65536'],
  ['NSEC3PARAM', '1 0 0 abc', 'syntax-rdata-field', 'abc'],
  ['ZONEMD', '1 1 1 abcd', 'syntax-rdata-field', 'abcd'],
  ['ZONEMD', '1 1 3 abcd', 'syntax-rdata-field', 'abcd'],
  ['CERT', '65536 0 0 AAAA', 'syntax-rdata-field', '65536'],
  ['URI', '1 1 foo', 'syntax-rdata-field', 'foo'],
  ['LOC', '91 N 0 W 0', 'syntax-rdata-field', '91'],
  ['LOC', '51 N 0 W 0 1e3m', 'syntax-rdata-field', '1e3m'],
  ['LOC', '51 30 12.7489 N 0 W 0', 'syntax-rdata-field', '12.7489'],
  ['LOC', '51 N 181 W 0', 'syntax-rdata-field', '181'],
  ['LOC', '51 60 N 0 W 0', 'syntax-rdata-field', '60'],
  ['LOC', '51 N 0 W -100000.01m', 'syntax-rdata-field', '-100000.01m'],
  ['LOC', '51 n 0 w 1.5', 'syntax-rdata-field', 'n'],
  ['LOC', '51 N 0 W 1.555m', 'syntax-rdata-field', '1.555m'],
  ['HTTPS', '1 . alpn', 'syntax-rdata-field', 'alpn'],
  ['HTTPS', '1 . alpn=', 'syntax-rdata-field', 'alpn='],
  ['HTTPS', '1 . port=70000', 'syntax-rdata-field', 'port=70000'],
  ['HTTPS', '1 . foo=1', 'syntax-rdata-field', 'foo'],
  ['HTTPS', '1 . port=1 port=2', 'syntax-rdata-field', 'port=2'],
  ['HTTPS', '1 . mandatory=port', 'syntax-rdata-field', 'mandatory=port'],
  ['HTTPS', '1 . no-default-alpn=x', 'syntax-rdata-field', 'no-default-alpn=x'],
  ['HTTPS', '1 . no-default-alpn', 'syntax-rdata-field', 'no-default-alpn'],
  ['HTTPS', '1 . ipv4hint=1.2.3', 'syntax-rdata-field', 'ipv4hint=1.2.3'],
  ['HTTPS', '1 . ech=!!', 'syntax-rdata-field', 'ech=!!'],
  ['HTTPS', '1 . "alpn=h2"', 'syntax-rdata-field', '"alpn=h2"'],
  ['HTTPS', '1 . mandatory=mandatory', 'syntax-rdata-field', 'mandatory=mandatory'],
  ['HTTPS', '1 . mandatory=alpn,alpn alpn=h2', 'syntax-rdata-field', 'mandatory=alpn,alpn'],
  ['HTTPS', '1 . Alpn=h2', 'syntax-rdata-field', 'Alpn'],
  ['HTTPS', '1 . key65536=x', 'syntax-rdata-field', 'key65536'],
  ['HTTPS', '1 . key01=x', 'syntax-rdata-field', 'key01'],
  ['HTTPS', '1 . alpn=h2,,h3', 'syntax-rdata-field', 'alpn=h2,,h3'],
  ['HTTPS', '65536 .', 'syntax-rdata-field', '65536'],
  ['EUI48', '00:00:5e:00:53:2a', 'syntax-rdata-field', '00:00:5e:00:53:2a'],
  ['A', '\\# 3 C00002', 'syntax-generic-rdata', '\\# 3 C00002'],
  ['A', '\\# 2 C00002', 'syntax-generic-rdata', '2 C00002'],
  ['A', '\\# 5 C000020101', 'syntax-generic-rdata', '\\# 5 C000020101'],
  ['MX', '\\# 4 000A0000', 'syntax-generic-rdata', '\\# 4 000A0000'],
  ['A', '\\# x', 'syntax-generic-rdata', 'x'],
  ['A', '\\# 70000 00', 'syntax-generic-rdata', '70000'],
  // BIND rejects empty data for every known type except APL and the reserved ones.
  ['DS', '\\# 0', 'syntax-generic-rdata', '\\# 0'],
  ['CERT', '\\# 0', 'syntax-generic-rdata', '\\# 0'],
  ['DNSKEY', '\\# 0', 'syntax-generic-rdata', '\\# 0'],
  ['SVCB', '\\# 0', 'syntax-generic-rdata', '\\# 0'],
  ['TXT', '\\# 0', 'syntax-generic-rdata', '\\# 0'],
  ['SPF', '\\# text', 'syntax-generic-rdata', 'text'],
  ['TXT', '\\# 1 0161', 'syntax-generic-rdata', '1 0161'],
  // Wire data BIND refuses to decode.
  ['DS', '\\# 5 0001080201', 'syntax-generic-rdata', '\\# 5 0001080201'],
  ['DNSKEY', '\\# 4 01010308', 'syntax-generic-rdata', '\\# 4 01010308'],
  ['KEY', '\\# 4 01000305', 'syntax-generic-rdata', '\\# 4 01000305'],
  ['RRSIG', '\\# 19 000108030000000A0000000B0000000C000100', 'syntax-generic-rdata', '\\# 19 000108030000000A0000000B0000000C000100'],
  ['ZONEMD', '\\# 17 0000000101000000000000000000000000', 'syntax-generic-rdata', '\\# 17 0000000101000000000000000000000000'],
  ['SSHFP', '\\# 3 010100', 'syntax-generic-rdata', '\\# 3 010100'],
  ['NSEC', '\\# 3 000000', 'syntax-generic-rdata', '\\# 3 000000'],
  ['NSEC', '\\# 1 00', 'syntax-generic-rdata', '\\# 1 00'],
  ['NSEC3', '\\# 10 010000000001AA000140', 'syntax-generic-rdata', '\\# 10 010000000001AA000140'],
  ['NAPTR', '\\# 12 000a00140155000000000000', 'syntax-generic-rdata', '\\# 12 000a00140155000000000000'],
  ['SVCB', '\\# 9 000100000200020035', 'syntax-generic-rdata', '\\# 9 000100000200020035'],
  // SVCB values BIND refuses.
  ['SVCB', '1 . alpn=a\\\n', 'syntax-bad-escape', 'alpn=a\\\n'],
  ['SVCB', '1 . dohpath=', 'syntax-rdata-field', 'dohpath='],
  ['SVCB', '1 . dohpath', 'syntax-rdata-field', 'dohpath'],
  ['SVCB', '1 . dohpath=/q', 'syntax-rdata-field', 'dohpath=/q'],
  ['SVCB', '1 . key7=x', 'syntax-rdata-field', 'key7=x'],
  ['SVCB', '1 . dohpath=/q\\255{?dns}', 'syntax-rdata-field', 'dohpath=/q\\255{?dns}'],
  // NSEC3: a SHA-1 hash has 20 octets; any hash must fit in a 63-character label.
  ['NSEC3', '1 0 10 76931F IMQ912BREQP1POLAH3RMONG A', 'syntax-rdata-field', 'IMQ912BREQP1POLAH3RMONG'],
  ['NSEC3', '1 0 0 - 2vptu5ti A', 'syntax-rdata-field', '2vptu5ti'],
  ['NSEC3', `0 0 0 - ${'0S3GE1O7'.repeat(8)} A`, 'syntax-rdata-field', '0S3GE1O7'.repeat(8)],
  ['RRSIG', 'A 8 3 3600 20230229000000 20100221180048 1 example. AAAA', 'syntax-rdata-field', '20230229000000'],
  ['SIG', 'A RSASHA1 3 3600 1 2 2143 foo AAAA', 'syntax-rdata-field', '1'],
  ['KEY', '49152 3 5 AQNR', 'syntax-rdata-extra', 'AQNR'],
  ['NXT', 'a TYPE128', 'syntax-rdata-field', 'TYPE128'],
  ['NXT', 'a CAA', 'syntax-rdata-field', 'CAA'],
  ['X25', '123', 'syntax-rdata-field', '123'],
  ['X25', '"12a"', 'syntax-rdata-field', '"12a"'],
  ['ISDN', 'a b c', 'syntax-rdata-extra', 'c'],
  ['NSAP', '0x47000', 'syntax-rdata-field', '0x47000'],
  ['NSAP', '47000580', 'syntax-rdata-field', '47000580'],
  ['WKS', '10.0.0.1 udp 65536', 'syntax-rdata-field', '65536'],
  ['WKS', '10.0.0.1 foo 1', 'syntax-rdata-field', 'foo'],
  ['WKS', '10.0.0.1 256 1', 'syntax-rdata-field', '256'],
  ['APL', '1:10.0.0.0/33', 'syntax-rdata-field', '1:10.0.0.0/33'],
  ['APL', '1:10.0.0.0', 'syntax-rdata-field', '1:10.0.0.0'],
  ['APL', '3:1/1', 'syntax-rdata-field', '3:1/1'],
  ['APL', '1:010.0.0.0/8', 'syntax-rdata-field', '1:010.0.0.0/8'],
  ['IPSECKEY', '10 1 2 gw.example. AA==', 'syntax-rdata-field', 'gw.example.'],
  ['IPSECKEY', '10 4 2 . AA==', 'syntax-rdata-field', '4'],
  ['IPSECKEY', '10 0 2 foo AQNR', 'syntax-rdata-field', 'foo'],
];

for (const [type, rdata, code, text] of ERROR_CASES) {
  test(`${type} ${rdata.length > 50 ? rdata.slice(0, 50) + '...' : rdata}: ${code} at '${text.slice(0, 20)}'`, () => {
    const result = parseRdata(type, rdata);
    assert.equal(result.fields, undefined, 'the RDATA must not parse');
    assert.ok(result.reports.length >= 1, 'a fault must be reported');
    const first = result.reports[0];
    assert.equal(first.code, code, first.message);
    assert.equal(first.text, text, first.message);
    assert.ok(first.message.length > 20);
  });
}

// Missing fields are reported once, as an empty span at the end of the last token.
const MISSING_CASES: [type: string, rdata: string, mentions: string][] = [
  ['A', '', 'address'],
  ['MX', '10', 'mail exchange name'],
  ['SRV', '1 2 3', 'target host'],
  ['SOA', 'ns1 h 1 1 1 1', 'negative-caching TTL'],
  ['TXT', '', 'text'],
  ['CAA', '0 issue', 'value'],
  ['TLSA', '3 1 1', 'certificate association data'],
  ['DS', '1 8 0', 'digest'],
  ['DNSKEY', '257 3 8', 'public key'],
  ['RRSIG', 'A 8 3 3600 20240101000000 20231201000000 1 example.com.', 'signature'],
  ['NSEC', 'a', 'type'],
  ['NSEC3PARAM', '1 0 0', 'salt'],
  ['HINFO', '"a"', 'OS string'],
  ['HTTPS', '1', 'target name'],
  ['URI', '1 1', 'target'],
  ['LOC', '51 N 0 W', 'altitude'],
  ['OPENPGPKEY', '', 'public key'],
  ['A', '\\# 1', 'data'],
  ['KEY', '256 3 5', 'public key'],
  ['IPSECKEY', '10 0 2 .', 'public key'],
  ['GPOS', '"1" "2"', 'altitude'],
];

for (const [type, rdata, mentions] of MISSING_CASES) {
  test(`${type} '${rdata}': the ${mentions} is reported missing`, () => {
    const result = parseRdata(type, rdata);
    assert.equal(result.fields, undefined);
    assert.equal(result.reports.length, 1, JSON.stringify(result.reports));
    const [report] = result.reports;
    assert.match(report.code, type === 'A' && rdata.startsWith('\\#') ? /^syntax-generic-rdata$/ : /^syntax-rdata-missing$/);
    assert.ok(report.message.includes(mentions), report.message);
    assert.equal(report.start, report.end);
    assert.equal(report.start, rdata.length);
  });
}

test('a name fault inside a token points at the label, offset by the token start', () => {
  const result = parseRdata('NS', `ns1..example.com.`);
  assert.deepEqual(
    result.reports.map((r) => [r.code, r.start, r.end]),
    [['syntax-empty-label', 4, 5]],
  );
});

test('a bad escape in a quoted string points inside the quotes', () => {
  const result = parseRdata('TXT', '"ok" "ab\\999"');
  assert.equal(result.reports[0].code, 'syntax-bad-escape');
  assert.equal(result.reports[0].start, 8);
  assert.equal(result.reports[0].text, '\\999');
});

test('TLSA mnemonics are refused with the number to write', () => {
  const result = parseRdata('TLSA', 'DANE-EE 1 1 abcd');
  assert.match(result.reports[0].message, /write 3 instead/);
});
