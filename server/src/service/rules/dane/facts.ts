// What the TLSA and DANE rules read, gathered in one pass over the zone per lint: the TLSA
// records with their fields, the MX records and whether the zone shows signs of DNSSEC. The MX
// targets and their aliases are worked out only when a TLSA record serves SMTP.
import type { RdataField, Span, ZoneRecord } from '../../zone/types';
import { splitLabels } from '../../zone/names';
import type { RuleLocation, ZoneIndex } from '../rule';
import { isInZone } from '../structure/zoneFacts';

export interface TlsaEntry {
  record: ZoneRecord;
  /** Index of the record in zone.parsed.records. */
  order: number;
  /** The owner, lower-cased. */
  ownerKey: string;
  /** The fields, when the RDATA parsed (the parser reported it otherwise). */
  usage?: RdataField;
  selector?: RdataField;
  matchingType?: RdataField;
  data?: RdataField;
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
}

export interface MxEntry {
  record: ZoneRecord;
  exchange: RdataField;
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
  /** Canonical name of each in-zone MX target that is an alias; undefined when it is none. */
  canonical: Map<string, string | undefined>;
}

const gathered = new WeakMap<ZoneIndex, DaneFacts>();

function fieldNamed(fields: readonly RdataField[], name: string): RdataField | undefined {
  for (let i = 0; i < fields.length; i++) if (fields[i].name === name) return fields[i];
  return undefined;
}

/** The TLSA records and what the DANE rules need beside them; the first rule to ask pays for the pass. */
export function daneFacts(zone: ZoneIndex): DaneFacts {
  let facts = gathered.get(zone);
  if (facts) return facts;
  facts = { tlsa: [], byOwner: new Map(), mxRecords: [], cnameRecords: [], signed: false };
  const records = zone.parsed.records;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const type = r.type;
    if (type === 'TLSA') {
      const entry: TlsaEntry = { record: r, order: i, ownerKey: r.owner.toLowerCase() };
      // Fields are parsed again on every access: read them once, here.
      const fields = r.fields;
      if (fields) {
        entry.usage = fieldNamed(fields, 'usage');
        entry.selector = fieldNamed(fields, 'selector');
        entry.matchingType = fieldNamed(fields, 'matchingType');
        entry.data = fieldNamed(fields, 'data');
      }
      facts.tlsa.push(entry);
      const list = facts.byOwner.get(entry.ownerKey);
      if (list) list.push(entry);
      else facts.byOwner.set(entry.ownerKey, [entry]);
    } else if (type === 'MX') facts.mxRecords.push(r);
    else if (type === 'CNAME') facts.cnameRecords.push(r);
    else if (type === 'DNSKEY' || type === 'RRSIG') facts.signed = true;
  }
  gathered.set(zone, facts);
  return facts;
}

export function numberValue(f: RdataField | undefined): number | undefined {
  return f && typeof f.value === 'number' ? f.value : undefined;
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

/** True when the zone has TLSA records for SMTP to the lower-cased `host`. */
export function hasSmtpTlsa(facts: DaneFacts, host: string): boolean {
  return facts.byOwner.has(SMTP_PREFIX + host) || facts.byOwner.has('*._tcp.' + host);
}

const MAX_CNAME_HOPS = 8;

/** Where the in-zone CNAME chain of the lower-cased `name` ends, or undefined when `name` is no alias. */
function canonicalName(zone: ZoneIndex, aliases: ReadonlySet<string>, name: string): string | undefined {
  let current = name;
  let found: string | undefined;
  for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
    if (!aliases.has(current) || !servedHere(zone, current)) break;
    const cname = zone.recordsAt(current, 'CNAME')[0];
    const target = cname?.fields?.[0]?.value;
    if (typeof target !== 'string') break;
    current = found = target.toLowerCase();
  }
  return found;
}

/** MX targets and their aliases, read when a TLSA record serves SMTP. */
export function smtpFacts(zone: ZoneIndex): SmtpFacts {
  const facts = daneFacts(zone);
  if (facts.smtp) return facts.smtp;
  const smtp: SmtpFacts = { byOwner: new Map(), mailHosts: new Set(), hasInZoneTarget: false, canonical: new Map() };
  // Owner lookups cost more than a set of the few alias names.
  const aliases = new Set<string>();
  for (const r of facts.cnameRecords) aliases.add(r.owner.toLowerCase());
  for (const record of facts.mxRecords) {
    const fields = record.fields;
    const exchange = fields && fieldNamed(fields, 'exchange');
    if (!exchange || typeof exchange.value !== 'string' || exchange.value === '.') continue;
    const target = exchange.value.toLowerCase();
    const entry: MxEntry = { record, exchange, target, ownerKey: record.owner.toLowerCase() };
    const list = smtp.byOwner.get(entry.ownerKey);
    if (list) list.push(entry);
    else smtp.byOwner.set(entry.ownerKey, [entry]);
    if (smtp.mailHosts.has(target)) continue;
    smtp.mailHosts.add(target);
    if (!servedHere(zone, target)) continue;
    smtp.hasInZoneTarget = true;
    const canonical = canonicalName(zone, aliases, target);
    smtp.canonical.set(target, canonical);
    if (canonical !== undefined) smtp.mailHosts.add(canonical);
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

export interface CarriedEdit {
  start: number;
  end: number;
  newText: string;
  /** The text the edit replaces, so a stale fix is dropped. */
  expect: string;
}

export interface CarriedFix {
  title: string;
  preferred: boolean;
  edits: CarriedEdit[];
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
export function fieldEdit(zone: ZoneIndex, entry: TlsaEntry, field: RdataField, newText: string): CarriedEdit | undefined {
  return entry.record.generic ? undefined : recordEdit(zone, entry.record, field, newText);
}

/** A fix of the given edits, or undefined when one of them cannot be made. */
export function makeFix(title: string, preferred: boolean, edits: (CarriedEdit | undefined)[]): CarriedFix | undefined {
  if (edits.length === 0 || edits.some((e) => e === undefined)) return undefined;
  return { title, preferred, edits: edits as CarriedEdit[] };
}

/** `{ fixes }` for the report, or undefined when there are none. */
export function fixData(...fixes: (CarriedFix | undefined)[]): { fixes: CarriedFix[] } | undefined {
  const kept = fixes.filter((f): f is CarriedFix => f !== undefined);
  return kept.length ? { fixes: kept } : undefined;
}

/** The data field's text, when replacing it loses nothing: no comment between its tokens. */
export function replaceableData(zone: ZoneIndex, entry: TlsaEntry): RdataField | undefined {
  const data = entry.data;
  if (!data || entry.record.generated) return undefined;
  return fileText(zone, entry.record).slice(data.start, data.end).includes(';') ? undefined : data;
}

/** Hex in the case the data was written in (upper case when it has no lower-case digit). */
export function hexLike(zone: ZoneIndex, entry: TlsaEntry, hex: string): string {
  const data = entry.data;
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
