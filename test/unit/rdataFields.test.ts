// The field names and values rules rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRdata } from './rdataHarness';
import { printGeneric } from '../../server/src/service/rdata/index';

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
  const result = parseRdata('DHCID', '\\# 3 ABCDEF');
  assert.deepEqual(result.fields?.map((f) => [f.name, f.value]), [['data', 'abcdef']]);
  assert.equal(printGeneric(Uint8Array.from([0xab, 0xcd, 0xef])), '\\# 3 ABCDEF');
  assert.equal(printGeneric(new Uint8Array(0)), '\\# 0');
});

test('a known type given in generic form takes its own fields', () => {
  const result = parseRdata('MX', '\\# 5 000A016D00');
  assert.deepEqual(result.reports, []);
  assert.deepEqual(result.fields?.map((f) => f.value), [10, 'm.']);
  assert.equal(result.printed, '10 m.');
});
