// Typographic quotes and other non-ASCII characters in TXT and CAA data (Z16). They are stored
// as UTF-8 octets: a value pasted from a word processor as “v=spf1 ...” publishes
// \226\128\156v=spf1, which no receiver recognises.
import { TokenKind, type Token, type ZoneRecord } from '../../zone/types';
import { field, type Report } from '../rule';
import { contentRecords, defineRule, joinedText, MAIL_RECORD_NAMES, mailKindOfOwner, mailKindOfText, TextTraits, textStrings, type MailRecordKind, type TextString } from './contentRecords';

const NON_ASCII = /[^\x00-\x7f]/;
const TYPOGRAPHIC_QUOTE = /[\u2018\u2019\u201a\u201c\u201d\u201e]/;
const TYPOGRAPHIC_QUOTES = /[\u2018\u2019\u201a\u201c\u201d\u201e]/g;
const LEADING_QUOTES_AND_BLANKS = /^[\s"'\u2018\u2019\u201a\u201c\u201d\u201e]+/;
/** CAA values these tags carry are checked by caa-issue-value and caa-iodef-scheme. */
const CAA_TAGS_CHECKED_ELSEWHERE = new Set(['issue', 'issuewild', 'iodef']);

interface Edit {
  start: number;
  end: number;
  replacement: string;
}

/** Edits that turn typographic quotes into ASCII ones: quote marks around unquoted words, removed inside quoted strings. */
function quoteEdits(tokens: readonly Token[]): Edit[] {
  const edits: Edit[] = [];
  for (const t of tokens) {
    const offset = t.kind === TokenKind.Quoted ? t.start + 1 : t.start;
    TYPOGRAPHIC_QUOTES.lastIndex = 0;
    for (let m = TYPOGRAPHIC_QUOTES.exec(t.text); m; m = TYPOGRAPHIC_QUOTES.exec(t.text)) {
      edits.push({ start: offset + m.index, end: offset + m.index + 1, replacement: t.kind === TokenKind.Quoted ? '' : '"' });
    }
  }
  return edits;
}

/** Span of the first non-ASCII run as written, or the whole token when it came from escapes. */
function nonAsciiSpan(token: Token): { start: number; end: number; text: string } {
  const m = /[^\x00-\x7f]+/.exec(token.text);
  if (!m) return { start: token.start, end: token.end, text: token.text };
  const offset = token.kind === TokenKind.Quoted ? token.start + 1 : token.start;
  return { start: offset + m.index, end: offset + m.index + m[0].length, text: m[0] };
}

function utf8Escapes(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => '\\' + b).join('');
}

export const zoneTypographicQuotes = defineRule(
  { id: 'zone-typographic-quotes', severity: 'error', title: 'Typographic quotes in a mail record', source: 'RFC 1035 §5.1; RFC 7208 §4.5' },
  (zone, report) => {
    const { texts, textTraits } = contentRecords(zone);
    for (let n = 0; n < texts.length; n++) {
      // Only records with escapes or non-ASCII text can hold typographic quotes.
      if (!(textTraits[n] & TextTraits.Complex)) continue;
      const record = texts[n];
      const tokens = record.rdata;
      if (!mayDecodeToNonAscii(tokens)) continue;
      const strings = textStrings(record, tokens);
      const kind = typographicMailKind(record, strings);
      if (!kind) continue;
      const firstQuoted = strings.find((s) => TYPOGRAPHIC_QUOTE.test(s.token.text)) ?? strings.find((s) => TYPOGRAPHIC_QUOTE.test(s.value));
      if (!firstQuoted) continue;
      const span = firstQuoteSpan(firstQuoted.token);
      const edits = quoteEdits(tokens);
      report(
        'zone-typographic-quotes',
        { file: record.file, ...span },
        `This ${MAIL_RECORD_NAMES[kind]} record contains typographic quotes (“ ” ‘ ’), which are data, not quoting: the zone publishes them as the octets ${utf8Escapes('\u201c')} and receivers do not recognise the record, as if there were none. Replace them with ASCII double quotes (") around the value.`,
        edits.length ? { edits } : undefined,
      );
    }
  },
);

