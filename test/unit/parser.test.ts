import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZone } from '../../server/src/service/zone/parser';
import { printRecord } from '../../server/src/service/zone/canonical';
import { wireLength } from '../../server/src/service/zone/names';
import type { IncludeHost, ParsedZone } from '../../server/src/service/zone/types';

function parse(text: string, origin = 'example.com.', includeHost?: IncludeHost): ParsedZone {
  return parseZone(text, { origin, path: '/zones/example.com.zone', includeHost });
}

function codes(z: ParsedZone): string[] {
  return z.diagnostics.map((d) => d.code);
}

function spanText(z: ParsedZone, d: { file: number; start: number; end: number }): string {
  return z.files[d.file].text.slice(d.start, d.end);
}

function canonical(z: ParsedZone): string[] {
  return z.records.map(printRecord);
}

test('owner forms: @, relative, absolute, blank owner inherits the previous one', () => {
  const z = parse('$TTL 300\n@ IN A 192.0.2.1\nwww A 192.0.2.2\n  AAAA 2001:db8::1\nmail.example.org. A 192.0.2.3\n');
  assert.deepEqual(codes(z), []);
  assert.deepEqual(
    z.records.map((r) => [r.owner, r.type, r.ownerRelative, r.ownerSpan !== undefined]),
    [
      ['example.com.', 'A', true, true],
      ['www.example.com.', 'A', true, true],
      ['www.example.com.', 'AAAA', true, false],
      ['mail.example.org.', 'A', false, true],
    ],
  );
});

test('escapes in names and the limits on labels and names', () => {
  const z = parse('$TTL 300\na\\.b A 192.0.2.1\n\\065bc A 192.0.2.1\n' + 'x'.repeat(64) + ' A 192.0.2.1\n');
  assert.equal(z.records[0].owner, 'a\\.b.example.com.');
  assert.equal(z.records[1].owner, 'Abc.example.com.');
  assert.deepEqual(codes(z), ['syntax-label-too-long']);
  assert.equal(spanText(z, z.diagnostics[0]), 'x'.repeat(64));
  const long = Array.from({ length: 5 }, () => 'y'.repeat(60)).join('.');
  const z2 = parse(`$TTL 300\n${long} A 192.0.2.1\n`);
  assert.deepEqual(codes(z2), ['syntax-name-too-long']);
});

test('wildcards and non-ASCII labels parse; non-ASCII prints as BIND escapes', () => {
  const z = parse('$TTL 300\n*.dyn A 192.0.2.1\nbücher A 192.0.2.1\n');
  assert.deepEqual(codes(z), []);
  assert.equal(z.records[0].owner, '*.dyn.example.com.');
  assert.equal(z.records[1].owner, 'b\\195\\188cher.example.com.');
});

test('TTL and class in either order, TTL units in any case', () => {
  const z = parse('a 1h IN A 192.0.2.1\nb IN 1W2d3H4m5S A 192.0.2.1\nc A 192.0.2.1\nd 1h30m CH TXT "x"\n');
  assert.deepEqual(z.records.map((r) => [r.ttl, r.class, r.ttlSource]), [
    [3600, 'IN', 'explicit'],
    [604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5, 'IN', 'explicit'],
    [604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5, 'IN', 'previous'],
    [5400, 'CH', 'explicit'],
  ]);
  assert.deepEqual(codes(z), ['syntax-class-mismatch']);
  assert.equal(spanText(z, z.diagnostics[0]), 'CH');
});

test('TTL faults: malformed, above 2^31-1, none known', () => {
  const z = parse('a 1x A 192.0.2.1\nb 2147483648 A 192.0.2.1\nc 1h30 A 192.0.2.1\n');
  assert.deepEqual(codes(z), ['syntax-bad-ttl', 'syntax-ttl-too-large', 'syntax-bad-ttl']);
  assert.equal(spanText(z, z.diagnostics[0]), '1x');
  assert.equal(spanText(z, z.diagnostics[1]), '2147483648');
  const none = parse('www A 192.0.2.1\n');
  assert.deepEqual(codes(none), ['syntax-no-ttl']);
});

test('without $TTL the SOA minimum becomes the default TTL, as BIND does', () => {
  const z = parse('@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ NS ns1\nb 2 TXT "two"\nc TXT "default"\n$TTL 1\nd TXT "one"\n');
  assert.deepEqual(z.records.map((r) => [r.ttl, r.ttlSource]), [
    [300, 'soa-minimum'],
    [300, 'soa-minimum'],
    [2, 'explicit'],
    [300, 'soa-minimum'],
    [1, 'default'],
  ]);
});

