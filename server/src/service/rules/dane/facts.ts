// What the TLSA and DANE rules read, gathered once per lint from the lists the content pass
// keeps: the TLSA records with the values of their fields, grouped by owner, the MX records and
// whether the zone shows signs of DNSSEC. The MX targets, their aliases and the TLSA records
// that cover them are worked out only when a TLSA record serves SMTP. Entries keep numbers and
// short strings: the spans of the fields are read again from the record for the few records a
// rule reports. A zone of a million records holds tens of thousands of TLSA and MX records:
// records are grouped by owner without a map where the zone keeps each owner's records together,
// and hosts are found in typed-array tables, without a string made per record.
import { TokenKind, type RdataField, type Span, type Token, type ZoneRecord } from '../../zone/types';
import { parseName, splitLabels } from '../../zone/names';
import { decimalValue, MAX_U16 } from '../../rdata/fieldReader';
import { StoredRecord } from '../../zone/record';
import { field, perLint, type RuleLocation, type ZoneIndex } from '../rule';
import { structureFacts } from '../structure/facts';
import { isInZone } from '../structure/zoneFacts';
import { contentRecords } from '../content/contentRecords';
import type { CarriedEdit, CarriedFix } from '../carriedFix';
export type { CarriedEdit, CarriedFix };

export interface TlsaEntry {
  record: ZoneRecord;
  /** Index of the record in zone.parsed.records. */
  order: number;
  /** The owner, lower-cased. */
  ownerKey: string;
  /** Index of the owner in DaneFacts.owners. */
  owner: number;
  /** The field values, when the RDATA parsed (the parser reported it otherwise). */
  usage: number | undefined;
  selector: number | undefined;
  matchingType: number | undefined;
  /** The certificate association data in lower-case hex. */
  data: string | undefined;
}

/** The fields of a TLSA record with their spans, for a record a rule reports. */
export interface TlsaFields {
  usage: RdataField;
  selector: RdataField;
  matchingType: RdataField;
  data: RdataField;
}

/**
 * Items grouped by a key, the keys in the order they first come: group k holds items[starts[k]]
 * up to items[starts[k + 1]], in the order they came.
 */
export interface Groups<T> {
  keys: string[];
  items: T[];
  starts: Int32Array;
}

/** The items of group k. */
export function groupItems<T>(groups: Groups<T>, k: number): T[] {
  return groups.items.slice(groups.starts[k], groups.starts[k + 1]);
}

export function groupSize(groups: Groups<unknown>, k: number): number {
  return groups.starts[k + 1] - groups.starts[k];
}

/**
 * Groups `items` by `keyOf`. Where the zone keeps each owner's records together (the structure
 * pass tells), items of one owner come one after another and are grouped as they come;
 * otherwise a map finds the group of each.
 */
function groupByOwner<T>(zone: ZoneIndex, items: T[], keyOf: (item: T) => string): Groups<T> {
  const keys: string[] = [];
  let starts = new Int32Array(Math.max(16, items.length + 1));
  if (structureFacts(zone).ownersContiguous) {
    let last: string | undefined;
    for (let i = 0; i < items.length; i++) {
      const key = keyOf(items[i]);
      if (key === last) continue;
      last = key;
      starts[keys.length] = i;
      keys.push(key);
    }
    starts[keys.length] = items.length;
    return { keys, items, starts: starts.subarray(0, keys.length + 1) };
  }
  const index = new Map<string, number>();
  const groupOf = new Int32Array(items.length);
  const counts: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const key = keyOf(items[i]);
    let k = index.get(key);
    if (k === undefined) {
      index.set(key, (k = keys.length));
      keys.push(key);
      counts.push(0);
    }
    groupOf[i] = k;
    counts[k]++;
  }
  starts = new Int32Array(keys.length + 1);
  for (let k = 0; k < keys.length; k++) starts[k + 1] = starts[k] + counts[k];
  const next = starts.slice(0, keys.length);
  const grouped: T[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) grouped[next[groupOf[i]]++] = items[i];
  return { keys, items: grouped, starts };
}

