import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFixture } from '../helpers/fixture';
import { lintText } from '../../server/src/service/lint';

const FIXTURES = join(__dirname, '..', 'fixtures', 'content');
const TXT_RULES = ['txt-', 'zone-typographic-quotes', 'zone-non-ascii-text'];
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function lint(text: string) {
  return lintText(text, { origin: 'example.com.' }).diagnostics;
}

test('TXT faults are reported where they are drawn', () => {
  checkFixture(fixture('txt-faults.zone'), { origin: 'example.com.', only: TXT_RULES });
});

test('well-formed TXT records give no TXT diagnostics', () => {
  checkFixture(fixture('txt-valid.zone'), { origin: 'example.com.', only: TXT_RULES });
});

test('unquoted SPF: the message shows the glued value and the fix quotes the words', () => {
  const [d] = lint('@ 3600 IN TXT v=spf1 ip4:192.0.2.1 -all\n').filter((x) => x.code === 'txt-unquoted-spaces');
  assert.match(d.message, /'v=spf1ip4:192\.0\.2\.1-all'/);
  assert.deepEqual(d.data, { replacement: '"v=spf1 ip4:192.0.2.1 -all"', start: 14, end: 39 });
});

test("unquoted ';': the fix quotes the value together with the comment that swallowed it", () => {
  const text = '_dmarc 3600 IN TXT v=DMARC1; p=reject\n';
  const [d] = lint(text).filter((x) => x.code === 'txt-unquoted-semicolon');
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.data, { replacement: '"v=DMARC1; p=reject"', start: text.indexOf('v='), end: text.indexOf('\n') });
  assert.equal(lint(text).filter((x) => x.code === 'txt-unquoted-spaces').length, 0);
});

test('glued SPF terms: the fix inserts a space inside the quoted string next to the boundary', () => {
  const text = '@ 3600 IN TXT "v=spf1 ip4:192.0.2.1" "include:_spf.example.net -all"\n';
  const [d] = lint(text).filter((x) => x.code === 'txt-split-inside-term');
  assert.deepEqual(d.data, { insert: ' ', at: text.indexOf('include:') });
  assert.match(d.message, /'ip4:192\.0\.2\.1include:_spf\.example\.net'/);
});

test("glued DMARC tags: the fix inserts '; '", () => {
  const text = '_dmarc 3600 IN TXT "v=DMARC1; p=reject" "rua=mailto:d@example.com"\n';
  const [d] = lint(text).filter((x) => x.code === 'txt-split-inside-term');
  assert.deepEqual(d.data, { insert: '; ', at: text.indexOf('rua=') });
});

test('typographic quotes in a mail record: edits turn them into ASCII quotes', () => {
  const text = '@ 3600 IN TXT “v=spf1 -all”\n';
  const [d] = lint(text).filter((x) => x.code === 'zone-typographic-quotes');
  assert.equal(d.severity, 'error');
  const edits = (d.data as { edits: { start: number; end: number; replacement: string }[] }).edits;
  let fixed = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.replacement + fixed.slice(e.end);
  assert.equal(fixed, '@ 3600 IN TXT "v=spf1 -all"\n');
  assert.deepEqual(lint(fixed).filter((x) => x.code.startsWith('zone-')), []);
});

test('the RRset size counts every TXT string at the name, with its length octet', () => {
  const string = (n: number) => '"' + 'x'.repeat(n) + '"';
  // Two records of 224 and 225 octets of text: 2 + 449 = 451 octets on the wire.
  const over = lint(`big 3600 IN TXT ${string(224)}\nbig 3600 IN TXT ${string(225)}\n`).filter((x) => x.code === 'txt-rrset-too-large');
  assert.equal(over.length, 1);
  assert.deepEqual(over[0].data, { octets: 451 });
  const under = lint(`big 3600 IN TXT ${string(224)}\nbig 3600 IN TXT ${string(223)}\n`).filter((x) => x.code === 'txt-rrset-too-large');
  assert.equal(under.length, 0);
});

test('a wildcard TXT lists only the mail names that have no records of their own', () => {
  const text = ['*.example.com. 3600 IN TXT "v=spf1 -all"', '_dmarc 3600 IN TXT "v=DMARC1; p=reject"', 's1._domainkey 3600 IN TXT "v=DKIM1; p=AAAA"', ''].join('\n');
  const [d] = lint(text).filter((x) => x.code === 'txt-wildcard-mail-names');
  assert.deepEqual(d.data, { names: ['_mta-sts.example.com.', '_smtp._tls.example.com.'] });
});

test('content rules run over a large zone in one pass', () => {
  const lines = ['$TTL 3600', '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600', '@ IN NS ns1', 'ns1 IN A 192.0.2.1'];
  for (let i = 0; i < 50000; i++) lines.push(`h${i} IN TXT "v=spf1 ip4:192.0.2.${i % 250} " "include:_spf.example.net -all"`);
  const started = Date.now();
  const diagnostics = lint(lines.join('\n') + '\n').filter((x) => TXT_RULES.some((p) => x.code.startsWith(p)));
  assert.deepEqual(diagnostics, []);
  assert.ok(Date.now() - started < 10000, 'linting 50 000 TXT records took too long');
});
