// The field names and values rules rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRdata } from './rdataHarness';
import { parseGenericRdata, printGeneric } from '../../server/src/service/rdata/index';
import { tokenize } from './rdataHarness';

const FIELD_NAMES: [type: string, rdata: string, names: string[]][] = [
  ['A', '192.0.2.1', ['address']],
  ['CNAME', 'x', ['target']],
  ['SOA', 'ns1 h 1 2 3 4 5', ['mname', 'rname', 'serial', 'refresh', 'retry', 'expire', 'minimum']],
  ['MX', '10 mx', ['preference', 'exchange']],
  ['TXT', '"a" b', ['string', 'string']],
  ['SRV', '1 2 3 t', ['priority', 'weight', 'port', 'target']],
  ['NAPTR', '1 1 "U" "x" "" .', ['order', 'preference', 'flags', 'services', 'regexp', 'replacement']],
  ['CAA', '0 issue "ca"', ['flags', 'tag', 'value']],
  ['TLSA', '3 1 1 AB', ['usage', 'selector', 'matchingType', 'data']],
  ['SSHFP', '1 0 ab', ['algorithm', 'fpType', 'fingerprint']],
  ['DS', '1 8 0 ab', ['keyTag', 'algorithm', 'digestType', 'digest']],
  ['DNSKEY', '257 3 8 AAAA', ['flags', 'protocol', 'algorithm', 'publicKey']],
  ['RRSIG', 'A 8 3 3600 20240101000000 20231201000000 1 example.com. AAAA', ['typeCovered', 'algorithm', 'labels', 'originalTtl', 'expiration', 'inception', 'keyTag', 'signer', 'signature']],
  ['NSEC', 'a A MX', ['next', 'type', 'type']],
  ['NSEC3', '1 0 0 - 2vptu5timamqttgl4luu9kg21e0aor3s A', ['hashAlgorithm', 'flags', 'iterations', 'salt', 'next', 'type']],
  ['NSEC3PARAM', '1 0 0 -', ['hashAlgorithm', 'flags', 'iterations', 'salt']],
  ['HINFO', 'a b', ['cpu', 'os']],
  ['LOC', '51 N 0 W 0', ['location']],
  ['URI', '1 1 "x"', ['priority', 'weight', 'target']],
  ['OPENPGPKEY', 'AAAA', ['publicKey']],
  ['ZONEMD', `1 1 1 ${'ab'.repeat(48)}`, ['serial', 'scheme', 'hashAlgorithm', 'digest']],
  ['CERT', '1 0 0 AAAA', ['certType', 'keyTag', 'algorithm', 'certificate']],
  ['DHCID', 'AAAA', ['data']],
  ['HTTPS', '1 . alpn=h2 port=443', ['priority', 'target', 'param', 'param']],
  ['KEY', '512 3 5 AQNR', ['flags', 'protocol', 'algorithm', 'publicKey']],
  ['KEY', '49152 3 5', ['flags', 'protocol', 'algorithm']],
  ['SIG', 'A 1 3 3600 20000102030405 19961211100908 2143 foo AAAA', ['typeCovered', 'algorithm', 'labels', 'originalTtl', 'expiration', 'inception', 'keyTag', 'signer', 'signature']],
  ['NXT', 'a A MX', ['next', 'type', 'type']],
  ['APL', '1:10.0.0.0/8 !2:::/0', ['item', 'item']],
  ['IPSECKEY', '10 1 2 192.0.2.38 AQNR', ['precedence', 'gatewayType', 'algorithm', 'gateway', 'publicKey']],
  ['X25', '123456789', ['address']],
  ['ISDN', 'a b', ['address', 'subaddress']],
  ['GPOS', '1 2 3', ['longitude', 'latitude', 'altitude']],
  ['NSAP', '0x4700', ['address']],
  ['NSAP-PTR', 'foo', ['target']],
  ['WKS', '10.0.0.1 tcp smtp 53', ['address', 'protocol', 'port', 'port']],
];

for (const [type, rdata, names] of FIELD_NAMES) {
  test(`${type} fields are named ${names.join(', ')}`, () => {
    const result = parseRdata(type, rdata);
    assert.deepEqual(result.reports, []);
    assert.deepEqual(result.fields?.map((f) => f.name), names);
  });
}