/** The group index of each key, made when first asked for: few rules look a group up by name. */
const groupIndexes = new WeakMap<Groups<unknown>, Map<string, number>>();

/** The index of the group of `key`, or -1. */
export function groupOf(groups: Groups<unknown>, key: string): number {
  let index = groupIndexes.get(groups);
  if (!index) {
    index = new Map();
    for (let k = 0; k < groups.keys.length; k++) index.set(groups.keys[k], k);
    groupIndexes.set(groups, index);
  }
  return index.get(key) ?? -1;
}

export interface DaneFacts {
  /** TLSA records in file order, parsed or not. */
  tlsa: TlsaEntry[];
  /** TLSA records by lower-cased owner. */
  owners: Groups<TlsaEntry>;
  /** Every MX record, fields not yet read. */
  mxRecords: ZoneRecord[];
  /** Every CNAME record, fields not yet read. */
  cnameRecords: ZoneRecord[];
  /** The zone holds a DNSKEY or an RRSIG. */
  signed: boolean;
  smtp?: SmtpFacts;
  /** The TLSA owners for SMTP by host, made when first asked for. */
  hosts?: { smtp: HostTable; wildcard: HostTable };
}

export interface MxEntry {
  record: ZoneRecord;
  /** The target, lower-cased. */
  target: string;
  ownerKey: string;
  /** The TLSA records senders use for the target: at _25._tcp.<target> (or *._tcp.), else at its canonical name's. */
  tlsa: TlsaEntry | undefined;
}

export interface SmtpFacts {
  /** MX records with a target other than '.', by lower-cased owner. */
  mx: Groups<MxEntry>;
  /** Some MX target is a host this zone serves. */
  hasInZoneTarget: boolean;
  /** Canonical name of each in-zone MX target that is an alias (targets that are none are not here). */
  canonical: Map<string, string>;
  /** For each TLSA owner (DaneFacts.owners) at _25._tcp.<host>: 1 when the host is an MX target or a target's canonical name. */
  mailHostOwners: Uint8Array;
  /** Lower-cased MX targets, and the names their in-zone CNAME chains lead to; made when first asked for. */
  mailHosts?: Set<string>;
}


function fieldNamed(fields: readonly RdataField[], name: string): RdataField | undefined {
  for (let i = 0; i < fields.length; i++) if (fields[i].name === name) return fields[i];
  return undefined;
}

function numberOf(f: RdataField | undefined): number | undefined {
  return f && typeof f.value === 'number' ? f.value : undefined;
}

/** A TLSA number field written plainly: one to three digits, at most 255; -1 otherwise. */
function plainOctet(token: Token): number {
  const text = token.text;
  if (token.kind !== TokenKind.Word || text.length > 3) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value <= 255 ? value : -1;
}

/** Hex digits only (a token is never empty): a regular expression reads the text faster than a loop here. */
const HEX = /^[0-9a-fA-F]*$/;

/**
 * The fields of a TLSA record written plainly (three numbers, then words of hex digits, even in
 * number), read from its tokens as the TLSA parser reads them; false for any other record, which
 * is then parsed. Parsing builds the hex of the data a digit pair at a time, which costs more
 * than the rest of the pass and keeps a string of many pieces per record.
 */
function readPlainTlsa(tokens: readonly Token[], entry: TlsaEntry): boolean {
  if (tokens.length < 4) return false;
  const usage = plainOctet(tokens[0]);
  const selector = plainOctet(tokens[1]);
  const matchingType = plainOctet(tokens[2]);
  if (usage < 0 || selector < 0 || matchingType < 0) return false;
  let digits = 0;
  let data = '';
  for (let i = 3; i < tokens.length; i++) {
    const token = tokens[i];
    const text = token.text;
    if (token.kind !== TokenKind.Word || !HEX.test(text)) return false;
    digits += text.length;
  }
  if (digits % 2 !== 0) return false;
  if (tokens.length === 4) data = tokens[3].text.toLowerCase();
  else {
    const parts: string[] = [];
    for (let i = 3; i < tokens.length; i++) parts.push(tokens[i].text);
    data = parts.join('').toLowerCase();
  }
  entry.usage = usage;
  entry.selector = selector;
  entry.matchingType = matchingType;
  entry.data = data;
  return true;
}

