import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatZone, formatZoneText, MAX_OWNER_WIDTH, type ZoneFormattingOptions } from '../../server/src/service/features/formatting';
import { layoutZone } from '../../server/src/service/features/zoneLayout';
import { printRecord } from '../../server/src/service/zone/canonical';
import { parseZone } from '../../server/src/service/zone/parser';
import type { ParsedZone } from '../../server/src/service/zone/types';
import { filesUnder } from '../helpers/files';

const SPACES: ZoneFormattingOptions = { tabSize: 4, insertSpaces: true };
const TABS: ZoneFormattingOptions = { tabSize: 8, insertSpaces: false };
const fixtures = join(__dirname, '..', 'fixtures');

function parse(text: string, path = '/zones/example.com.zone'): ParsedZone {
  return parseZone(text, { origin: 'example.com.', path });
}

function format(text: string, options = SPACES, path?: string): string {
  const result = formatZoneText(parse(text, path), text, options);
  assert.ok(result.verified, 'the formatter found its own output unequal and gave up');
  return result.text;
}

/** What formatting must not change, computed here independently of the formatter's own check. */
function meaning(text: string, path?: string): { records: string[]; comments: string[]; directives: string[]; errors: string[] } {
  const z = parse(text, path);
  return {
    records: z.records.filter((r) => r.file === 0).map((r) => `${printRecord(r)} (${r.ttlSource}${r.generated ? ', generated' : ''})`),
    comments: z.comments.filter((c) => c.file === 0).map((c) => c.text),
    directives: z.directives.map((d) => [d.name, ...d.args.map((a) => a.text)].join(' ')),
    errors: z.diagnostics.map((d) => d.code),
  };
}

function applyEdits(text: string, options = SPACES): string {
  const doc = TextDocument.create('file:///zone', 'dns-zone', 1, text);
  return TextDocument.applyEdits(doc, formatZone(parse(text), text, options));
}

function zoneFixtures(dir: string): string[] {
  return filesUnder(dir, (name) => /\.(zone|inc|db|dns)$/.test(name) || /^db\./.test(name));
}

/** A tiny seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

/** The same zone with different whitespace between pieces, indentation kind kept. */
function respace(text: string, seed: number): string {
  const next = random(seed);
  const gap = (): string => [' ', '  ', '\t', ' \t ', '\t\t', '     '][Math.floor(next() * 6)];
  const layout = layoutZone(text);
  let out = text.slice(0, layout.bomLength);
  for (const line of layout.lines) {
    const eol = text.slice(line.end, line.next);
    if (line.faulty || line.joinsNext) {
      out += text.slice(line.start, line.next);
      continue;
    }
    const indented = line.pieces.length > 0 ? line.pieces[0].start > line.start : line.comment !== undefined && line.comment.start > line.start;
    let s = indented ? gap() : '';
    line.pieces.forEach((p, k) => {
      if (k > 0) s += gap();
      s += text.slice(p.start, p.end);
    });
    if (line.comment) s += (line.pieces.length ? gap() : '') + text.slice(line.comment.start, line.comment.end);
    out += s + eol;
  }
  return out;
}

test('columns: owner, TTL, class, type and RDATA each start where the widest value allows', () => {
  const text = '$TTL 3600\n@ IN SOA ns1 host 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 300 IN A 192.0.2.1\nwww\tCNAME\t@\n\tMX 10 mx\n';
  assert.equal(
    format(text),
    [
      '$TTL 3600',
      '@       IN SOA   ns1 host 1 7200 3600 1209600 300',
      '@       IN NS    ns1',
      'ns1 300 IN A     192.0.2.1',
      'www        CNAME @',
      '           MX    10 mx',
      '',
    ].join('\n'),
  );
});

test('an owner wider than the cap pushes only its own line', () => {
  const long = 'x'.repeat(MAX_OWNER_WIDTH + 5);
  const text = `$TTL 300\n@ SOA ns host 1 2 3 4 5\n${long} A 192.0.2.1\nwww A 192.0.2.2\n`;
  const lines = format(text).split('\n');
  assert.equal(lines[2], `${long} A 192.0.2.1`);
  assert.equal(lines[3], 'www A   192.0.2.2');
  assert.equal(lines[1], '@   SOA ns host 1 2 3 4 5');
});

test('the TTL and class keep the order they were written in', () => {
  const text = '$TTL 300\n@ SOA ns host 1 2 3 4 5\na IN 60 A 192.0.2.1\nb 60 IN A 192.0.2.2\n';
  const lines = format(text).split('\n');
  assert.match(lines[2], /^a +IN +60 +A +192\.0\.2\.1$/);
  assert.match(lines[3], /^b +60 +IN +A +192\.0\.2\.2$/);
  assert.equal(lines[2].indexOf('A '), lines[3].indexOf('A '));
});

