import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { documentSymbols, MAX_RDATA_DETAIL, ZONE_SYMBOL_KINDS } from '../../server/src/service/features/documentSymbols';
import { mixedZone } from '../helpers/mixedZone';
import { parseZone } from '../../server/src/service/zone/parser';
import type { IncludeHost } from '../../server/src/service/zone/types';

function symbols(text: string, includeHost?: IncludeHost): DocumentSymbol[] {
  return documentSymbols(parseZone(text, { origin: 'example.com.', path: '/zones/example.com.zone', includeHost }), text);
}

/** The text a range covers, for readable assertions. */
function covered(text: string, s: { range: DocumentSymbol['range'] }): string {
  const lines = text.split('\n');
  const { start, end } = s.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

const ZONE = [
  '$ORIGIN example.com.',
  '$TTL 3600',
  '@ IN SOA ns1 hostmaster (',
  '    1 7200 3600 1209600 300 ) ; serial and timers',
  '  NS ns1',
  '  MX 10 mail',
  'www A 192.0.2.1',
  'mail.example.com. A 192.0.2.25',
  '@ TXT "v=spf1 mx -all"',
  'other.example.org. A 192.0.2.9',
  '$GENERATE 1-3 host$ A 192.0.2.$',
  '',
].join('\n');

test('one symbol per owner in file order, named as written relative to the origin, with its types', () => {
  const s = symbols(ZONE);
  assert.deepEqual(
    s.map((x) => [x.name, x.detail, x.kind]),
    [
      ['$ORIGIN', 'example.com.', ZONE_SYMBOL_KINDS.$ORIGIN],
      ['$TTL', '3600', ZONE_SYMBOL_KINDS.$TTL],
      ['@', 'SOA NS MX TXT', ZONE_SYMBOL_KINDS.owner],
      ['www', 'A', ZONE_SYMBOL_KINDS.owner],
      ['mail', 'A', ZONE_SYMBOL_KINDS.owner],
      ['other.example.org.', 'A', ZONE_SYMBOL_KINDS.owner],
      ['$GENERATE', '1-3 host$ A 192.0.2.$', ZONE_SYMBOL_KINDS.$GENERATE],
    ],
  );
});

test('records are children named by type, with canonical RDATA as detail', () => {
  const apex = symbols(ZONE).find((x) => x.name === '@')!;
  assert.deepEqual(
    apex.children!.map((c) => [c.name, c.detail, c.kind]),
    [
      ['SOA', 'ns1.example.com. hostmaster.example.com. 1 7200 3600 …', ZONE_SYMBOL_KINDS.record],
      ['NS', 'ns1.example.com.', ZONE_SYMBOL_KINDS.record],
      ['MX', '10 mail.example.com.', ZONE_SYMBOL_KINDS.record],
      ['TXT', '"v=spf1 mx -all"', ZONE_SYMBOL_KINDS.record],
    ],
  );
});

test('ranges cover the records, closing parenthesis included; selection is the owner or type', () => {
  const apex = symbols(ZONE).find((x) => x.name === '@')!;
  const soa = apex.children![0];
  assert.equal(covered(ZONE, soa), '@ IN SOA ns1 hostmaster (\n    1 7200 3600 1209600 300 )');
  assert.equal(covered(ZONE, { range: soa.selectionRange }), 'SOA');
  assert.equal(covered(ZONE, { range: apex.selectionRange }), '@');
  assert.equal(apex.range.start.line, 2);
  assert.equal(apex.range.end.line, 8, 'the apex reaches its last record');
  for (const child of apex.children!) {
    assert.ok(child.range.start.line >= apex.range.start.line && child.range.end.line <= apex.range.end.line);
  }
  const www = symbols(ZONE).find((x) => x.name === 'www')!;
  assert.equal(covered(ZONE, www), 'www A 192.0.2.1');
  const origin = symbols(ZONE)[0];
  assert.equal(covered(ZONE, origin), '$ORIGIN example.com.');
  assert.equal(covered(ZONE, { range: origin.selectionRange }), '$ORIGIN');
});

test('long RDATA is shortened with an ellipsis, at a space when there is one', () => {
  const text = `$TTL 300\nlong TXT "${'x'.repeat(200)}"\nshort TXT "${'y'.repeat(MAX_RDATA_DETAIL - 2)}"\n`;
  const [, long, short] = symbols(text);
  const detail = long.children![0].detail!;
  assert.equal(detail.length, MAX_RDATA_DETAIL);
  assert.ok(detail.startsWith('"xxx') && detail.endsWith('x…'));
  assert.equal(short.children![0].detail, `"${'y'.repeat(MAX_RDATA_DETAIL - 2)}"`);
});

test('names under another $ORIGIN are relative to the zone origin; owners match without case', () => {
  const text = '$TTL 300\n$ORIGIN sub.example.com.\na A 192.0.2.1\n@ NS ns\n$ORIGIN example.com.\nA.SUB A 192.0.2.2\n';
  const owners = symbols(text).filter((x) => x.kind === ZONE_SYMBOL_KINDS.owner);
  assert.deepEqual(owners.map((o) => [o.name, o.detail, o.children!.length]), [['a.sub', 'A', 2], ['sub', 'NS', 1]]);
});

test('records of included files and $GENERATE output are left out; the $INCLUDE is a File symbol', () => {
  const host: IncludeHost = { read: () => ({ path: '/zones/hosts.inc', text: 'inc1 A 192.0.2.7\ninc2 A 192.0.2.8\n$TTL 60\n' }) };
  const text = '$TTL 300\n@ NS ns\n$INCLUDE hosts.inc\n$GENERATE 1-2 g$ A 192.0.2.$\n';
  const s = symbols(text, host);
  assert.deepEqual(s.map((x) => x.name), ['$TTL', '@', '$INCLUDE', '$GENERATE']);
  assert.equal(s[2].kind, ZONE_SYMBOL_KINDS.$INCLUDE);
});

test('lines with errors do not break the outline', () => {
  const text = '$TTL 300\nbad BOGUS 1\nok A 192.0.2.1\nip A 999.1.1.1\n$FOO bar\n';
  const s = symbols(text);
  assert.deepEqual(s.map((x) => x.name), ['$TTL', 'ok', 'ip', '$FOO']);
  assert.equal(s[2].children![0].detail, '999.1.1.1');
  assert.equal(s[3].kind, ZONE_SYMBOL_KINDS.unknownDirective);
});

test('CRLF text: ranges end before the line ends', () => {
  const text = ZONE.replace(/\n/g, '\r\n');
  const www = symbols(text).find((x) => x.name === 'www')!;
  assert.deepEqual(www.range, { start: { line: 6, character: 0 }, end: { line: 6, character: 15 } });
});

/** The outline's items in file order: directives and records by position, each owner just before its first record. */
function itemsInFileOrder(symbols: DocumentSymbol[]): string[] {
  const at = (r: { start: { line: number; character: number } }) => r.start.line * 1e6 + r.start.character;
  const items: { pos: number; text: string }[] = [];
  for (const s of symbols) {
    if (s.kind !== ZONE_SYMBOL_KINDS.owner) {
      items.push({ pos: at(s.range), text: `${s.name} ${s.detail} ${JSON.stringify(s.range)}` });
      continue;
    }
    const children = s.children ?? [];
    const first = Math.min(...children.map((c) => at(c.range)));
    items.push({ pos: first - 0.5, text: `owner ${s.name}` });
    for (const c of children) items.push({ pos: at(c.range), text: `${c.name} ${c.detail} ${JSON.stringify(c.range)} ${JSON.stringify(c.selectionRange)}` });
  }
  return items.sort((a, b) => a.pos - b.pos).map((i) => i.text);
}

test('with a limit, the outline holds the first items of the file, read from its start only', () => {
  for (const seed of [4, 5]) {
    const text = mixedZone(seed);
    const z = parseZone(text, { path: '/zones/example.com.zone' });
    const all = itemsInFileOrder(documentSymbols(z, text));
    assert.ok(all.length > 2000, `${all.length} items`);
    for (const max of [0, 1, 2, 3, 10, 99, 100, 1000, all.length - 1, all.length, all.length + 1]) {
      let told = 0;
      const some = itemsInFileOrder(documentSymbols(z, text, { maxItems: max, onLimit: () => told++ }));
      assert.ok(some.length <= max && some.length >= Math.min(all.length, max - 1), `seed ${seed}: ${some.length} items for at most ${max}`);
      assert.deepEqual(some, all.slice(0, some.length), `seed ${seed}, at most ${max}`);
      assert.equal(told, all.length > max ? 1 : 0, `seed ${seed}, at most ${max}: told of the cut`);
    }
  }
});