/** The TLSA records and what the DANE rules need beside them; the first rule to ask pays for the pass. */
export const daneFacts = perLint((zone): DaneFacts => {
  const content = contentRecords(zone);
  const { tlsa, tlsaOrders } = content;
  const entries: TlsaEntry[] = new Array(tlsa.length);
  let lastOwner: string | undefined;
  let lastKey = '';
  for (let i = 0; i < tlsa.length; i++) {
    const r = tlsa[i];
    // Records of one owner mostly follow each other, sharing the owner string.
    const owner = r.owner;
    if (owner !== lastOwner) {
      lastOwner = owner;
      lastKey = owner.toLowerCase();
    }
    const entry: TlsaEntry = { record: r, order: tlsaOrders[i], ownerKey: lastKey, owner: 0, usage: undefined, selector: undefined, matchingType: undefined, data: undefined };
    if (r.generic || !readPlainTlsa(r.rdata, entry)) {
      const fields = r.fields;
      if (fields) {
        entry.usage = numberOf(fieldNamed(fields, 'usage'));
        entry.selector = numberOf(fieldNamed(fields, 'selector'));
        entry.matchingType = numberOf(fieldNamed(fields, 'matchingType'));
        const data = fieldNamed(fields, 'data')?.value;
        // Made into one string: the parser's hex is a string of many small pieces.
        entry.data = typeof data === 'string' ? flat(data) : undefined;
      }
    }
    entries[i] = entry;
  }
  const owners = groupByOwner(zone, entries, (e) => e.ownerKey);
  for (let k = 0; k < owners.keys.length; k++) for (let i = owners.starts[k]; i < owners.starts[k + 1]; i++) owners.items[i].owner = k;
  const found: DaneFacts = { tlsa: entries, owners, mxRecords: content.mx, cnameRecords: content.cnames, signed: content.signed };
  return found;
});

/** The string as one piece of memory (reading a character joins the pieces of a concatenation). */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** The fields of a TLSA record with their spans, read from the record (undefined when the RDATA did not parse). */
export function tlsaFields(entry: TlsaEntry): TlsaFields | undefined {
  const fields = entry.record.fields;
  if (!fields) return undefined;
  const usage = fieldNamed(fields, 'usage');
  const selector = fieldNamed(fields, 'selector');
  const matchingType = fieldNamed(fields, 'matchingType');
  const data = fieldNamed(fields, 'data');
  return usage && selector && matchingType && data ? { usage, selector, matchingType, data } : undefined;
}

export const SMTP_PREFIX = '_25._tcp.';

/** True for a lower-cased `_25._tcp.<host>` owner. */
export function isSmtpOwner(ownerKey: string): boolean {
  return ownerKey.length > SMTP_PREFIX.length && ownerKey.startsWith(SMTP_PREFIX);
}

/** The host of a lower-cased `_25._tcp.<host>` owner, or undefined. */
export function smtpHost(ownerKey: string): string | undefined {
  return ownerKey.startsWith(SMTP_PREFIX) && ownerKey.length > SMTP_PREFIX.length ? ownerKey.slice(SMTP_PREFIX.length) : undefined;
}

/** True when this zone serves the lower-cased `name`: inside the zone and not delegated away. */
export function servedHere(zone: ZoneIndex, name: string): boolean {
  return isInZone(zone, name) && !zone.isBelowDelegation(name);
}

const WILDCARD_PREFIX = '*._tcp.';

