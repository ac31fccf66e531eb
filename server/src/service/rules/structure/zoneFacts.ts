// Helpers the structure rules share: name arithmetic, record keys and locations.
import type { RdataField, ZoneRecord } from '../../zone/types';
import { perLint, type RuleLocation, type ZoneIndex } from '../rule';

/** A record's name field, read once: record fields are re-parsed on every access. */
export interface NameTarget {
  record: ZoneRecord;
  field: RdataField;
  /** The target, lower-cased. */
  key: string;
  /** The record's owner, lower-cased. */
  ownerKey: string;
  /** MX preference, when the record is an MX. */
  preference?: number;
}

/** Parent of a lower-cased absolute name, skipping escaped dots; "." has none. */
export function parentOf(name: string): string | undefined {
  if (name === '.') return undefined;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x2e) return i === name.length - 1 ? '.' : name.slice(i + 1);
  }
  return '.';
}

/** True when the lower-cased `name` is the apex or lies below it. */
export function isInZone(index: ZoneIndex, name: string): boolean {
  const apex = index.apex;
  if (apex === '.' || name === apex) return true;
  return name.length > apex.length && name.endsWith(apex) && name.charCodeAt(name.length - apex.length - 1) === 0x2e && name.charCodeAt(name.length - apex.length - 2) !== 0x5c;
}

/** Per-lint memo of "this name is at or below a delegation point", keyed by ancestor names. */
const cutMemo = perLint((): Map<string, boolean> => new Map());

/**
 * True when the lower-cased `name` (or, with `properOnly`, one of its ancestors only) is a
 * delegation point of this zone. Names share parents, so answers for ancestors are memoised.
 */
function underCut(index: ZoneIndex, name: string, properOnly: boolean): boolean {
  const cuts = index.delegations;
  if (cuts.size === 0) return false;
  if (!properOnly && cuts.has(name)) return true;
  const parent = parentOf(name);
  if (parent === undefined || parent.length <= index.apex.length) return false;
  const memo = cutMemo(index);
  let answer = memo.get(parent);
  if (answer === undefined) {
    answer = underCut(index, parent, false);
    memo.set(parent, answer);
  }
  return answer;
}

/** True when a proper ancestor of the lower-cased `name` is a delegation point. */
export function isBelowCut(index: ZoneIndex, name: string): boolean {
  return underCut(index, name, true);
}

/** True when the lower-cased `name` is a delegation point or lies below one. */
export function isAtOrBelowCut(index: ZoneIndex, name: string): boolean {
  return underCut(index, name, false);
}

export function hasAddressRecord(records: readonly ZoneRecord[] | undefined): boolean {
  if (!records) return false;
  for (let i = 0; i < records.length; i++) {
    const t = records[i].type;
    if (t === 'A' || t === 'AAAA') return true;
  }
  return false;
}

export function hasType(records: readonly ZoneRecord[] | undefined, type: string): boolean {
  if (!records) return false;
  for (let i = 0; i < records.length; i++) if (records[i].type === type) return true;
  return false;
}

/** The span of the type token: where a fault of the whole record is shown when the owner is inherited. */
export function typeLocation(record: ZoneRecord): RuleLocation {
  return { file: record.file, start: record.typeSpan.start, end: record.typeSpan.end };
}

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && text.charCodeAt(i - 1) !== 10) i--;
  return i;
}

/** The owner as written in the file, when it was written. */
export function ownerText(index: ZoneIndex, record: ZoneRecord): string | undefined {
  const span = record.ownerSpan;
  if (!span || record.generated) return undefined;
  return index.parsed.files[record.file]?.text.slice(span.start, span.end);
}

/** Fields that hold domain names, compared without regard to case (RFC 4343). */
const NAME_FIELDS: ReadonlySet<string> = new Set(['target', 'exchange', 'mname', 'rname']);

/** The RDATA of a record as one comparable string. */
export function rdataKey(r: ZoneRecord): string {
  const fields = r.fields;
  if (!fields || r.generic) {
    let key = '#';
    for (const t of r.rdata) key += ' ' + t.text;
    return key;
  }
  let key = '';
  for (const f of fields) {
    const v = typeof f.value === 'string' && NAME_FIELDS.has(f.name) ? f.value.toLowerCase() : String(f.value);
    key += f.name + '=' + v + '\u0000';
  }
  return key;
}