test('nested parentheses, incomplete escapes and query classes are rejected as BIND does', () => {
  assert.deepEqual(codes(parse('$TTL 300\n@ NS ((ns1))\n')), ['syntax-unbalanced-parens']);
  const esc = parse('$TTL 300\n\\1 NS @\n');
  assert.deepEqual(codes(esc), ['syntax-bad-escape']);
  assert.equal(spanText(esc, esc.diagnostics[0]), '\\1');
  const any = parse('$TTL 300\n@ ANY A 192.0.2.1\n');
  assert.deepEqual(codes(any), ['syntax-unknown-type']);
});

test('a blank owner on the first line of an included file takes the includer\'s owner', () => {
  const host = memoryHost({ '/zones/a.inc': '  TXT "inherited"\n' });
  const z = parse('$TTL 300\nwww A 192.0.2.1\n$INCLUDE a.inc\n', 'example.com.', host);
  assert.deepEqual(codes(z), []);
  assert.deepEqual(z.records.map((r) => [r.owner, r.type]), [['www.example.com.', 'A'], ['www.example.com.', 'TXT']]);
});

test('parentheses across lines with comments inside, and quoted strings with ; inside', () => {
  const text = [
    '$TTL 3600',
    '@ IN SOA ns1.example.com. hostmaster.example.com. ( ; the SOA',
    '    2024010101 ; serial',
    '    7200 3600 1209600 300 )',
    'sel._domainkey TXT ( "v=DKIM1; k=rsa; "   ; first part',
    '                     "p=MIIBIjAN" )',
    '_dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"',
  ].join('\n');
  const z = parse(text);
  assert.deepEqual(codes(z), []);
  assert.equal(z.records.length, 3);
  assert.equal(z.records[0].fields?.find((f) => f.name === 'serial')?.value, 2024010101);
  const dkim = z.records[1];
  assert.deepEqual(dkim.fields?.map((f) => f.value), ['v=DKIM1; k=rsa; ', 'p=MIIBIjAN']);
  // Each string keeps its own span, on its own line.
  assert.equal(text.slice(dkim.rdata[1].start, dkim.rdata[1].end), '"p=MIIBIjAN"');
  assert.equal(z.records[2].fields?.[0].value, 'v=DMARC1; p=reject; rua=mailto:d@example.com');
  assert.deepEqual(z.comments.map((c) => c.text), ['; the SOA', '; serial', '; first part']);
});

test('an unterminated quote is reported and the next line still parses', () => {
  const z = parse('$TTL 300\na TXT "v=spf1 -all\nb A 192.0.2.1\n');
  assert.ok(codes(z).includes('syntax-unbalanced-quotes'));
  assert.equal(spanText(z, z.diagnostics.find((d) => d.code === 'syntax-unbalanced-quotes')!), '"v=spf1 -all');
  assert.ok(z.records.some((r) => r.owner === 'b.example.com.' && r.type === 'A'));
});

test('an unclosed parenthesis is reported once and later records are not swallowed', () => {
  const z = parse('$TTL 300\na TXT ( "one"\n    "two"\nb A 192.0.2.1\nc A 192.0.2.2\n');
  assert.deepEqual(codes(z), ['syntax-unbalanced-parens']);
  assert.equal(spanText(z, z.diagnostics[0]), '(');
  assert.deepEqual(z.records.map((r) => r.owner), ['a.example.com.', 'b.example.com.', 'c.example.com.']);
  assert.deepEqual(z.records[0].fields?.map((f) => f.value), ['one', 'two']);
});

test('a backslash at the end of a line is reported and does not swallow the newline', () => {
  const z = parse('$TTL 300\na TXT abc\\\nb A 192.0.2.1\n');
  assert.deepEqual(codes(z), ['syntax-bad-escape']);
  assert.deepEqual(z.records.map((r) => r.owner), ['a.example.com.', 'b.example.com.']);
});

test('a stray closing parenthesis is reported', () => {
  const z = parse('$TTL 300\na A 192.0.2.1 )\n');
  assert.deepEqual(codes(z), ['syntax-unbalanced-parens']);
});

