// What the TLSA and DANE rules read, gathered once per lint from the lists the content pass
// keeps: the TLSA records with the values of their fields, the MX records and whether the zone
// shows signs of DNSSEC. The MX targets and their aliases are worked out only when a TLSA
// record serves SMTP. Entries keep numbers and short strings: the spans of the fields are read
// again from the record for the few records a rule reports.
import { TokenKind, type RdataField, type Span, type Token, type ZoneRecord } from '../../zone/types';
import { parseName, splitLabels } from '../../zone/names';
import { decimalValue, MAX_U16 } from '../../rdata/fieldReader';
import { StoredRecord } from '../../zone/record';
import { field, type RuleLocation, type ZoneIndex } from '../rule';
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

export interface DaneFacts {
  /** TLSA records in file order, parsed or not. */
  tlsa: TlsaEntry[];
  /** TLSA records by lower-cased owner. */
  byOwner: Map<string, TlsaEntry[]>;
  /** Every MX record, fields not yet read. */
  mxRecords: ZoneRecord[];
  /** Every CNAME record, fields not yet read. */
  cnameRecords: ZoneRecord[];
  /** The zone holds a DNSKEY or an RRSIG. */
  signed: boolean;
  smtp?: SmtpFacts;
  /** The TLSA records for SMTP by host, made when first asked for. */
  hosts?: { smtp: Map<string, TlsaEntry[]>; wildcard: Map<string, TlsaEntry[]> };
}

export interface MxEntry {
  record: ZoneRecord;
  /** The target, lower-cased. */
  target: string;
  ownerKey: string;
}

export interface SmtpFacts {
  /** MX records with a target other than '.', by lower-cased owner. */
  byOwner: Map<string, MxEntry[]>;
  /** Lower-cased MX targets, and the names their in-zone CNAME chains lead to. */
  mailHosts: Set<string>;
  /** Some MX target is a host this zone serves. */
  hasInZoneTarget: boolean;
  /** Canonical name of each in-zone MX target that is an alias (targets that are none are not here). */
  canonical: Map<string, string>;
}

const gathered = new WeakMap<ZoneIndex, DaneFacts>();

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

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

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
    if (token.kind !== TokenKind.Word) return false;
    for (let k = 0; k < text.length; k++) if (!isHexDigit(text.charCodeAt(k))) return false;
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
export function daneFacts(zone: ZoneIndex): DaneFacts {
  let facts = gathered.get(zone);
  if (facts) return facts;
  const content = contentRecords(zone);
  facts = { tlsa: [], byOwner: new Map(), mxRecords: content.mx, cnameRecords: content.cnames, signed: content.signed };
  const { tlsa, tlsaOrders } = content;
  for (let i = 0; i < tlsa.length; i++) {
    const r = tlsa[i];
    const entry: TlsaEntry = { record: r, order: tlsaOrders[i], ownerKey: r.owner.toLowerCase(), usage: undefined, selector: undefined, matchingType: undefined, data: undefined };
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
    facts.tlsa.push(entry);
    const list = facts.byOwner.get(entry.ownerKey);
    if (list) list.push(entry);
    else facts.byOwner.set(entry.ownerKey, [entry]);
  }
  gathered.set(zone, facts);
  return facts;
}

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
 * The TLSA records at _25._tcp.<host> and at *._tcp.<host>, by host: MX targets are looked up
 * there as they are, without building the owner name for each.
 */
function tlsaByHost(facts: DaneFacts): { smtp: Map<string, TlsaEntry[]>; wildcard: Map<string, TlsaEntry[]> } {
  if (facts.hosts) return facts.hosts;
  const hosts = { smtp: new Map<string, TlsaEntry[]>(), wildcard: new Map<string, TlsaEntry[]>() };
  for (const [ownerKey, entries] of facts.byOwner) {
    if (ownerKey.startsWith(SMTP_PREFIX)) hosts.smtp.set(ownerKey.slice(SMTP_PREFIX.length), entries);
    else if (ownerKey.startsWith(WILDCARD_PREFIX)) hosts.wildcard.set(ownerKey.slice(WILDCARD_PREFIX.length), entries);
  }
  facts.hosts = hosts;
  return hosts;
}

/** True when the zone has TLSA records for SMTP to the lower-cased `host`. */
export function hasSmtpTlsa(facts: DaneFacts, host: string): boolean {
  const hosts = tlsaByHost(facts);
  return hosts.smtp.has(host) || (hosts.wildcard.size > 0 && hosts.wildcard.has(host));
}

/** The TLSA records for SMTP to the lower-cased `host`: at _25._tcp.<host>, else at *._tcp.<host>. */
export function smtpTlsaAt(facts: DaneFacts, host: string | undefined): TlsaEntry[] | undefined {
  if (host === undefined) return undefined;
  const hosts = tlsaByHost(facts);
  return hosts.smtp.get(host) ?? (hosts.wildcard.size > 0 ? hosts.wildcard.get(host) : undefined);
}

const MAX_CNAME_HOPS = 8;

/** Where the in-zone CNAME chain of the lower-cased `name` ends, or undefined when `name` is no alias. */
function canonicalName(zone: ZoneIndex, name: string): string | undefined {
  let current = name;
  let found: string | undefined;
  for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
    // One lookup in the owner table costs less than a set of every alias of the zone.
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

/** MX targets and their aliases, read when a TLSA record serves SMTP. */
export function smtpFacts(zone: ZoneIndex): SmtpFacts {
  const facts = daneFacts(zone);
  if (facts.smtp) return facts.smtp;
  const smtp: SmtpFacts = { byOwner: new Map(), mailHosts: new Set(), hasInZoneTarget: false, canonical: new Map() };
  const aliases = facts.cnameRecords.length > 0;
  let lastOwner: string | undefined;
  let lastKey = '';
  let lastList: MxEntry[] | undefined;
  for (const record of facts.mxRecords) {
    const exchange = exchangeOf(record);
    if (exchange === undefined || exchange === '.') continue;
    const target = exchange.toLowerCase();
    // Records of one owner mostly follow each other, sharing the owner string.
    const owner = record.owner;
    const entry: MxEntry = { record, target, ownerKey: owner === lastOwner ? lastKey : owner.toLowerCase() };
    if (owner !== lastOwner) {
      lastOwner = owner;
      lastKey = entry.ownerKey;
      lastList = smtp.byOwner.get(lastKey);
      // A list made for its first entry holds just that: most names have one MX record.
      if (!lastList) smtp.byOwner.set(lastKey, (lastList = [entry]));
      else lastList.push(entry);
    } else lastList!.push(entry);
    if (smtp.mailHosts.has(target)) continue;
    smtp.mailHosts.add(target);
    if (!servedHere(zone, target)) continue;
    smtp.hasInZoneTarget = true;
    const canonical = aliases ? canonicalName(zone, target) : undefined;
    if (canonical !== undefined) {
      smtp.canonical.set(target, canonical);
      smtp.mailHosts.add(canonical);
    }
  }
  facts.smtp = smtp;
  return smtp;
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