test('trailing comments line up in one column; a line too long for it keeps one space', () => {
  const text = `$TTL 300\n@ SOA ns host 1 2 3 4 5 ;soa\nwww A 192.0.2.1 ; web\nlong TXT "${'a'.repeat(90)}" ; far\nmail A 192.0.2.25    ;; mail ;\n`;
  const lines = format(text).split('\n');
  const col = lines[1].indexOf(';soa');
  assert.ok(col > 0);
  assert.equal(lines[2].indexOf('; web'), col);
  assert.equal(lines[4].indexOf(';; mail ;'), col);
  assert.ok(lines[3].endsWith(`"${'a'.repeat(90)}" ; far`));
});

test('comment text is kept exactly, trailing spaces and semicolons included', () => {
  const comments = [';  spaced  ', ';;; triple', '; tab\tinside', ';'];
  const text = `$TTL 300\n${comments[0]}\n@ SOA ns host 1 2 3 4 5 ${comments[1]}\n\t${comments[2]}\nwww A 192.0.2.1 ${comments[3]}\n`;
  assert.deepEqual(meaning(format(text)).comments, comments);
});

test('multi-line records: continuation lines and their comments go under the RDATA column', () => {
  const text = '$TTL 300\n@ IN SOA ns1 host (\n2024 ; serial\n\t\t7200 3600\n  ; a note\n     1209600 300 )\n';
  assert.equal(
    format(text),
    ['$TTL 300', '@ IN SOA ns1 host (', '         2024 ; serial', '         7200 3600', '         ; a note', '         1209600 300 )', ''].join('\n'),
  );
});

test('blank lines are kept, runs longer than two are cut to two, and none are left at the end', () => {
  const text = '$TTL 300\n\n@ SOA ns host 1 2 3 4 5\n\n\n\n\nwww A 192.0.2.1\n\n\n';
  assert.equal(format(text), '$TTL 300\n\n@   SOA ns host 1 2 3 4 5\n\n\nwww A   192.0.2.1\n');
});

test('indented comment lines line up with records that have no owner; first-column comments stay', () => {
  const text = '$TTL 300\n@ SOA ns host 1 2 3 4 5\n    ; indented\n\tNS ns\n; first column\n';
  const lines = format(text).split('\n');
  assert.equal(lines[2].indexOf(';'), lines[3].indexOf('NS'));
  assert.equal(lines[4], '; first column');
});

test('lines with parse errors are left exactly as written, the rest is formatted', () => {
  const faulty = [
    'bad   IN  BOGUS 1 2 3',
    'quote  TXT  "not closed',
    'ip    A   192.0.2.300',
    'open  MX ( 10  mail',
  ];
  for (const line of faulty) {
    const text = `$TTL 300\n@ SOA ns host 1 2 3 4 5\n${line}\nnext    A    192.0.2.9\n`;
    assert.ok(parse(text).diagnostics.length > 0, line);
    const lines = format(text).split('\n');
    assert.equal(lines[2], line);
    assert.match(lines[3], /^next A +192\.0\.2\.9$/, line);
  }
});

test('a quoted string that continues past an escaped line end is left as written', () => {
  const text = '$TTL 300\n@ SOA ns host 1 2 3 4 5\nx   TXT   "one\\\ntwo"  ; c\n  A 192.0.2.1\n';
  assert.deepEqual(parse(text).diagnostics, []);
  const lines = format(text).split('\n');
  assert.equal(lines[2], 'x   TXT   "one\\');
  assert.equal(lines[3], 'two"  ; c');
  assert.deepEqual(meaning(format(text)), meaning(text));
});

test('pieces written without a space between them stay joined (SVCB key="value")', () => {
  const text = '$TTL 300\n@ SOA ns host 1 2 3 4 5\nsvc   SVCB 16 foo.example.org.   key667="hello"  alpn="h2"\nt TXT  "a"("b")\n';
  const out = format(text);
  assert.ok(out.includes(' key667="hello" alpn="h2"\n'), out);
  assert.ok(out.includes(' "a"("b")\n'), out);
  assert.deepEqual(meaning(out), meaning(text));
});

test('directives are respaced but kept; $GENERATE keeps its templates', () => {
  const text = '$ORIGIN   example.com.\n$TTL\t300 ; default\n@ SOA ns host 1 2 3 4 5\n$GENERATE  1-3   host$   A   192.0.2.$\n';
  const out = format(text);
  assert.deepEqual(out.split('\n').slice(0, 2), ['$ORIGIN example.com.', '$TTL 300 ; default']);
  assert.ok(out.includes('\n$GENERATE 1-3 host$ A 192.0.2.$\n'));
  assert.deepEqual(meaning(out), meaning(text));
});

