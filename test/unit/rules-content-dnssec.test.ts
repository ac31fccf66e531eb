import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFixture } from '../helpers/fixture';
import { lintText } from '../../server/src/service/lint';
import { keyTag } from '../../server/src/service/rules/content/keyTag';
import { signatureTimestamp } from '../../server/src/service/rules/content/dnssec';

const FIXTURES = join(__dirname, '..', 'fixtures', 'content');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
/** 2025-06-01T00:00:00Z */
const NOW = Date.UTC(2025, 5, 1) / 1000;
const SIG = 'oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o=';

test('DNSSEC faults are reported where they are drawn', () => {
  checkFixture(fixture('dnssec-faults.zone'), { origin: 'example.com.', now: NOW, only: ['dnssec-'] });
});

test('a correctly signed zone gives no DNSSEC diagnostics', () => {
  checkFixture(fixture('dnssec-valid.zone'), { origin: 'example.com.', now: NOW, only: ['dnssec-'] });
});

test('signature times are judged against options.now', () => {
  const text = `@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ 3600 IN NS ns1\n@ 3600 IN RRSIG SOA 13 2 3600 20250101000000 20241201000000 1234 example.com. ${SIG}\n`;
  const codes = (now: number) => lintText(text, { origin: 'example.com.', now }).diagnostics.map((d) => d.code).filter((c) => c.startsWith('dnssec-rrsig'));
  assert.deepEqual(codes(Date.UTC(2024, 11, 15) / 1000), []);
  assert.deepEqual(codes(Date.UTC(2025, 0, 1, 0, 0, 1) / 1000), ['dnssec-rrsig-expired']);
  assert.deepEqual(codes(Date.UTC(2024, 10, 30) / 1000), ['dnssec-rrsig-not-yet-valid']);
});

test('signature timestamps use the RRSIG field form', () => {
  assert.equal(signatureTimestamp(Date.UTC(2025, 0, 2, 3, 4, 5) / 1000), '20250102030405');
});

test('key tags follow RFC 4034 Appendix B', () => {
  // An ECDSA P-256 key whose tag was computed independently from its wire form.
  assert.equal(keyTag(257, 3, 13, 'BAsY2MdJY/bpggmXu6iYFnjlwB5gX+43zvMGR0MtB1BpkcmxyAH76f8/OzphasSVFr0jfm3ZmiUY8pLOOu2cvw=='), 22447);
  assert.equal(keyTag(256, 3, 13, 'bQ4+6706cqeX9RG9BiPgT4P7r2tyNcNUb0Y4cjp5iR43JRnaeuLpsatuppr36nJ6QgjfI5jw/5PgoVKO0IumHQ=='), 6621);
  assert.equal(keyTag(257, 3, 13, 'not base64!'), undefined);
});

test('a fragment without SOA is not judged for DS placement', () => {
  const text = 'www 3600 IN DS 1672 13 2 ' + 'AB'.repeat(32) + '\n';
  const codes = lintText(text, { origin: 'example.com.' }).diagnostics.map((d) => d.code);
  assert.ok(!codes.includes('dnssec-ds-not-at-delegation'));
});

test('many expired signatures: the first hundred are marked and the last one counts the rest', () => {
  const lines = ['@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 3600', '@ 3600 IN NS ns1'];
  for (let i = 0; i < 150; i++) lines.push(`h${i} 3600 IN RRSIG A 13 3 3600 20250101000000 20241201000000 1234 example.com. ${SIG}`);
  const expired = lintText(lines.join('\n') + '\n', { origin: 'example.com.', now: NOW }).diagnostics.filter((d) => d.code === 'dnssec-rrsig-expired');
  assert.equal(expired.length, 100);
  assert.match(expired[99].message, /50 more signatures/);
});
