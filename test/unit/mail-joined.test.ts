import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinTxt, type JoinedTxt } from '../../server/src/service/mail/joinedText';
import { parseZone } from '../../server/src/service/zone/parser';

/** The joined value of the zone's only record, with the file text. */
function joined(text: string): { j: JoinedTxt; text: string } {
  const parsed = parseZone(text, { origin: 'example.com.' });
  assert.equal(parsed.records.length, 1);
  return { j: joinTxt(parsed.records[0]), text };
}

/** The file text each joined character came from. */
function sources(j: JoinedTxt, text: string): string[] {
  return [...Array(j.value.length).keys()].map((i) => text.slice(j.offsetOf(i), j.endOffsetOf(i)));
}

test('strings are joined with nothing between them', () => {
  const { j } = joined('@ TXT "v=spf1 incl" "ude:example.net" "" " -all"\n');
  assert.equal(j.value, 'v=spf1 include:example.net -all');
});

test('every joined character maps to its place in the file, across strings and lines', () => {
  const text = '@ TXT ( "ab"\n  "cd" )\n';
  const { j } = joined(text);
  assert.equal(j.value, 'abcd');
  assert.deepEqual([0, 1, 2, 3].map((i) => j.offsetOf(i)), [text.indexOf('a'), text.indexOf('b'), text.indexOf('c'), text.indexOf('d')]);
  assert.equal(j.indexAt(text.indexOf('c')), 2);
  assert.equal(j.endOffsetOf(3), text.indexOf('d') + 1);
});

test('quotes, spaces and parentheses map to no character', () => {
  const text = '@ TXT ( "ab" "cd" ) ; note\n';
  const { j } = joined(text);
  assert.equal(j.indexAt(text.indexOf('"')), -1);
  assert.equal(j.indexAt(text.indexOf('" "') + 1), -1);
  assert.equal(j.indexAt(text.indexOf('(')), -1);
  assert.equal(j.indexAt(text.indexOf('note')), -1);
  assert.equal(j.indexAt(text.indexOf('TXT')), -1);
});

test('escapes map decoded characters to the raw characters they came from', () => {
  const text = '@ TXT "a\\"b\\065c"\n';
  const { j } = joined(text);
  assert.equal(j.value, 'a"bAc');
  assert.deepEqual(sources(j, text), ['a', '\\"', 'b', '\\065', 'c']);
  const escape = text.indexOf('\\065');
  for (let k = 0; k < 4; k++) assert.equal(j.indexAt(escape + k), 3);
});

test('UTF-8 written as decimal escapes becomes one character mapped to all its escapes', () => {
  const text = '@ TXT "\\195\\169t\\195\\169"\n';
  const { j } = joined(text);
  assert.equal(j.value, 'été');
  assert.deepEqual(sources(j, text), ['\\195\\169', 't', '\\195\\169']);
  assert.equal(j.indexAt(text.indexOf('\\169')), 0);
});

test('characters written as themselves, beyond ASCII too', () => {
  const text = '@ TXT "“v=spf1 😀"\n';
  const { j } = joined(text);
  assert.equal(j.value, '“v=spf1 😀');
  // Both halves of a surrogate pair come from the same two UTF-16 units in the file.
  assert.deepEqual(sources(j, text), ['“', 'v', '=', 's', 'p', 'f', '1', ' ', '😀', '😀']);
  assert.equal(j.indexAt(text.indexOf('😀') + 1), j.value.indexOf('😀'));
});

test('unquoted strings join the same way', () => {
  const text = '@ TXT v=spf1 -all\n';
  const { j } = joined(text);
  assert.equal(j.value, 'v=spf1-all');
  assert.equal(j.offsetOf(6), text.indexOf('-all'));
});

test('a term split across two strings maps to both', () => {
  const text = '@ TXT "v=spf1 incl" "ude:example.net -all"\n';
  const { j } = joined(text);
  const from = j.value.indexOf('include');
  const to = from + 'include:example.net'.length;
  const spans = j.spansOf(from, to);
  assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ['incl', 'ude:example.net']);
  const inOne = j.spansOf(0, 6);
  assert.deepEqual(inOne.map((s) => text.slice(s.start, s.end)), ['v=spf1']);
});