test('CRLF line ends and a byte order mark are kept', () => {
  const text = '\uFEFF$TTL 300\r\n@ SOA ns host 1 2 3 4 5 ; soa\r\n\r\n\r\n\r\nwww A 192.0.2.1\r\n';
  const out = format(text);
  assert.ok(out.startsWith('\uFEFF$TTL 300\r\n'));
  assert.equal(out.split('\r\n').length, out.split('\n').length, 'every LF still has its CR');
  assert.equal(out, '\uFEFF$TTL 300\r\n@   SOA ns host 1 2 3 4 5 ; soa\r\n\r\n\r\nwww A   192.0.2.1\r\n');
});

test('with insertSpaces false, tabs reach columns at tab stops', () => {
  const text = '$TTL 300\n@ IN SOA ns host 1 2 3 4 5\nwww 60 IN A 192.0.2.1 ; web\n  IN TXT "x"\n';
  assert.equal(format(text, TABS), '$TTL 300\n@\t\tIN\tSOA\tns host 1 2 3 4 5\nwww\t60\tIN\tA\t192.0.2.1\t; web\n\t\tIN\tTXT\t"x"\n');
  assert.equal(format(format(text, TABS), TABS), format(text, TABS));
});

test('formatZone edits turn the text into the formatted text, and none are given when it is formatted', () => {
  const text = readFileSync(join(fixtures, 'features', 'messy.example.com.zone'), 'utf8');
  const formatted = format(text);
  assert.notEqual(formatted, text);
  assert.equal(applyEdits(text), formatted);
  const edits = formatZone(parse(text), text, SPACES);
  assert.ok(edits.length > 1, 'unchanged lines are not rewritten');
  for (let i = 1; i < edits.length; i++) {
    const a = edits[i - 1].range.end;
    const b = edits[i].range.start;
    assert.ok(a.line < b.line || (a.line === b.line && a.character <= b.character), 'edits do not overlap');
  }
  assert.deepEqual(formatZone(parse(formatted), formatted, SPACES), []);
  const crlf = text.replace(/\n/g, '\r\n');
  assert.equal(applyEdits(crlf), format(crlf));
});

test('the messy fixture formats to aligned columns, keeping its faulty lines', () => {
  const text = readFileSync(join(fixtures, 'features', 'messy.example.com.zone'), 'utf8');
  const lines = format(text).split('\n');
  const typeColumn = lines.find((l) => l.startsWith('ns1 '))!.indexOf('A ');
  for (const l of lines.filter((l) => /^(ns1|www|last|mail) /.test(l))) assert.match(l.slice(typeColumn), /^(A|AAAA|CNAME) /, l);
  assert.ok(lines.includes('broken TXT "unclosed'));
  assert.ok(lines.includes('bad-type     IN BOGUS 1 2 3'));
});

for (const file of zoneFixtures(fixtures)) {
  const name = relative(fixtures, file);
  test(`fixture ${name}: same records and comments, idempotent, in spaces, tabs and CRLF`, () => {
    const text = readFileSync(file, 'utf8');
    for (const [input, options] of [
      [text, SPACES],
      [text, TABS],
      [text.replace(/\r?\n/g, '\r\n'), SPACES],
    ] as const) {
      const once = format(input, options, file);
      assert.deepEqual(meaning(once, file), meaning(input, file));
      assert.equal(format(once, options, file), once, 'formatting twice changes nothing more');
      if (input.includes('\r\n')) assert.ok(!/[^\r]\n/.test(once), 'CRLF kept');
    }
  });
}

test('any spacing of a fixture formats to the same text as the fixture itself', () => {
  let compared = 0;
  for (const file of zoneFixtures(fixtures)) {
    const text = readFileSync(file, 'utf8');
    const expected = format(text, SPACES, file);
    for (let seed = 1; seed <= 5; seed++) {
      const variant = respace(text, seed * 7919 + compared);
      // A variant that moves a diagnostic to another line could leave other lines verbatim.
      if (JSON.stringify(meaning(variant, file)) !== JSON.stringify(meaning(text, file))) continue;
      const out = format(variant, SPACES, file);
      assert.deepEqual(meaning(out, file), meaning(text, file), `${relative(fixtures, file)} seed ${seed}`);
      const faultFree = parse(text, file).diagnostics.every((d) => d.code === 'syntax-include-skipped' || d.code === 'syntax-crlf');
      if (faultFree) assert.equal(out, expected, `${relative(fixtures, file)} seed ${seed}`);
      compared++;
    }
  }
  assert.ok(compared > 100);
});
