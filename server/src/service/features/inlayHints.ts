// Inlay hints for the visible part of the edited file: a TTL written in seconds in human units,
// and the RFC 7218 names of the numbers of TLSA and SMIMEA records.
import type { InlayHint } from 'vscode-languageserver-types';
import { TLSA_MATCHING_TYPES, TLSA_SELECTORS, TLSA_USAGES, type NamedNumberFact } from '../facts/rdataFields';
import type { ParsedZone, ZoneRecord } from '../zone/types';
import { lastStartingAtOrBefore, lineIndexOf, recordsOfEditedFile } from './hover';

/** Inlay hint kinds, as LSP numbers them. */
const TYPE_HINT = 1;
const PARAMETER_HINT = 2;

const UNITS: readonly [string, number][] = [['w', 604800], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];

/** Seconds in the units BIND reads back: 3600 -> "1h", 5400 -> "1h30m". */
export function shortTtl(seconds: number): string {
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

const TLSA_TABLES: Record<string, readonly NamedNumberFact[]> = { usage: TLSA_USAGES, selector: TLSA_SELECTORS, matchingType: TLSA_MATCHING_TYPES };

interface Sink {
  text: string;
  start: number;
  end: number;
  at(offset: number): InlayHint['position'];
  out: InlayHint[];
}

function push(sink: Sink, offset: number, hint: Omit<InlayHint, 'position'>): void {
  if (offset >= sink.start && offset <= sink.end) sink.out.push({ position: sink.at(offset), ...hint });
}

function hintsOf(record: ZoneRecord, sink: Sink): void {
  const text = sink.text;
  const ttlSpan = record.ttlSpan;
  if (ttlSpan) {
    const raw = text.slice(ttlSpan.start, ttlSpan.end);
    // A TTL already in units, or under a minute, reads the same in units: no hint.
    if (/^[0-9]+$/.test(raw) && record.ttl >= 60) {
      push(sink, ttlSpan.end, { label: shortTtl(record.ttl), kind: TYPE_HINT, paddingLeft: true });
    }
  }
  if (record.type !== 'TLSA' && record.type !== 'SMIMEA') return;
  for (const field of record.fields ?? []) {
    const table = TLSA_TABLES[field.name];
    const named = table?.find((f) => f.value === field.value);
    if (!named) continue;
    push(sink, field.start, { label: named.name, kind: PARAMETER_HINT, paddingRight: true, tooltip: `${field.name} ${named.value}: ${named.name}` });
  }
}

/** Hints for the records of the edited file that overlap [start, end). */
export function inlayHints(parsed: ParsedZone, text: string, start: number, end: number): InlayHint[] {
  const records = recordsOfEditedFile(parsed);
  const index = lineIndexOf(parsed, text);
  const sink: Sink = { text, start, end, at: (offset) => index.position(offset), out: [] };
  // The record starting before the range may reach into it; every later one starts inside it or after.
  let i = lastStartingAtOrBefore(records, start);
  if (i < 0) i = 0;
  else if (records[i].end <= start) i++;
  for (; i < records.length && records[i].start < end; i++) {
    if (!records[i].generated) hintsOf(records[i], sink);
  }
  return sink.out;
}