test('TYPEnnn and RFC 3597 generic RDATA', () => {
  const z = parse('$TTL 300\na TYPE65280 \\# 4 0A000001\nb TYPE1 \\# 4 C0000201\nc A \\# 4 C0000202\n');
  assert.deepEqual(codes(z), []);
  assert.deepEqual(z.records.map((r) => r.type), ['TYPE65280', 'A', 'A']);
  const out = canonical(z);
  assert.match(out[0], /^a\.example\.com\. 300 IN TYPE65280 \\# 4 0A000001$/i);
  assert.equal(out[1], 'b.example.com. 300 IN A 192.0.2.1');
  assert.equal(out[2], 'c.example.com. 300 IN A 192.0.2.2');
});

test('unknown type and unknown directive are reported at their tokens', () => {
  const z = parse('$TTL 300\na FOO 1 2\n$FOO bar\nb A 192.0.2.1\n');
  assert.deepEqual(codes(z), ['syntax-unknown-type', 'syntax-unknown-directive']);
  assert.equal(spanText(z, z.diagnostics[0]), 'FOO');
  assert.equal(spanText(z, z.diagnostics[1]), '$FOO');
  assert.equal(z.records.length, 1);
});

test('$ORIGIN changes the origin of later relative names', () => {
  const z = parse('$TTL 300\n$ORIGIN sub.example.com.\nwww A 192.0.2.1\n$ORIGIN deeper\nx A 192.0.2.1\n');
  assert.deepEqual(z.records.map((r) => r.owner), ['www.sub.example.com.', 'x.deeper.sub.example.com.']);
});

function memoryHost(files: Record<string, string>): IncludeHost {
  return {
    read(from, target) {
      const dir = from.slice(0, from.lastIndexOf('/'));
      const path = target.startsWith('/') ? target : `${dir}/${target}`;
      const text = files[path];
      return text === undefined ? { error: `file '${path}' not found.` } : { path, text };
    },
  };
}

test('$INCLUDE reads relative to the including file, with an optional origin that does not leak', () => {
  const host = memoryHost({
    '/zones/inc/hosts.inc': 'www A 192.0.2.1\n$INCLUDE more.inc\n',
    '/zones/inc/more.inc': 'deep A 192.0.2.2\n',
  });
  const z = parse('$TTL 300\n$INCLUDE inc/hosts.inc sub.example.com.\nafter A 192.0.2.3\n', 'example.com.', host);
  assert.deepEqual(codes(z), []);
  assert.deepEqual(z.records.map((r) => [r.owner, r.file]), [
    ['www.sub.example.com.', 1],
    ['deep.sub.example.com.', 2],
    ['after.example.com.', 0],
  ]);
  assert.equal(z.files[1].path, '/zones/inc/hosts.inc');
  assert.deepEqual(z.files[2].includedFrom?.file, 1);
});

test('$INCLUDE faults: missing file, cycle, nesting deeper than 8, no host', () => {
  const missing = parse('$INCLUDE nothere.inc\n', 'example.com.', memoryHost({}));
  assert.deepEqual(codes(missing), ['syntax-include-failed']);
  assert.equal(spanText(missing, missing.diagnostics[0]), 'nothere.inc');

  const cycle = parse('$INCLUDE a.inc\n', 'example.com.', memoryHost({ '/zones/a.inc': '$INCLUDE b.inc\n', '/zones/b.inc': '$INCLUDE a.inc\n' }));
  assert.deepEqual(codes(cycle), ['syntax-include-cycle']);
  assert.equal(cycle.diagnostics[0].file, 2);

  const chain: Record<string, string> = {};
  for (let i = 0; i < 12; i++) chain[`/zones/f${i}.inc`] = `h${i} 300 A 192.0.2.1\n$INCLUDE f${i + 1}.inc\n`;
  const deep = parse('$INCLUDE f0.inc\n', 'example.com.', memoryHost(chain));
  assert.deepEqual(codes(deep), ['syntax-include-cycle']);
  assert.equal(deep.records.length, 8);

  const none = parse('$INCLUDE keys.inc\n');
  assert.deepEqual(codes(none), ['syntax-include-skipped']);
});

test('$GENERATE with steps and ${offset,width,base} modifiers', () => {
  const z = parse('$TTL 300\n$GENERATE 1-5/2 host-${10,3,d} A 192.0.2.$\n$GENERATE 10-11 $ PTR h${0,4,x}.example.com.\n');
  assert.deepEqual(codes(z), []);
  assert.deepEqual(canonical(z), [
    'host-011.example.com. 300 IN A 192.0.2.1',
    'host-013.example.com. 300 IN A 192.0.2.3',
    'host-015.example.com. 300 IN A 192.0.2.5',
    '10.example.com. 300 IN PTR h000a.example.com.',
    '11.example.com. 300 IN PTR h000b.example.com.',
  ]);
  assert.ok(z.records.every((r) => r.generated));
});

test('$GENERATE re-reads substituted data as words and writes nibbles with dots, as BIND does', () => {
  const z = parse('$TTL 300\n$GENERATE 1-2 @ TXT "at $"\n$GENERATE 1-1 ${0,2,n}nib TXT x\n$GENERATE 1-1 ${0,4,n}ip6 TXT y\n');
  assert.deepEqual(codes(z), []);
  assert.deepEqual(canonical(z), [
    'example.com. 300 IN TXT "at" "1"',
    'example.com. 300 IN TXT "at" "2"',
    '1.nib.example.com. 300 IN TXT "x"',
    '1.0.ip6.example.com. 300 IN TXT "y"',
  ]);
  const overflow = parse('$TTL 300\n$GENERATE 1-2 h${2147483647} A 192.0.2.1\n');
  assert.deepEqual(codes(overflow), ['syntax-generate-range']);
});

test('$GENERATE faults: bad range, and more than 65,536 records', () => {
  const bad = parse('$TTL 300\n$GENERATE 5-1 h$ A 192.0.2.1\n$GENERATE x h$ A 192.0.2.1\n');
  assert.deepEqual(codes(bad), ['syntax-generate-range', 'syntax-generate-range']);
  const big = parse('$TTL 300\n$GENERATE 0-70000 h$ TXT "x"\n');
  assert.deepEqual(codes(big), ['syntax-generate-too-many']);
  assert.equal(big.records.length, 65536);
});

test('CRLF and BOM are handled and reported once', () => {
  const z = parse('\ufeff$TTL 300\r\nwww A 192.0.2.1 ; c\r\nx TXT "a"\r\n');
  assert.deepEqual(codes(z), ['syntax-bom', 'syntax-crlf']);
  assert.deepEqual(canonical(z), ['www.example.com. 300 IN A 192.0.2.1', 'x.example.com. 300 IN TXT "a"']);
  assert.equal(z.comments[0].text, '; c');
});

test('tabs separate fields', () => {
  const z = parse('$TTL\t300\nwww\tIN\tA\t192.0.2.1\n\tMX\t10 mail\n');
  assert.deepEqual(codes(z), []);
  assert.deepEqual(canonical(z), ['www.example.com. 300 IN A 192.0.2.1', 'www.example.com. 300 IN MX 10 mail.example.com.']);
});

test('origin inferred from $ORIGIN, an absolute SOA owner, or the file name', () => {
  assert.equal(parseZone('$ORIGIN a.test.\n').origin, 'a.test.');
  assert.equal(parseZone('b.test. 300 IN SOA ns1 h 1 2 3 4 5\n').origin, 'b.test.');
  assert.equal(parseZone('', { path: '/etc/bind/db.example.net' }).origin, 'example.net.');
  assert.equal(parseZone('', { path: 'zones/example.org.zone' }).origin, 'example.org.');
  assert.equal(parseZone('', { path: 'example.info.db' }).origin, 'example.info.');
});

test('parsing never throws, and every span lies inside its file, on hostile input', () => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = ['(', ')', '"', ';', '\\', '\n', ' ', '\t', '$', '@', '.', 'A', 'TXT', 'IN', '300', 'MX', 'SOA', '$GENERATE', '$INCLUDE', '$ORIGIN', '$TTL', '\\#', '1-3', 'é', '\r', 'x', '192.0.2.1', '${1,2,x}', 'TYPE99', 'CAA', 'TLSA'];
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const n = rand(40);
    for (let j = 0; j < n; j++) text += alphabet[rand(alphabet.length)] + (rand(3) === 0 ? ' ' : '');
    const z = parse(text);
    for (const d of z.diagnostics) {
      const len = z.files[d.file].text.length;
      assert.ok(d.start >= 0 && d.start <= d.end && d.end <= len, `span ${d.start}-${d.end} outside ${len} for ${JSON.stringify(text)}`);
    }
    for (const r of z.records) assert.ok(r.start <= r.end && r.end <= text.length);
  }
});