/**
 * TLSA owners that start with one prefix (_25._tcp. or *._tcp.), found by the rest of the name:
 * an MX target is looked up as it is, without slicing the host out of each owner or building the
 * owner of each target. An open-addressing table of owner indexes.
 */
class HostTable {
  private readonly slots: Int32Array;
  private count = 0;

  constructor(
    private readonly keys: readonly string[],
    private readonly prefix: number,
    capacity: number,
  ) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
  }

  get size(): number {
    return this.count;
  }

  /** Adds owner k, whose key starts with the prefix, under the rest of its key. */
  add(k: number): void {
    const mask = this.slots.length - 1;
    let slot = hashFrom(this.keys[k], this.prefix) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = k + 1;
    this.count++;
  }

  /** The owner added under `host`, or -1. */
  get(host: string): number {
    const mask = this.slots.length - 1;
    for (let slot = hashFrom(host, 0) & mask; ; slot = (slot + 1) & mask) {
      const k = this.slots[slot] - 1;
      if (k < 0 || sameRest(this.keys[k], this.prefix, host)) return k;
    }
  }
}

/** FNV-1a hash of name[from..]. */
function hashFrom(name: string, from: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** True when key[from..] is `name`. */
function sameRest(key: string, from: number, name: string): boolean {
  if (key.length - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (key.charCodeAt(from + i) !== name.charCodeAt(i)) return false;
  return true;
}

/** The TLSA owners _25._tcp.<host> and *._tcp.<host>, by host. */
function tlsaByHost(facts: DaneFacts): { smtp: HostTable; wildcard: HostTable } {
  if (facts.hosts) return facts.hosts;
  const keys = facts.owners.keys;
  let smtp = 0;
  let wildcard = 0;
  for (const key of keys) {
    if (key.startsWith(SMTP_PREFIX)) smtp++;
    else if (key.startsWith(WILDCARD_PREFIX)) wildcard++;
  }
  const hosts = { smtp: new HostTable(keys, SMTP_PREFIX.length, smtp), wildcard: new HostTable(keys, WILDCARD_PREFIX.length, wildcard) };
  for (let k = 0; k < keys.length; k++) {
    if (keys[k].startsWith(SMTP_PREFIX)) hosts.smtp.add(k);
    else if (keys[k].startsWith(WILDCARD_PREFIX)) hosts.wildcard.add(k);
  }
  facts.hosts = hosts;
  return hosts;
}

/** True when the zone has TLSA records for SMTP to the lower-cased `host`. */
export function hasSmtpTlsa(facts: DaneFacts, host: string): boolean {
  return smtpOwnerAt(facts, host) >= 0;
}

/**
 * The TLSA owner for SMTP to the lower-cased `host`, as an index in facts.owners: _25._tcp.<host>,
 * else *._tcp.<host>; -1 when there is none.
 */
export function smtpOwnerAt(facts: DaneFacts, host: string | undefined): number {
  if (host === undefined) return -1;
  const hosts = tlsaByHost(facts);
  const k = hosts.smtp.get(host);
  return k >= 0 || hosts.wildcard.size === 0 ? k : hosts.wildcard.get(host);
}

const MAX_CNAME_HOPS = 8;

/** Where the in-zone CNAME chain of the lower-cased `name` ends, or undefined when `name` is no alias. */
function canonicalName(zone: ZoneIndex, name: string): string | undefined {
  let current = name;
  let found: string | undefined;
  for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
    const cname = zone.recordsAt(current, 'CNAME')[0];
    if (!cname || !servedHere(zone, current)) break;
    const target = cname.fields?.[0]?.value;
    if (typeof target !== 'string') break;
    current = found = target.toLowerCase();
  }
  return found;
}

/** The exchange of an MX record as its field (with its span), for a record a rule reports. */
export function exchangeField(m: MxEntry): RdataField {
  return field(m.record, 'exchange')!;
}

/**
 * The exchange of an MX record as its field holds it (absolute), or undefined when the RDATA did
 * not parse. A record written plainly (a number up to 65535 and a name, both words) is read from
 * its tokens as the MX parser reads it; the others are parsed.
 */
function exchangeOf(record: ZoneRecord): string | undefined {
  // The origin a stored record's fields are parsed with.
  if (record instanceof StoredRecord && !record.generic) {
    const tokens = record.rdata;
    if (tokens.length === 2 && tokens[0].kind === TokenKind.Word && tokens[1].kind === TokenKind.Word) {
      const preference = decimalValue(tokens[0].text);
      if (preference >= 0 && preference <= MAX_U16) {
        const name = parseName(tokens[1].text, record.origin);
        return name.error ? undefined : name.name;
      }
    }
  }
  const fields = record.fields;
  const exchange = fields && fieldNamed(fields, 'exchange');
  return exchange && typeof exchange.value === 'string' ? exchange.value : undefined;
}

/** MX targets, their aliases and the TLSA records senders use for them, read when a TLSA record serves SMTP. */
export function smtpFacts(zone: ZoneIndex): SmtpFacts {
  const facts = daneFacts(zone);
  if (facts.smtp) return facts.smtp;
  const hosts = tlsaByHost(facts);
  const owners = facts.owners;
  const mailHostOwners = new Uint8Array(owners.keys.length);
  // The structure pass knows the names with a CNAME that parsed: at any other name an alias
  // chain stops, and most MX targets are no alias.
  const aliases = facts.cnameRecords.length > 0 ? structureFacts(zone).cnameTargets : undefined;
  const canonical = new Map<string, string>();
  // Canonical names found so far: one met later as a target is not followed again.
  const ends = new Set<string>();
  let hasInZoneTarget = false;
  const entries: MxEntry[] = [];
  let lastOwner: string | undefined;
  let lastKey = '';
  for (const record of facts.mxRecords) {
    const exchange = exchangeOf(record);
    if (exchange === undefined || exchange === '.') continue;
    const target = exchange.toLowerCase();
    // Records of one owner mostly follow each other, sharing the owner string.
    const owner = record.owner;
    if (owner !== lastOwner) {
      lastOwner = owner;
      lastKey = owner.toLowerCase();
    }
    let k = hosts.smtp.get(target);
    if (k >= 0) mailHostOwners[k] = 1;
    else if (hosts.wildcard.size > 0) k = hosts.wildcard.get(target);
    if (servedHere(zone, target)) {
      hasInZoneTarget = true;
      const alias = aliases !== undefined && aliases.has(target) ? (canonical.get(target) ?? (ends.has(target) ? undefined : canonicalName(zone, target))) : undefined;
      if (alias !== undefined) {
        canonical.set(target, alias);
        ends.add(alias);
        const c = hosts.smtp.get(alias);
        if (c >= 0) mailHostOwners[c] = 1;
        // Senders use the records at the alias, else those at its canonical name.
        if (k < 0) k = c >= 0 || hosts.wildcard.size === 0 ? c : hosts.wildcard.get(alias);
      }
    }
    entries.push({ record, target, ownerKey: lastKey, tlsa: k >= 0 ? owners.items[owners.starts[k]] : undefined });
  }
  const smtp: SmtpFacts = { mx: groupByOwner(zone, entries, (m) => m.ownerKey), hasInZoneTarget, canonical, mailHostOwners };
  facts.smtp = smtp;
  return smtp;
}

/** Lower-cased MX targets, and the names their in-zone CNAME chains lead to. */
export function mailHosts(zone: ZoneIndex): Set<string> {
  const smtp = smtpFacts(zone);
  if (smtp.mailHosts) return smtp.mailHosts;
  const hosts = new Set<string>();
  for (const m of smtp.mx.items) {
    hosts.add(m.target);
    const alias = smtp.canonical.get(m.target);
    if (alias !== undefined) hosts.add(alias);
  }
  return (smtp.mailHosts = hosts);
}

// ---- Locations and fixes ----------------------------------------------------------------------

export function spanLocation(record: ZoneRecord, span: Span): RuleLocation {
  return { file: record.file, start: span.start, end: span.end };
}

/** The owner as written, or the type when the owner was inherited. */
export function ownerOrType(record: ZoneRecord): RuleLocation {
  return spanLocation(record, record.ownerSpan ?? record.typeSpan);
}

export function fileText(zone: ZoneIndex, record: ZoneRecord): string {
  return zone.parsed.files[record.file]?.text ?? '';
}

/** An edit of the record's own text; undefined for $GENERATE output, whose spans are the directive's. */
export function recordEdit(zone: ZoneIndex, record: ZoneRecord, span: Span, newText: string): CarriedEdit | undefined {
  if (record.generated) return undefined;
  return { start: span.start, end: span.end, newText, expect: fileText(zone, record).slice(span.start, span.end) };
}

/**
 * True when renaming the record's written owner renames only TLSA records: the records after it
 * that leave their owner blank take it too.
 */
export function ownerEditable(zone: ZoneIndex, entry: TlsaEntry): boolean {
  const record = entry.record;
  if (!record.ownerSpan || record.generated) return false;
  const records = zone.parsed.records;
  for (let i = entry.order + 1; i < records.length; i++) {
    const next = records[i];
    if (next.ownerSpan || next.file !== record.file) break;
    if (next.type !== 'TLSA' || next.generated) return false;
  }
  return true;
}

/** An edit of one RDATA field; undefined for RDATA in the generic form, whose fields all span the hex data. */
export function fieldEdit(zone: ZoneIndex, entry: TlsaEntry, field: Span, newText: string): CarriedEdit | undefined {
  return entry.record.generic ? undefined : recordEdit(zone, entry.record, field, newText);
}

/** A fix of the given edits, or undefined when one of them cannot be made. */
export function makeFix(title: string, preferred: boolean, edits: (CarriedEdit | undefined)[]): CarriedFix | undefined {
  if (edits.length === 0 || edits.some((e) => e === undefined)) return undefined;
  return { title, preferred, edits: edits as CarriedEdit[] };
}

/** `{ fixes }` for the report, or undefined when there are none. */
export function fixData(...fixes: (CarriedFix | undefined)[]): { fixes: CarriedFix[] } | undefined {
  // The list given is kept when it holds no gap: diagnostics are kept for the lint, and a list
  // that grew by filtering holds room for more.
  let kept = 0;
  for (let i = 0; i < fixes.length; i++) if (fixes[i] !== undefined) kept++;
  if (kept === 0) return undefined;
  if (kept === fixes.length) return { fixes: fixes as CarriedFix[] };
  return { fixes: fixes.filter((f): f is CarriedFix => f !== undefined) };
}

/** The data field's text, when replacing it loses nothing: no comment between its tokens. */
export function replaceableData(zone: ZoneIndex, entry: TlsaEntry, fields: TlsaFields | undefined): RdataField | undefined {
  const data = fields?.data;
  if (!data || entry.record.generated) return undefined;
  return fileText(zone, entry.record).slice(data.start, data.end).includes(';') ? undefined : data;
}

/** Hex in the case the data was written in (upper case when it has no lower-case digit). */
export function hexLike(zone: ZoneIndex, entry: TlsaEntry, fields: TlsaFields | undefined, hex: string): string {
  const data = fields?.data;
  const written = data ? fileText(zone, entry.record).slice(data.start, data.end) : '';
  return /[A-F]/.test(written) && !/[a-f]/.test(written) ? hex.toUpperCase() : hex;
}

/** Labels of a lower-cased absolute name, leftmost first. */
export function labelsOf(name: string): string[] {
  return splitLabels(name);
}

/** Display form of a lower-cased absolute name: without the final dot. */
export function shown(name: string): string {
  return name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name;
}
