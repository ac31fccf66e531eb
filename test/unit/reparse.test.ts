// reparseZone must give exactly what a full parse of the new text gives, for any edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonEnds, parseZone, reparseZone } from '../../server/src/service/zone/parser';
import type { ParsedZone } from '../../server/src/service/zone/types';
import { lintParsed } from '../../server/src/service/lint';

/** Everything a parse gives, as plain data. */
function dump(p: ParsedZone) {
  return {
    origin: p.origin,
    records: p.records.map((r) => ({
      owner: r.owner,
      ttl: r.ttl,
      ttlSource: r.ttlSource,
      type: r.type,
      class: r.class,
      start: r.start,
      end: r.end,
      ownerSpan: r.ownerSpan,
      typeSpan: r.typeSpan,
      rdata: r.rdata.map((t) => [t.text, t.start, t.end]),
      fields: JSON.stringify(r.fields),
    })),
    directives: p.directives.map((d) => ({ name: d.name, start: d.start, end: d.end, args: d.args.map((t) => [t.text, t.start, t.end]) })),
    comments: p.comments.map((c) => [c.start, c.end, c.text]),
    diagnostics: p.diagnostics.map((d) => [d.code, d.start, d.end, d.message]),
  };
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

function zone(lines: number, rnd: (n: number) => number): string {
  const out = ['$ORIGIN example.com.', '$TTL 3600', '@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300', '@ NS ns1', '@ NS ns2', 'ns1 A 192.0.2.1', 'ns2 A 192.0.2.2'];
  for (let i = 0; i < lines; i++) {
    switch (rnd(9)) {
      case 0:
        out.push(`h${i} 300 IN A 10.0.${i & 255}.${rnd(256)}`);
        break;
      case 1:
        out.push(`  IN AAAA 2001:db8::${i.toString(16)}`);
        break;
      case 2:
        out.push(`t${i} TXT "v=spf1 ip4:192.0.2.${rnd(256)} -all" ; comment ${i}`);
        break;
      case 3:
        out.push(`m${i} MX ${rnd(50)} mail${i}`);
        break;
      case 4:
        out.push(`; a comment line ${i}`);
        break;
      case 5:
        out.push('');
        break;
      case 6:
        out.push(`p${i} TXT ( "part one"`, `        "part two" ) ; split`);
        break;
      case 7:
        out.push(`c${i} CNAME h${rnd(lines)}`);
        break;
      default:
        out.push(`x${i} 60 A 300.1.2.${rnd(9)}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Text an edit may insert; parentheses, quotes and backslashes only in the second list. */
const SAFE = ['\n', ' ', 'x', ';', '$TTL 60\n', '$ORIGIN sub.example.com.\n', '  A 192.0.2.7\n', 'new TXT "hi"\n', '7', 'IN ', 'CH ', '300 ', '\n\n$TTL 5\n'];
const ANY = [...SAFE, '(', ')', '"', '\\', '$INCLUDE x.inc\n', '$GENERATE 1-3 g$ A 192.0.2.$\n', '\r\n'];

function edit(text: string, rnd: (n: number) => number, SNIPPETS = SAFE): string {
  const at = rnd(text.length + 1);
  switch (rnd(3)) {
    case 0:
      return text.slice(0, at) + SNIPPETS[rnd(SNIPPETS.length)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + rnd(40)));
    default: {
      const len = rnd(20);
      return text.slice(0, at) + SNIPPETS[rnd(SNIPPETS.length)] + text.slice(Math.min(text.length, at + len));
    }
  }
}

test('reparseZone equals a full parse after random edits, edit after edit', () => {
  const rnd = lcg(7);
  let text = zone(1000, rnd);
  let previous = parseZone(text, { path: '/z/example.com.zone' });
  let incremental = 0;
  let local = 0;
  const NON_LOCAL = /syntax-(unbalanced|crlf|bom)/;
  for (let i = 0; i < 150; i++) {
    const before = text;
    text = edit(text, rnd);
    const expected = parseZone(text, { path: '/z/example.com.zone' });
    const recordsBefore = previous.records;
    const got = reparseZone(previous, text, { path: '/z/example.com.zone' });
    assert.deepEqual(dump(got), dump(expected), `edit ${i}`);
    if (expected.diagnostics.some((d) => NON_LOCAL.test(d.code))) {
      // Unbalanced parentheses or quotes make every later line depend on this one: such an
      // edit is re-parsed in full, and the next edit starts again from the text before it.
      text = before;
      previous = parseZone(text, { path: '/z/example.com.zone' });
      continue;
    }
    local++;
    const kept = new Set(recordsBefore);
    // An incremental re-parse keeps record objects; a full parse makes all of them anew.
    if (got.records.some((r) => kept.has(r))) incremental++;
    previous = got;
  }
  // Most edits must have gone the incremental way for this test to test it.
  assert.ok(local > 100 && incremental > local * 0.9, `only ${incremental} of ${local} edits were re-parsed incrementally`);
});

test('reparseZone equals a full parse after any single edit, parentheses, quotes and directives included', () => {
  const rnd = lcg(5);
  const base = zone(800, rnd);
  for (let i = 0; i < 120; i++) {
    const text = edit(base, rnd, ANY);
    const got = reparseZone(parseZone(base, { path: '/z/example.com.zone' }), text, { path: '/z/example.com.zone' });
    assert.deepEqual(dump(got), dump(parseZone(text, { path: '/z/example.com.zone' })), `edit ${i}: ${JSON.stringify(text.slice(0, 0))}`);
  }
});

test('reparseZone: rules see the same zone after an edit as after a full parse', () => {
  const rnd = lcg(11);
  let text = zone(1000, rnd);
  let previous = parseZone(text, { path: '/z/example.com.zone' });
  for (let i = 0; i < 40; i++) {
    text = edit(text, rnd);
    const got = reparseZone(previous, text, { path: '/z/example.com.zone' });
    const expected = parseZone(text, { path: '/z/example.com.zone' });
    const strip = (ds: ReturnType<typeof lintParsed>) => ds.map((d) => [d.code, d.start, d.end, d.message]);
    assert.deepEqual(strip(lintParsed(got)), strip(lintParsed(expected)), `edit ${i}`);
    previous = got;
  }
});

test('reparseZone: an unchanged text gives the same parse; a changed origin setting parses again', () => {
  const text = zone(600, lcg(3));
  const first = parseZone(text, { path: '/z/a.zone' });
  assert.equal(reparseZone(first, text, { path: '/z/a.zone' }), first);
  const other = reparseZone(first, text + 'y A 192.0.2.9\n', { path: '/z/a.zone', origin: 'example.net.' });
  assert.equal(other.origin, 'example.net.');
  assert.deepEqual(dump(other), dump(parseZone(text + 'y A 192.0.2.9\n', { path: '/z/a.zone', origin: 'example.net.' })));
});

test('commonEnds finds the common prefix and suffix across its comparison blocks', () => {
  const naive = (a: string, b: string) => {
    const shorter = Math.min(a.length, b.length);
    let prefix = 0;
    while (prefix < shorter && a[prefix] === b[prefix]) prefix++;
    let suffix = 0;
    while (suffix < shorter - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
    return { prefix, suffix };
  };
  let seed = 11;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const base = Array.from({ length: 30_000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 3))).join('');
  const cases: [string, string][] = [['', ''], [base, base], [base, base + 'x'], ['x' + base, base], [base, base.slice(0, 4096) + base.slice(4097)]];
  for (let i = 0; i < 200; i++) {
    const at = rand(base.length + 1);
    const removed = rand(3) === 0 ? 0 : rand(9000);
    const inserted = 'abc'.slice(0, rand(4)) + (rand(5) === 0 ? 'x'.repeat(rand(5000)) : '');
    cases.push([base, base.slice(0, at) + inserted + base.slice(at + removed)]);
  }
  for (const [a, b] of cases) {
    assert.deepEqual(commonEnds(a, b), naive(a, b), `lengths ${a.length} and ${b.length}`);
    assert.deepEqual(commonEnds(b, a), naive(b, a));
  }
});
