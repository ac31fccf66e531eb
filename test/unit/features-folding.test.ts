import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FoldingRange } from 'vscode-languageserver-types';
import { foldingRanges } from '../../server/src/service/features/foldingRanges';
import { parseZone } from '../../server/src/service/zone/parser';
import { mixedZone } from '../helpers/mixedZone';
import { filesUnder } from '../helpers/files';

function folds(text: string): [number, number, string?][] {
  const z = parseZone(text, { origin: 'example.com.' });
  return foldingRanges(z, text).map((r) => (r.kind ? [r.startLine, r.endLine, r.kind] : [r.startLine, r.endLine]));
}

/** What VS Code accepts: sorted, no one-line range, none starting on another's line, none crossing. */
function assertWellNested(ranges: FoldingRange[]): void {
  const open: FoldingRange[] = [];
  let previous: FoldingRange | undefined;
  for (const r of ranges) {
    assert.ok(r.endLine > r.startLine, `one-line range ${JSON.stringify(r)}`);
    if (previous) assert.ok(r.startLine > previous.startLine, `same or unsorted start ${JSON.stringify(r)}`);
    while (open.length && open[open.length - 1].endLine < r.startLine) open.pop();
    const outer = open[open.length - 1];
    if (outer) assert.ok(r.endLine <= outer.endLine, `${JSON.stringify(r)} crosses ${JSON.stringify(outer)}`);
    open.push(r);
    previous = r;
  }
}

test('a record in parentheses folds from its first line to the closing one', () => {
  const text = ['$TTL 300', 'a A 192.0.2.1', '@ SOA ns host (', '   1 2 3', '   4 5', ' ) ; end', 'b A 192.0.2.2', ''].join('\n');
  assert.deepEqual(folds(text), [[2, 5]]);
});

test('blocks of comment lines fold as comments; a single comment line does not', () => {
  const text = ['; one', '; two', '; three', '$TTL 300', '; alone', 'a A 192.0.2.1 ; trailing', '; x', '', '; y', '  ; indented', ''].join('\n');
  assert.deepEqual(folds(text), [[0, 2, 'comment'], [8, 9, 'comment']]);
});

test('consecutive records of one owner fold as a region, comments between them included', () => {
  const text = ['$TTL 300', 'www A 192.0.2.1', '; v6 too', '  AAAA 2001:db8::1', 'WWW TXT "x"', 'mail A 192.0.2.25', 'other A 192.0.2.3', '  TXT "y"', ''].join('\n');
  assert.deepEqual(folds(text), [[1, 4, 'region'], [6, 7, 'region']]);
});

test('a region and the multi-line record it starts with do not share a start line', () => {
  const text = ['$TTL 300', '@ SOA ns host (', '  1 2 3 4 5 )', '  NS ns', '  TXT ( "a"', '   "b" )', 'x A 192.0.2.1', ''].join('\n');
  const ranges = folds(text);
  assert.deepEqual(ranges, [[1, 5, 'region'], [4, 5]]);
});

test('a comment block inside parentheses nests in the record', () => {
  const text = ['$TTL 300', '@ SOA ns host (', '  ; serial', '  ; and more', '  1 2 3 4 5 )', ''].join('\n');
  assert.deepEqual(folds(text), [[1, 4], [2, 3, 'comment']]);
});

test('an unclosed parenthesis folds only as far as the parser read the record', () => {
  const text = ['$TTL 300', '@ MX ( 10', '   mail', 'next A 192.0.2.1', 'next TXT "x"', ''].join('\n');
  assert.deepEqual(folds(text), [[1, 2], [3, 4, 'region']]);
});

test('CRLF text folds like LF text', () => {
  const text = ['; a', '; b', '$TTL 300', '@ SOA ns host (', '  1 2 3 4 5 )', '  NS ns', ''].join('\n');
  assert.deepEqual(folds(text.replace(/\n/g, '\r\n')), folds(text));
});

test('every fixture zone gives well-nested ranges', () => {
  const root = join(__dirname, '..', 'fixtures');
  const files = filesUnder(root, (name) => /\.(zone|inc)$/.test(name) || /^db\./.test(name));
  assert.ok(files.length > 50);
  let total = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const ranges = foldingRanges(parseZone(text, { path: file }), text);
    assertWellNested(ranges);
    total += ranges.length;
  }
  assert.ok(total > 20);
});

test('with a limit, the ranges are the first ones of the whole list, read from the start of a long file', () => {
  // Seed 3 starts with 3,000 lines that fold nowhere, so the first part read holds no range.
  const plain = Array.from({ length: 3000 }, (_, i) => `p${i} A 192.0.2.1`).join('\n') + '\n';
  for (const seed of [1, 2, 3]) {
    const text = seed === 3 ? mixedZone(seed).replace('ns1 A 192.0.2.1\n', `ns1 A 192.0.2.1\n${plain}`) : mixedZone(seed);
    const z = parseZone(text, { path: '/zones/example.com.zone' });
    assert.ok((z.checkpoints?.length ?? 0) > 3, 'the zone is long enough to be read in part');
    const all = foldingRanges(z, text);
    assert.ok(all.length > 300, `${all.length} ranges`);
    // Every limit: the part read ends in ever other places, inside owner runs and comment blocks too.
    for (let max = 0; max <= all.length + 1; max++) {
      let told = 0;
      const some = foldingRanges(z, text, { maxItems: max, onLimit: () => told++ });
      assert.deepEqual(some, all.slice(0, max), `seed ${seed}, at most ${max}`);
      assert.equal(told, all.length > max ? 1 : 0, `seed ${seed}, at most ${max}: told of the cut`);
    }
  }
});

test('with a limit, an owner run or comment block that goes on past the part read is read to its end', () => {
  const head = ['$ORIGIN example.com.', '@ SOA ns1 hostmaster ( 1 2 3 4 5', ' )', 'x TXT ( "a"', ' "b" )'];
  for (const long of [
    // Its first record spans two lines: a range on the run's first line, which the run's own range hides.
    ['big TXT ( "a"', ' "b" )', ...Array.from({ length: 2000 }, (_, i) => `big A 192.0.2.${(i % 250) + 1}`)],
    Array.from({ length: 2000 }, (_, i) => `; comment line ${i}`),
  ]) {
    const text = [...head, ...long, 'after A 192.0.2.1', 'after TXT ( "c"', ' "d" )', ''].join('\n');
    checkLimits(text);
  }
  // A file that opens with a long comment, before any record.
  checkLimits([...Array.from({ length: 2000 }, (_, i) => `; preface ${i}`), ...head, ''].join('\n'));
});

/** Each limit gives the first ranges of the whole list; the zone holds a range over 2,000 lines. */
function checkLimits(text: string): void {
  const z = parseZone(text, { path: '/zones/example.com.zone' });
  assert.ok((z.checkpoints?.length ?? 0) > 3);
  const all = foldingRanges(z, text);
  assert.ok(all.some((r) => r.endLine - r.startLine >= 1999), `a range over the long part: ${JSON.stringify(all)}`);
  for (let max = 0; max <= all.length + 1; max++) assert.deepEqual(foldingRanges(z, text, { maxItems: max }), all.slice(0, max), `at most ${max}`);
}
