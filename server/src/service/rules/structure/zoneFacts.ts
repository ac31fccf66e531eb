// Lookups the structure rules share, computed at most once per lint and only when a rule asks.
import type { RdataField, ZoneRecord } from '../../zone/types';
import type { RuleLocation, ZoneIndex } from '../rule';

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

export interface StructureFacts {
  /** Lower-cased CNAME owner to the lower-cased target of its first CNAME. */
  cnameTargets: Map<string, string>;
  /** Lower-cased owners of DNAME records. */
  dnameOwners: Set<string>;
  soa: ZoneRecord[];
  ns: NameTarget[];
  mx: NameTarget[];
  srv: NameTarget[];
  cname: NameTarget[];
  /** Owners whose NS records this zone serves: the apex and delegation points not hidden by another cut or a DNAME. */
  servedNsOwners?: Set<string>;
}

const cache = new WeakMap<ZoneIndex, StructureFacts>();

function nameTarget(r: ZoneRecord, fieldName: string, ownerKey: string): NameTarget | undefined {
  const fields = r.fields;
  if (!fields) return undefined;
  let f: RdataField | undefined;
  let preference: number | undefined;
  for (let i = 0; i < fields.length; i++) {
    if (fields[i].name === fieldName) f = fields[i];
    else if (fields[i].name === 'preference' && typeof fields[i].value === 'number') preference = fields[i].value as number;
  }
  if (!f || typeof f.value !== 'string') return undefined;
  const t: NameTarget = { record: r, field: f, key: f.value.toLowerCase(), ownerKey };
  if (preference !== undefined) t.preference = preference;
  return t;
}

export function structureFacts(index: ZoneIndex): StructureFacts {
  let facts = cache.get(index);
  if (facts) return facts;
  facts = { cnameTargets: new Map(), dnameOwners: new Set(), soa: [], ns: [], mx: [], srv: [], cname: [] };
  let lastOwner = '';
  let ownerKey = '';
  for (const r of index.parsed.records) {
    const type = r.type;
    if (type !== 'NS' && type !== 'MX' && type !== 'SRV' && type !== 'CNAME' && type !== 'DNAME' && type !== 'SOA') continue;
    if (r.owner !== lastOwner) {
      lastOwner = r.owner;
      ownerKey = lastOwner.toLowerCase();
    }
    if (type === 'SOA') facts.soa.push(r);
    else if (type === 'DNAME') facts.dnameOwners.add(ownerKey);
    else {
      const t = nameTarget(r, type === 'MX' ? 'exchange' : 'target', ownerKey);
      if (!t) continue;
      if (type === 'NS') facts.ns.push(t);
      else if (type === 'MX') facts.mx.push(t);
      else if (type === 'SRV') facts.srv.push(t);
      else {
        facts.cname.push(t);
        if (!facts.cnameTargets.has(ownerKey)) facts.cnameTargets.set(ownerKey, t.key);
      }
    }
  }
  cache.set(index, facts);
  return facts;
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

/** True when a proper ancestor of the lower-cased `name` owns a DNAME. */
export function isBelowDname(index: ZoneIndex, name: string): boolean {
  const dnames = structureFacts(index).dnameOwners;
  if (dnames.size === 0) return false;
  const apexLength = index.apex.length;
  let n = parentOf(name);
  while (n !== undefined && n.length >= apexLength) {
    if (dnames.has(n)) return true;
    n = parentOf(n);
  }
  return false;
}

/** Per-lint memo of "this name is at or below a delegation point", keyed by ancestor names. */
const cutMemo = new WeakMap<ZoneIndex, Map<string, boolean>>();

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
  let memo = cutMemo.get(index);
  if (!memo) cutMemo.set(index, (memo = new Map()));
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

function hasAddressRecord(records: readonly ZoneRecord[] | undefined): boolean {
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

/**
 * True when the lower-cased in-zone `name` has an A or AAAA record, itself or through the
 * wildcard at its closest existing ancestor (RFC 4592 §3.3.1).
 */
export function hasAddress(index: ZoneIndex, name: string): boolean {
  const own = index.byOwner.get(name);
  if (own) return hasAddressRecord(own);
  let n = parentOf(name);
  while (n !== undefined && isInZone(index, n)) {
    const wildcard = index.byOwner.get(n === '.' ? '*.' : '*.' + n);
    if (wildcard) return hasAddressRecord(wildcard);
    if (index.byOwner.has(n)) return false;
    n = parentOf(n);
  }
  return false;
}

/** Records of one owner grouped by type in file order; an owner has few types, so a linear scan beats a Map. */
export function rrsetsOf(records: readonly ZoneRecord[]): ZoneRecord[][] {
  const groups: ZoneRecord[][] = [];
  outer: for (let i = 0; i < records.length; i++) {
    const r = records[i];
    for (let g = 0; g < groups.length; g++) {
      if (groups[g][0].type === r.type) {
        groups[g].push(r);
        continue outer;
      }
    }
    groups.push([r]);
  }
  return groups;
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