test('wire length counts one octet per escape and one per label', () => {
  for (const [name, octets] of [['.', 1], ['a.', 3], ['example.com.', 13], ['a\\.b.example.', 13], ['\\065bc.x.', 7], ['x\\\\y.z.', 7]] as const) {
    assert.equal(wireLength(name), octets, name);
  }
});

test('meta types cannot hold data, and record data is at most 65535 octets', () => {
  const meta = parse('$TTL 300\nany TYPE255 \\# 2 ABCD\naxfr AXFR \\# 0\n');
  assert.deepEqual(codes(meta), ['syntax-unknown-type', 'syntax-unknown-type']);
  assert.equal(spanText(meta, meta.diagnostics[0]), 'TYPE255');
  const chunk = '"' + 'x'.repeat(255) + '"';
  const fits = parse(`$TTL 300\nbig TXT ( ${Array(255).fill(chunk).join(' ')} )\n`);
  assert.deepEqual(codes(fits), []);
  const tooBig = parse(`$TTL 300\nbig TXT ( ${Array(257).fill(chunk).join(' ')} )\n`);
  assert.deepEqual(codes(tooBig), ['syntax-rdata-too-long']);
  assert.equal(tooBig.records.length, 1);
  assert.equal(tooBig.records[0].fields, undefined);
});