test('name fields carry the absolute name, whether relative, and the text as written', () => {
  const [, exchange] = parseRdata('MX', '10 mail')!.fields!;
  assert.deepEqual(exchange, { name: 'exchange', value: 'mail.example.com.', start: 3, end: 7, relative: true, raw: 'mail' });
  const [target] = parseRdata('CNAME', 'x.example.net.')!.fields!;
  assert.equal(target.relative, false);
});

test('TXT strings keep their span, decoded value and raw text', () => {
  const fields = parseRdata('TXT', '"v=spf1 \\"x" -all')!.fields!;
  assert.deepEqual(fields[0], { name: 'string', value: 'v=spf1 "x', start: 0, end: 12, raw: 'v=spf1 \\"x' });
  assert.deepEqual(fields[1], { name: 'string', value: '-all', start: 13, end: 17, raw: '-all' });
});

test('numbers are numbers, hex is lower case, durations are seconds', () => {
  const tlsa = parseRdata('TLSA', '3 1 1 AB CD')!.fields!;
  assert.equal(tlsa[0].value, 3);
  assert.deepEqual([tlsa[3].value, tlsa[3].start, tlsa[3].end], ['abcd', 6, 11]);
  const soa = parseRdata('SOA', 'ns1 h 1 1h 15m 1w 5M')!.fields!;
  assert.deepEqual(soa.slice(3).map((f) => f.value), [3600, 900, 604800, 300]);
});

test('SVCB params are canonical key=value strings, in the order written', () => {
  const fields = parseRdata('HTTPS', '1 . port=443 alpn=h3,h2')!.fields!;
  assert.deepEqual(fields.slice(2).map((f) => f.value), ['port=443', 'alpn="h3,h2"']);
});

test('generic RDATA of a type without a wire decoder is one hex data field', () => {
  const codes: string[] = [];
  const ctx = { origin: 'example.', report: (code: string) => void codes.push(code) };
  const result = parseGenericRdata(tokenize('\\# 3 ABCDEF'), ctx, 'TYPE65280');
  assert.deepEqual(codes, []);
  assert.deepEqual(result?.fields.map((f) => [f.name, f.value]), [['data', 'abcdef']]);
  // A type BIND does not know may be empty; so may NULL.
  assert.deepEqual(parseGenericRdata(tokenize('\\# 0'), ctx, 'TYPE65280')?.fields.map((f) => f.value), ['']);
  assert.deepEqual(parseGenericRdata(tokenize('\\# 0'), ctx, 'NULL')?.fields.map((f) => f.value), ['']);
  assert.deepEqual(codes, []);
  assert.equal(printGeneric(Uint8Array.from([0xab, 0xcd, 0xef])), '\\# 3 ABCDEF');
  assert.equal(printGeneric(new Uint8Array(0)), '\\# 0');
});

test('a known type given in generic form takes its own fields', () => {
  const result = parseRdata('MX', '\\# 5 000A016D00');
  assert.deepEqual(result.reports, []);
  assert.deepEqual(result.fields?.map((f) => f.value), [10, 'm.']);
  assert.equal(result.printed, '10 m.');
});

test('known types in generic form take the fields of their usual form', () => {
  const svcb = parseRdata('SVCB', '\\# 20 00000a737663622d6c6f6f703105666c61677300');
  assert.deepEqual(svcb.fields?.map((f) => [f.name, f.value]), [['priority', 0], ['target', 'svcb-loop1.flags.']]);
  const ds = parseRdata('DS', '\\# 5 0001080001');
  assert.deepEqual(ds.fields?.map((f) => f.name), ['keyTag', 'algorithm', 'digestType', 'digest']);
  const wks = parseRdata('WKS', '\\# 6 0a0000010660');
  assert.deepEqual(wks.fields?.map((f) => f.value), ['10.0.0.1', 6, 1, 2]);
});

test('TXT \\# not followed by a length is text, as BIND reads it', () => {
  const result = parseRdata('TXT', '\\# text');
  assert.deepEqual(result.reports, []);
  assert.deepEqual(result.fields?.map((f) => f.value), ['#', 'text']);
});

test('a signature time outside 1970-2106 wraps modulo 2^32 as BIND stores it', () => {
  const fields = parseRdata('RRSIG', 'A 8 3 3600 00100227180048 20100221180048 1 example. AAAA').fields!;
  assert.equal(fields[4].value, '20510909190448');
  assert.equal(fields[5].value, '20100221180048');
});