function firstQuoteSpan(token: Token): { start: number; end: number } {
  const m = TYPOGRAPHIC_QUOTE.exec(token.text);
  if (!m) return { start: token.start, end: token.end };
  const offset = token.kind === TokenKind.Quoted ? token.start + 1 : token.start;
  return { start: offset + m.index, end: offset + m.index + 1 };
}

/** Only tokens with non-ASCII text or escapes can decode to non-ASCII. */
function mayDecodeToNonAscii(tokens: readonly Token[]): boolean {
  for (const t of tokens) if (NON_ASCII.test(t.text) || t.text.includes('\\')) return true;
  return false;
}

/** The mail protocol of a TXT that holds typographic quotes, or undefined when it holds none or is not mail. */
function typographicMailKind(record: ZoneRecord, strings: readonly TextString[]): MailRecordKind | undefined {
  if (!strings.some((s) => TYPOGRAPHIC_QUOTE.test(s.value))) return undefined;
  // Unquoted words glue into one string, so the first word alone shows the version tag.
  return (
    mailKindOfText(strings[0].value.replace(LEADING_QUOTES_AND_BLANKS, '')) ??
    mailKindOfText(joinedText(strings).replace(LEADING_QUOTES_AND_BLANKS, '')) ??
    mailKindOfOwner(record.owner)
  );
}

export const zoneNonAsciiText = defineRule(
  { id: 'zone-non-ascii-text', severity: 'warning', title: 'Non-ASCII characters in TXT or CAA data', source: 'RFC 1035 §5.1; RFC 8659 §4.1' },
  (zone, report) => {
    const records = contentRecords(zone);
    const { texts, textTraits } = records;
    for (let n = 0; n < texts.length; n++) {
      // Cheap first: a record without escapes or non-ASCII text decodes to ASCII.
      if (!(textTraits[n] & TextTraits.Complex)) continue;
      const record = texts[n];
      const tokens = record.rdata;
      if (!mayDecodeToNonAscii(tokens)) continue;
      const strings = textStrings(record, tokens);
      if (typographicMailKind(record, strings)) continue;
      const hit = strings.find((s) => NON_ASCII.test(s.value));
      if (!hit) continue;
      reportNonAscii(record, hit.token, hit.value, TYPOGRAPHIC_QUOTE.test(hit.value) ? quoteEdits(tokens) : undefined, report);
    }
    for (const caa of records.caa) {
      if (typeof caa.value !== 'string' || !NON_ASCII.test(caa.value)) continue;
      if (typeof caa.tag === 'string' && CAA_TAGS_CHECKED_ELSEWHERE.has(caa.tag.toLowerCase())) continue;
      const record = caa.record;
      const value = field(record, 'value')!;
      const tokens = record.rdata;
      const token = tokens.find((t) => t.start <= value.start && t.end >= value.end) ?? tokens[tokens.length - 1];
      reportNonAscii(record, token, caa.value, undefined, report);
    }
  },
);

function reportNonAscii(record: ZoneRecord, token: Token, value: string, edits: Edit[] | undefined, report: Report): void {
  const span = nonAsciiSpan(token);
  const run = /[^\x00-\x7f]+/.exec(value)?.[0] ?? span.text;
  const quotes = TYPOGRAPHIC_QUOTE.test(run);
  const what = quotes ? 'typographic quotes' : `non-ASCII text '${run}'`;
  report(
    'zone-non-ascii-text',
    { file: record.file, start: span.start, end: span.end },
    `This ${record.type} data contains ${what}, published as the UTF-8 octets ${utf8Escapes(Array.from(run).slice(0, 3).join(''))}. Programs that read ${record.type} records expect ASCII and may not match it as intended. ${quotes ? 'If they were meant as quoting, replace them with ASCII double quotes (").' : 'Write the value in ASCII unless the consumer is known to expect UTF-8.'}`,
    edits && edits.length ? { edits } : undefined,
  );
}
