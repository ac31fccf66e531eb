// DMARC (RFC 7489, RFC 9989): the policy record at _dmarc.<domain>, its tags and report
// addresses, and what it means together with the zone's other mail records (DKIM for forwarded
// mail, BIMI, names that send no mail). Every rule reads the records gathered once per lint by
// mailRecords and the DMARC view built from them here.
import { TokenKind, type SourceFile, type Token, type ZoneRecord } from '../../zone/types';
import type { DnsAnswer, Resolver } from '../../dns/resolver';
import { field, perLint, recordLocation, type Report, type Rule, type RuleLocation, type ZoneIndex } from '../rule';
import type { RuleInfo } from '../ruleInfo';
import { reportLookupFailure } from '../dnsLookup';
import { contentEnd, contentRecords, contentStart, defineRule, shorten } from '../content/contentRecords';
import { structureFacts } from '../structure/facts';
import { isAtOrBelowCut } from '../structure/zoneFacts';
import { mailName, mailRecords, plainString, plainValueStart, type MailRecord } from './mailRecords';
import type { JoinedTxt } from '../../mail/joinedText';
import type { TagSpec } from '../../mail/tagList';
import {
  closestWord,
  DMARC_KNOWN_TAGS,
  DMARC_VALUE_RULES,
  isBareAddress,
  isEnforcing,
  isKnownDmarcTag,
  meantValue,
  organizationalDomainGuess,
  readDmarc,
  reportUris,
  type DmarcPolicy,
  type DmarcRecord,
  type DmarcUri,
} from '../../mail/dmarc';
import type { CarriedEdit as FixEdit, CarriedFix } from '../carriedFix';
export type { FixEdit, CarriedFix };

// ---------------------------------------------------------------------------------------------
// Locations and edits in mail records, shared with the MTA-STS and TLS-RPT rules.

/**
 * `data` for a diagnostic with quick fixes, or undefined when there is none. The list given is
 * kept when every fix in it is: diagnostics are kept for the lint, and a list that grew by
 * filtering holds room for more.
 */
export function withFixes(fixes: (CarriedFix | undefined)[]): { fixes: CarriedFix[] } | undefined {
  let kept = 0;
  for (let i = 0; i < fixes.length; i++) if (isFix(fixes[i])) kept++;
  if (kept === 0) return undefined;
  if (kept === fixes.length) return { fixes: fixes as CarriedFix[] };
  const out: CarriedFix[] = new Array(kept);
  for (let i = 0, k = 0; i < fixes.length; i++) if (isFix(fixes[i])) out[k++] = fixes[i]!;
  return { fixes: out };
}

function isFix(f: CarriedFix | undefined): f is CarriedFix {
  return f !== undefined && f.edits.length > 0;
}

export function fix(title: string, edits: FixEdit[] | FixEdit | undefined, preferred = false): CarriedFix | undefined {
  if (!edits) return undefined;
  return { title, preferred, edits: Array.isArray(edits) ? edits : [edits] };
}

const lineEndings = new WeakMap<SourceFile, string>();

/** The line ending a file is written with, found once per file: inserted lines follow it. */
function lineEnding(file: SourceFile): string {
  let eol = lineEndings.get(file);
  if (eol === undefined) lineEndings.set(file, (eol = file.text.includes('\r\n') ? '\r\n' : '\n'));
  return eol;
}

function fileText(zone: ZoneIndex, record: ZoneRecord): string | undefined {
  return zone.parsed.files[record.file]?.text;
}

/** The span of a record's RDATA as written (all its strings). */
export function rdataLocation(record: ZoneRecord): RuleLocation {
  const tokens = record.rdata;
  if (tokens.length === 0) return recordLocation(record);
  return { file: record.file, start: tokens[0].start, end: tokens[tokens.length - 1].end };
}

/**
 * How joined characters map to the file: the offset of the first character of a value written
 * as one string without escapes (its own value, character for character), or the full map of
 * joinTxt for the other records.
 */
type ValueMap = number | JoinedTxt;

function offsetOf(map: ValueMap, i: number): number {
  return typeof map === 'number' ? map + i : map.offsetOf(i);
}

function endOffsetOf(map: ValueMap, i: number): number {
  return typeof map === 'number' ? map + i + 1 : map.endOffsetOf(i);
}

function spansOf(map: ValueMap, from: number, to: number): { start: number; end: number }[] {
  return typeof map === 'number' ? [{ start: map + from, end: map + to }] : map.spansOf(from, to);
}

/** Tokens of records whose value is not one plain string, read once: a record reads its tokens from the text on every access. */
const tokenLists = new WeakMap<MailRecord, Token[]>();

/** The record's strings: one plain string is made from what the mail pass kept; others are read once and kept. */
function tokensOf(mail: MailRecord): Token[] {
  const plain = plainString(mail);
  if (plain) return [plain];
  let tokens = tokenLists.get(mail);
  if (!tokens) tokenLists.set(mail, (tokens = mail.record.rdata));
  return tokens;
}

/**
 * The map of a record's value to the file, or null when it does not read the text the mail pass
 * decoded. A single string without escapes is its own value, character for character: its map
 * is an offset, so the full map of joinTxt is built only for the other records (and kept by them).
 */
function valueMap(mail: MailRecord): ValueMap | null {
  const start = plainValueStart(mail);
  if (start >= 0) return start;
  const tokens = tokensOf(mail);
  const only = tokens.length === 1 ? tokens[0] : undefined;
  if (only && only.text === mail.value && !only.text.includes('\\')) return contentStart(only);
  const joined = mail.joined();
  return joined.value === mail.value ? joined : null;
}

/** The file characters of joined characters [from, to) of a mail record: from the first to the last, across strings. */
export function valueLocation(mail: MailRecord, from: number, to: number): RuleLocation {
  const record = mail.record;
  const len = mail.value.length;
  const j = valueMap(mail);
  if (record.generated || len === 0 || !j) return rdataLocation(record);
  const a = Math.max(0, Math.min(from, len - 1));
  const b = Math.max(a + 1, Math.min(to, len));
  return { file: record.file, start: offsetOf(j, a), end: endOffsetOf(j, b - 1) };
}

export function tagLocation(mail: MailRecord, tag: TagSpec): RuleLocation {
  return valueLocation(mail, tag.start, tag.end);
}

function tokenHolding(tokens: readonly Token[], offset: number, atEnd: boolean): Token | undefined {
  for (const t of tokens) {
    const s = contentStart(t);
    const e = contentEnd(t);
    if (atEnd ? offset > s && offset <= e : offset >= s && offset < e) return t;
  }
  return undefined;
}

/**
 * Edits that replace joined characters [from, to) of a mail record with `newText` (an insertion
 * when from === to). The new text goes into the first string touched; the rest of the range is
 * deleted string by string, so quotes stay where they are. Undefined when a touched string is not
 * quoted, the record was generated, or a string would grow past 255 characters.
 */
export function valueEdits(zone: ZoneIndex, mail: MailRecord, from: number, to: number, newText: string): FixEdit[] | undefined {
  const record = mail.record;
  const text = fileText(zone, record);
  const j = valueMap(mail);
  if (record.generated || text === undefined || !j) return undefined;
  const len = mail.value.length;
  if (from === to) {
    if (len === 0) return undefined;
    const atEnd = from >= len;
    const at = atEnd ? endOffsetOf(j, len - 1) : offsetOf(j, from);
    const token = tokenHolding(tokensOf(mail), at, atEnd);
    if (!token || token.kind !== TokenKind.Quoted || token.text.length + newText.length > 255) return undefined;
    return [{ start: at, end: at, newText, expect: '' }];
  }
  const spans = spansOf(j, from, to);
  const edits: FixEdit[] = [];
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    const token = tokenHolding(tokensOf(mail), s.start, false);
    if (!token || token.kind !== TokenKind.Quoted) return undefined;
    if (i === 0 && token.text.length - (s.end - s.start) + newText.length > 255) return undefined;
    edits.push({ start: s.start, end: s.end, newText: i === 0 ? newText : '', expect: text.slice(s.start, s.end) });
  }
  return edits.length ? edits : undefined;
}

/** Edits removing a tag with the separator that goes with it (the following one, or for the last tag the preceding one). */
export function tagRemovalEdits(zone: ZoneIndex, mail: MailRecord, tags: readonly TagSpec[], tag: TagSpec): FixEdit[] | undefined {
  const i = tags.indexOf(tag);
  if (i < 0) return undefined;
  if (i + 1 < tags.length) return valueEdits(zone, mail, tag.start, tags[i + 1].start, '');
  if (i > 0) return valueEdits(zone, mail, tags[i - 1].end, tag.end, '');
  return undefined;
}

const LINE_END_OR_SPECIAL = /[\n"\\();]/g;

/**
 * Offset just after the line on which the record ends: the first line end outside quotes and
 * parentheses from the record's start (a comment on that line included). Read from the text, as
 * a record's end would tokenize it again.
 */
function endOfRecordLine(text: string, record: ZoneRecord): number {
  // Most records are one line without quotes, escapes, parentheses or comments: a regular
  // expression finds its end faster than the loop below, which reads every other case.
  LINE_END_OR_SPECIAL.lastIndex = record.start;
  const first = LINE_END_OR_SPECIAL.exec(text);
  if (first === null) return text.length;
  if (first[0] === '\n') return first.index + 1;
  let depth = 0;
  let quoted = false;
  for (let i = record.start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 0x5c) i++;
      else if (c === 0x22) quoted = false;
      continue;
    }
    if (c === 0x22) quoted = true;
    else if (c === 0x5c) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29) depth--;
    else if (c === 0x3b) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
      if (depth <= 0) return Math.min(i + 1, text.length);
    } else if (c === 0x0a && depth <= 0) return i + 1;
  }
  return text.length;
}

/**
 * True when the record written after this one has no owner of its own and would take the owner
 * of a line inserted above it. Read from the text (blank, comment and directive lines skipped),
 * so finding the next record costs no search through the zone's records.
 */
function nextInheritsOwner(text: string, record: ZoneRecord): boolean {
  return inheritsOwnerFrom(text, endOfRecordLine(text, record));
}

/** nextInheritsOwner, given the end of the record's line. */
function inheritsOwnerFrom(text: string, lineEnd: number): boolean {
  let i = lineEnd;
  while (i < text.length) {
    let e = text.indexOf('\n', i);
    if (e < 0) e = text.length;
    let j = i;
    while (j < e && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j++;
    const c = text.charCodeAt(j);
    if (j >= e || c === 0x3b || c === 0x0d || c === 0x24) {
      i = e + 1;
      continue;
    }
    return j > i;
  }
  return false;
}

/**
 * An edit inserting whole lines (records with absolute owners) after the line where `record`
 * ends; at the end of the file when the next record inherits its owner from the line above.
 */
export function insertLinesAfter(zone: ZoneIndex, record: ZoneRecord, lines: readonly string[]): FixEdit | undefined {
  const file = zone.parsed.files[record.file];
  const text = file?.text;
  if (text === undefined || record.generated || lines.length === 0) return undefined;
  const eol = lineEnding(file);
  const lineEnd = endOfRecordLine(text, record);
  let at = inheritsOwnerFrom(text, lineEnd) ? text.length : lineEnd;
  const body = lines.join(eol) + eol;
  if (at === text.length && text.length > 0 && text.charCodeAt(text.length - 1) !== 0x0a) return { start: at, end: at, newText: eol + body, expect: '' };
  at = Math.min(at, text.length);
  return { start: at, end: at, newText: body, expect: '' };
}

/** An edit deleting the lines of a record, when they hold nothing else and no later record inherits its owner. */
export function deleteRecordEdit(zone: ZoneIndex, record: ZoneRecord): FixEdit | undefined {
  const text = fileText(zone, record);
  if (text === undefined || record.generated) return undefined;
  let start = record.start;
  while (start > 0 && text.charCodeAt(start - 1) !== 0x0a) start--;
  if (text.slice(start, record.start).trim() !== '') return undefined;
  if (record.ownerSpan && nextInheritsOwner(text, record)) return undefined;
  const end = endOfRecordLine(text, record);
  return { start, end, newText: '', expect: text.slice(start, end) };
}

/** The TTL to write on a new TXT record at `owner`: that of its TXT records, or of `anchor`. */
export function ttlFor(zone: ZoneIndex, owner: string, anchor: ZoneRecord): number {
  return zone.recordsAt(owner, 'TXT')[0]?.ttl ?? anchor.ttl;
}

/** The lower-cased absolute form (with final dot) the zone index looks names up in. */
export function absolute(name: string): string {
  return name.endsWith('.') ? name.toLowerCase() : name.toLowerCase() + '.';
}

function inZone(zone: ZoneIndex, name: string): boolean {
  const apex = mailName(zone.apex);
  const n = mailName(name);
  return apex === '' || apex === '.' || n === apex || n.endsWith('.' + apex);
}

/** The parent of a name in mail form, or undefined at the top. */
function parentOf(name: string): string | undefined {
  const dot = name.indexOf('.');
  return dot < 0 ? undefined : name.slice(dot + 1);
}

const TYPOGRAPHIC = /[\u2018\u2019\u201c\u201d]/;

// ---------------------------------------------------------------------------------------------
// The DMARC records of the zone, read once per lint.

const DMARC_PREFIX = '_dmarc.';

const enum EntryFlags {
  Selected = 1,
  DmarcLike = 2,
  Cut = 4,
}

/** A TXT record at a _dmarc name: the record, its reading (shared by equal values) and three flags. */
export class DmarcEntry {
  constructor(
    readonly mail: MailRecord,
    readonly reading: DmarcRecord,
    private readonly flags: number,
  ) {}

  /** The domain the record is for: its owner without the _dmarc label (mail form). */
  get domain(): string {
    return this.mail.owner.slice(DMARC_PREFIX.length);
  }

  /** Receivers take it: the value begins with v=DMARC1. */
  get selected(): boolean {
    return (this.flags & EntryFlags.Selected) !== 0;
  }

  /** Meant as a DMARC record, even if receivers skip it. */
  get dmarcLike(): boolean {
    return (this.flags & EntryFlags.DmarcLike) !== 0;
  }

  /** An unquoted ';' cut the value short (txt-unquoted-semicolon reports it). */
  get cut(): boolean {
    return (this.flags & EntryFlags.Cut) !== 0;
  }
}

interface DmarcView {
  /** Every TXT record at a _dmarc name. */
  entries: DmarcEntry[];
  /**
   * The DMARC records whose tags the rules check: those with a v=DMARC1 tag (in any case and
   * place, as dmarc-version's fixes leave it) whose value is not cut short.
   */
  checked: DmarcEntry[];
  /** The records receivers take at _dmarc.<domain>. */
  selectedAt(domain: string): DmarcEntry[];
  /** The records receivers take at the name of `entry`. */
  selectedWith(entry: DmarcEntry): DmarcEntry[];
  /** The names where receivers find more than one record to take: those records, in the order of the names' first. */
  severalSelected(): DmarcEntry[][];
}


const TAG_LIKE = /^\s*[A-Za-z][A-Za-z0-9_-]*\s*=/;
const POLICY_TAGS = new Set(['p', 'sp', 'np', 'rua', 'ruf', 'adkim', 'aspf', 'fo', 'pct']);

/** True when the last string is unquoted and a ';' after it starts a comment holding more tags. */
function cutByComment(zone: ZoneIndex, mail: MailRecord): boolean {
  // The value then ends where the ';' began: a value with a ';' of its own was not cut.
  if (mail.value.includes(';')) return false;
  const record = mail.record;
  const tokens = tokensOf(mail);
  const last = tokens[tokens.length - 1];
  if (!last || last.kind !== TokenKind.Word || record.generated) return false;
  const text = fileText(zone, record);
  if (text === undefined) return false;
  let i = last.end;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  if (text.charCodeAt(i) !== 0x3b) return false;
  let end = i + 1;
  while (end < text.length && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d) end++;
  return TAG_LIKE.test(text.slice(i + 1, end));
}

const dmarcView = perLint((zone): DmarcView => {
  const entries: DmarcEntry[] = [];
  const checked: DmarcEntry[] = [];
  // Zones repeat a few DMARC values over and over: each distinct value is read once.
  const readings = new Map<string, DmarcRecord>();
  for (const mail of mailRecords(zone).all) {
    // _dmarc at the root serves no domain (a file linted without its origin).
    if (mail.ownerKind !== 'dmarc' || mail.spfType || !mail.owner.startsWith(DMARC_PREFIX)) continue;
    let reading = readings.get(mail.value);
    if (!reading) readings.set(mail.value, (reading = readDmarc(mail.value)));
    const isSelected = mail.kind === 'dmarc';
    const dmarcLike = isSelected || (mail.kind === undefined && (/dmarc/i.test(mail.value) || reading.tags.some((t) => t.hasEquals && POLICY_TAGS.has(t.name.toLowerCase()))));
    const cut = cutByComment(zone, mail);
    const entry = new DmarcEntry(mail, reading, (isSelected ? EntryFlags.Selected : 0) | (dmarcLike ? EntryFlags.DmarcLike : 0) | (cut ? EntryFlags.Cut : 0));
    entries.push(entry);
    if (dmarcLike && reading.versionTag !== undefined && !cut) checked.push(entry);
  }
  // The selected records by owner (_dmarc.<domain>, mail form, the string the mail record keeps),
  // made when a rule first looks a name up; most names hold one.
  let selected: Map<string, DmarcEntry | DmarcEntry[]> | undefined;
  const byOwner = (): Map<string, DmarcEntry | DmarcEntry[]> => {
    if (selected) return selected;
    selected = new Map();
    for (const entry of entries) {
      if (!entry.selected) continue;
      const owner = entry.mail.owner;
      const held = selected.get(owner);
      if (held === undefined) selected.set(owner, entry);
      else if (Array.isArray(held)) held.push(entry);
      else selected.set(owner, [held, entry]);
    }
    return selected;
  };
  const at = (owner: string): DmarcEntry[] => {
    const held = byOwner().get(owner);
    return held === undefined ? [] : Array.isArray(held) ? held : [held];
  };
  const severalSelected = (): DmarcEntry[][] => {
    const out: DmarcEntry[][] = [];
    if (!structureFacts(zone).ownersContiguous) {
      for (const held of byOwner().values()) if (Array.isArray(held)) out.push(held);
      return out;
    }
    // Where the zone keeps each owner's records together (the structure pass tells), the records
    // of one name follow each other, and no map is needed to find the names with several.
    let run: DmarcEntry[] = [];
    for (const entry of entries) {
      if (run.length > 0 && entry.mail.owner !== run[0].mail.owner) {
        if (run.length > 1) out.push(run);
        run = [];
      }
      if (entry.selected) run.push(entry);
    }
    if (run.length > 1) out.push(run);
    return out;
  };
  const view: DmarcView = {
    entries,
    checked,
    selectedAt: (domain) => at(DMARC_PREFIX + mailName(domain)),
    selectedWith: (entry) => at(entry.mail.owner),
    severalSelected,
  };
  return view;
});

interface AppliedPolicy {
  entry: DmarcEntry;
  /** p for the domain's own record; sp (or p) of an ancestor's. */
  policy: DmarcPolicy;
  inherited: boolean;
}

/**
 * The DMARC policy this zone applies to mail from `domain`: its own record, or the closest
 * ancestor's inside the zone. 'unknown' when DNS outside what the zone shows decides (a CNAME at
 * _dmarc, several records, or no record up to an apex that may not be the organizational domain).
 */
function policyFor(zone: ZoneIndex, domain: string): AppliedPolicy | 'none-found' | 'unknown' {
  const view = dmarcView(zone);
  const apex = mailName(zone.apex);
  let name: string | undefined = mailName(domain);
  let inherited = false;
  while (name !== undefined && inZone(zone, name)) {
    const at = '_dmarc.' + name;
    if (zone.recordsAt(absolute(at), 'CNAME').length > 0 || isAtOrBelowCut(zone, absolute(at))) return 'unknown';
    const found = view.selectedAt(name);
    // Several records, or one cut short by an unquoted ';': other rules report what receivers make of it.
    if (found.length > 1 || (found.length === 1 && found[0].cut)) return 'unknown';
    if (found.length === 1) {
      const r = found[0].reading;
      const policy = (inherited ? (r.sp ?? r.p) : r.p) ?? 'none';
      return { entry: found[0], policy, inherited };
    }
    if (name === apex) break;
    name = parentOf(name);
    inherited = true;
  }
  return organizationalDomainGuess(apex) === apex ? 'none-found' : 'unknown';
}


function isBlankCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

/**
 * True when an MX record's exchange is '.' (a null MX, RFC 7505). Read from the end of its line
 * where it can be (reading a record's tokens re-scans them on every access); from the tokens when
 * the record spans lines or was generated.
 */
function isNullMxRecord(zone: ZoneIndex, r: ZoneRecord): boolean {
  if (r.generic) return false;
  const text = zone.parsed.files[r.file]?.text;
  if (text !== undefined && !r.generated) {
    // The line alone is read: searching the text for '(' or ';' would run on to the next record that has one.
    let e = text.indexOf('\n', r.start);
    if (e < 0) e = text.length;
    let paren = false;
    let semi = -1;
    for (let k = r.start; k < e; k++) {
      const c = text.charCodeAt(k);
      if (c === 0x28) {
        paren = true;
        break;
      }
      if (c === 0x3b && semi < 0) semi = k;
    }
    if (!paren) {
      if (semi >= 0) e = semi;
      let i = e - 1;
      while (i > r.start && isBlankCode(text.charCodeAt(i))) i--;
      return text.charCodeAt(i) === 0x2e && isBlankCode(text.charCodeAt(i - 1));
    }
  }
  const tokens = r.rdata;
  return tokens.length === 2 && tokens[1].text === '.';
}

/**
 * The names (mail form) whose MX records are all null MX (RFC 7505: they accept no mail), each
 * with its first one, found among the MX records the content pass gathers.
 */
const nullMxNames = perLint((zone): Map<string, ZoneRecord> => {
  const found = new Map<string, ZoneRecord>();
  const candidates = new Map<string, ZoneRecord>();
  for (const r of contentRecords(zone).mx) if (isNullMxRecord(zone, r) && !candidates.has(r.owner)) candidates.set(r.owner, r);
  for (const [owner, first] of candidates) {
    if (zone.recordsAt(owner, 'MX').every((r) => isNullMxRecord(zone, r))) found.set(mailName(owner), first);
  }
  return found;
});

/** The first MX of `domain` when all its MX records are null MX: the domain accepts no mail. */
function hasOnlyNullMx(zone: ZoneIndex, domain: string): ZoneRecord | undefined {
  return nullMxNames(zone).get(domain);
}

function isNullMx(record: ZoneRecord): boolean {
  return field(record, 'exchange')?.value === '.';
}

function hasMailExchanger(zone: ZoneIndex, domain: string): boolean {
  for (const r of zone.recordsAt(absolute(domain), 'MX')) if (!isNullMx(r)) return true;
  return false;
}


/** True when the zone publishes any DKIM key: a TXT or CNAME under _domainkey, or a delegated _domainkey. */
const zoneHasDkim = perLint((zone): boolean => {
  let known: boolean = mailRecords(zone).all.some((m) => m.ownerKind === 'dkim' || m.kind === 'dkim');
  if (!known) for (const owner of structureFacts(zone).cnameTargets.keys()) if (owner.includes('._domainkey.') || owner.startsWith('_domainkey.')) { known = true; break; }
  if (!known) for (const cut of zone.delegations) if (cut.includes('_domainkey')) { known = true; break; }
  return known;
});

// ---------------------------------------------------------------------------------------------
// Rules on where DMARC records are and how many.

const DM01: RuleInfo = { id: 'dmarc-outside-dmarc-name', severity: 'warning', title: 'DMARC record outside a _dmarc name', source: 'RFC 7489 §6.1; RFC 9989' };

export const dmarcOutsideDmarcName = defineRule(DM01, (zone, report) => {
  for (const mail of mailRecords(zone).ofKind('dmarc')) {
    if (mail.ownerKind === 'dmarc' || mail.spfType) continue;
    const owner = mail.owner;
    // Report authorisations (<domain>._report._dmarc.<destination>) rightly hold v=DMARC1.
    if (owner.includes('._report._dmarc.') || owner.startsWith('_report._dmarc.') || owner.startsWith('*.')) continue;
    const record = mail.record;
    const head = readDmarc(mail.value).tags[0];
    const firstLabel = owner.split('.')[0];
    const domain = firstLabel === 'dmarc' ? owner.slice('dmarc.'.length) : owner;
    const target = '_dmarc.' + domain;
    let data;
    const text = fileText(zone, record);
    if (record.ownerSpan && text !== undefined && !record.generated && !nextInheritsOwner(text, record) && dmarcView(zone).selectedAt(domain).length === 0) {
      const written = text.slice(record.ownerSpan.start, record.ownerSpan.end);
      const renamed = written === '@' ? '_dmarc' : firstLabel === 'dmarc' ? '_' + written : '_dmarc.' + written;
      data = withFixes([fix(`Move the record to ${target}`, { start: record.ownerSpan.start, end: record.ownerSpan.end, newText: renamed, expect: written })]);
    }
    report(
      DM01.id,
      head ? tagLocation(mail, head) : rdataLocation(record),
      `This DMARC record at ${owner} has no effect: receivers look up the policy for mail from ${domain} only at ${target}. Move the record to ${target}.`,
      data,
    );
  }
});

const DM02: RuleInfo = { id: 'dmarc-multiple', severity: 'error', title: 'More than one DMARC record at a name', source: 'RFC 7489 §6.6.3; RFC 9989' };

export const dmarcMultiple = defineRule(DM02, (zone, report) => {
  for (const all of dmarcView(zone).severalSelected()) {
    for (const e of all) {
      const head = e.reading.tags[0];
      report(
        DM02.id,
        head ? tagLocation(e.mail, head) : rdataLocation(e.mail.record),
        `_dmarc.${e.domain} has ${all.length} DMARC records. A receiver that finds more than one applies no DMARC policy at all, so mail failing DMARC is delivered and no reports are sent. Merge them into one record.`,
      );
    }
  }
});

const DM03: RuleInfo = { id: 'dmarc-version', severity: 'error', title: 'DMARC record not starting with v=DMARC1', source: 'RFC 7489 §6.3, §6.4; RFC 9989' };

/** Joined indexes of separators written as blanks or commas before a tag: 'v=DMARC1 p=reject' and 'v=DMARC1, p=reject'. */
function badSeparators(value: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /(?:[ \t]*,[ \t]*|[ \t]+)(?=(?:p|sp|np|rua|ruf|adkim|aspf|fo|pct|rf|ri|psd|t)[ \t]*=)/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) {
    // A blank after a ';' is fine.
    const before = value.slice(0, m.index).trimEnd();
    if (before.endsWith(';')) continue;
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export const dmarcVersion = defineRule(DM03, (zone, report) => {
  const view = dmarcView(zone);
  for (const entry of view.entries) {
    if (!entry.dmarcLike || entry.reading.versionExact) continue;
    const { mail, reading } = entry;
    // Mending the version is right unless it makes a second record receivers take at the name.
    const alone = view.selectedWith(entry).every((e) => e === entry);
    const tags = reading.tags;
    const head = tags[0];
    // Typographic quotes are zone-typographic-quotes' to report.
    if (!head || TYPOGRAPHIC.test(head.name)) continue;
    const version = reading.version;
    const target = `_dmarc.${entry.domain}`;
    if (version) {
      const separators = badSeparators(mail.value);
      if (separators.length && /^DMARC1[ \t,]/i.test(version.value)) {
        const edits: FixEdit[] = [];
        for (const s of separators) {
          const e = valueEdits(zone, mail, s.start, s.end, '; ');
          if (!e) {
            edits.length = 0;
            break;
          }
          edits.push(...e);
        }
        report(
          DM03.id,
          valueLocation(mail, separators[0].start, separators[0].end),
          `DMARC tags are separated by ';', not by spaces or commas: receivers read the version as '${shorten(version.value)}', which is not DMARC1, and ignore the record, as if ${target} had none. Write '; ' between the tags.`,
          withFixes([fix("Separate the tags with '; '", edits.length ? edits : undefined, alone)]),
        );
        continue;
      }
      const exact = /^dmarc\s*1$/i.test(version.value);
      report(
        DM03.id,
        valueLocation(mail, version.valueStart, Math.max(version.valueEnd, version.valueStart + 1)),
        `The version must be exactly 'DMARC1' (upper case, nothing else), not '${shorten(version.value)}': receivers take only records that start with v=DMARC1 and ignore this one, as if ${target} had no DMARC record. Write v=DMARC1.`,
        withFixes([fix("Write 'DMARC1'", exact ? valueEdits(zone, mail, version.valueStart, version.valueEnd, 'DMARC1') : undefined, alone)]),
      );
      continue;
    }
    const v = tags.find((t) => t.hasEquals && t.name.toLowerCase() === 'v');
    if (v) {
      const i = tags.indexOf(v);
      const removal = tagRemovalEdits(zone, mail, tags, v);
      const insert = valueEdits(zone, mail, head.start, head.start, 'v=DMARC1; ');
      report(
        DM03.id,
        tagLocation(mail, v),
        `v=DMARC1 must be the first tag (it is tag ${i + 1} here): receivers take only records that start with v=DMARC1 and ignore this one, as if ${target} had no DMARC record. Move it to the front.`,
        withFixes([fix('Move v=DMARC1 to the front', removal && insert && v.value === 'DMARC1' ? [...insert, ...removal] : undefined, alone)]),
      );
      continue;
    }
    report(
      DM03.id,
      tagLocation(mail, head),
      `This record at ${target} has no v=DMARC1 tag: receivers take only records that start with v=DMARC1 and ignore this one, as if the domain had no DMARC record. Add v=DMARC1; at the start.`,
      withFixes([fix("Insert 'v=DMARC1; ' at the start", valueEdits(zone, mail, head.start, head.start, 'v=DMARC1; '))]),
    );
  }
});

const DM04: RuleInfo = { id: 'dmarc-other-txt', severity: 'warning', title: 'Other TXT record at a _dmarc name', source: 'RFC 7489 §6.6.3; checkdmarc' };

export const dmarcOtherTxt = defineRule(DM04, (zone, report) => {
  for (const entry of dmarcView(zone).entries) {
    if (entry.dmarcLike) continue;
    const { mail } = entry;
    const value = mail.value;
    if (TYPOGRAPHIC.test(value.charAt(0)) || /^\s/.test(value)) continue;
    const record = mail.record;
    const spf = mail.kind === 'spf';
    const message = spf
      ? `An SPF record at _dmarc.${entry.domain} has no effect: receivers look for SPF at ${entry.domain} itself, and some DMARC checkers read the first TXT record they get at _dmarc and fail on this one. Move it to ${entry.domain} (merged with any SPF record there) or delete it.`
      : `'${shorten(value)}' at _dmarc.${entry.domain} is not a DMARC record. Receivers skip it, but some DMARC checkers read the first TXT record they get at _dmarc and then find no policy. Delete it or move it to the name it belongs to.`;
    report(DM04.id, rdataLocation(record), message, withFixes([fix('Delete this record', deleteRecordEdit(zone, record))]));
  }
});

// ---------------------------------------------------------------------------------------------
// Rules on the tags of one DMARC record.

const DM05: RuleInfo = { id: 'dmarc-policy-missing', severity: 'warning', title: 'DMARC record without p', source: 'RFC 7489 §6.3; RFC 9989 §4.7' };

export const dmarcPolicyMissing = defineRule(DM05, (zone, report) => {
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    if (reading.tag('p')) continue;
    const tags = reading.tags;
    const version = reading.versionTag!;
    // Where v=DMARC1 is not first, dmarc-version moves it there; p goes in after that.
    const insert =
      version !== tags[0] ? undefined : tags.length > 1 ? valueEdits(zone, mail, tags[1].start, tags[1].start, 'p=none; ') : valueEdits(zone, mail, version.end, version.end, '; p=none');
    report(
      DM05.id,
      tagLocation(mail, version),
      `This DMARC record has no p tag. RFC 7489 requires it, so receivers that follow it ignore the record (or apply p=none when rua holds a valid address); RFC 9989 receivers treat it as p=none. Either way mail failing DMARC is delivered. Add p=none to monitor, then p=quarantine or p=reject once reports show your senders pass.`,
      withFixes([fix("Insert 'p=none' after v=DMARC1", insert)]),
    );
  }
});

const DM06: RuleInfo = { id: 'dmarc-policy-order', severity: 'information', title: 'DMARC p not right after v', source: 'RFC 7489 §6.4; RFC 9989 §4.8' };

export const dmarcPolicyOrder = defineRule(DM06, (zone, report) => {
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    const tags = reading.tags;
    const p = reading.tag('p');
    const version = reading.versionTag!;
    // The order is judged as dmarc-version's fix leaves it: v first, then the other tags as written.
    const others = tags.filter((t) => t !== version);
    if (!p || others[0] === p) continue;
    const inPlace = version === tags[0];
    const removal = inPlace ? tagRemovalEdits(zone, mail, tags, p) : undefined;
    const insert = inPlace ? valueEdits(zone, mail, tags[1].start, tags[1].start, `p=${p.value}; `) : undefined;
    report(
      DM06.id,
      tagLocation(mail, p),
      `p=${shorten(p.value)} is not the tag right after v=DMARC1. RFC 9989 allows any order, but RFC 7489 requires p second and strict older receivers reject the record otherwise. Move p to follow v=DMARC1.`,
      withFixes([fix('Move p right after v=DMARC1', removal && insert ? [...insert, ...removal] : undefined)]),
    );
  }
});

/** True when a tag's value runs across a string boundary into text that reads as another tag (txt-split-inside-term reports it). */
function gluedAcrossStrings(mail: MailRecord, tag: TagSpec): boolean {
  if (!tag.value.includes('=') || tokensOf(mail).length < 2) return false;
  const map = valueMap(mail);
  return map !== null && spansOf(map, tag.valueStart, tag.valueEnd).length > 1;
}

const DM07: RuleInfo = { id: 'dmarc-tag-value', severity: 'error', title: 'Invalid value of a DMARC tag', source: 'RFC 7489 §6.3; RFC 9989 §4.7' };

export const dmarcTagValue = defineRule(DM07, (zone, report) => {
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    for (const tag of reading.tags) {
      if (!tag.hasEquals) continue;
      const name = tag.name.toLowerCase();
      const rule = DMARC_VALUE_RULES[name];
      if (!rule || rule.valid(tag.value) || TYPOGRAPHIC.test(tag.value) || gluedAcrossStrings(mail, tag)) continue;
      const suggestion = meantValue(rule, tag.value);
      const location = tag.value === '' ? tagLocation(mail, tag) : valueLocation(mail, tag.valueStart, tag.valueEnd);
      report(
        DM07.id,
        location,
        `${tag.name}=${shorten(tag.value)} is not valid: ${name} takes ${rule.allowed}. ${rule.consequence[0].toUpperCase()}${rule.consequence.slice(1)}.${suggestion ? ` Did you mean ${tag.name}=${suggestion}?` : ''}`,
        withFixes([suggestion ? fix(`Write ${tag.name}=${suggestion}`, valueEdits(zone, mail, tag.valueStart, tag.valueEnd, suggestion)) : undefined]),
      );
    }
  }
});

const DM08a: RuleInfo = { id: 'dmarc-duplicate-tag', severity: 'error', title: 'DMARC tag given twice', source: 'RFC 7489 §6.3; checkdmarc' };

export const dmarcDuplicateTag = defineRule(DM08a, (zone, report) => {
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    const seen = new Map<string, TagSpec>();
    for (const tag of reading.tags) {
      if (!tag.hasEquals) continue;
      const name = tag.name.toLowerCase();
      const first = seen.get(name);
      if (!first) {
        seen.set(name, tag);
        continue;
      }
      report(
        DM08a.id,
        tagLocation(mail, tag),
        `${tag.name} is given twice (first as ${first.name}=${shorten(first.value)}): receivers may take either value or reject the whole record, so the policy is uncertain. Keep one ${name} tag.`,
        withFixes([fix(`Remove this ${tag.name}=${shorten(tag.value, 20)}`, tagRemovalEdits(zone, mail, reading.tags, tag))]),
      );
    }
  }
});

const DM08b: RuleInfo = { id: 'dmarc-unknown-tag', severity: 'warning', title: 'Unknown or malformed DMARC tag', source: 'RFC 7489 §6.3; RFC 9989 §4.7' };

export const dmarcUnknownTag = defineRule(DM08b, (zone, report) => {
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    const tags = reading.tags;
    for (let i = 1; i < tags.length; i++) {
      const tag = tags[i];
      if (TYPOGRAPHIC.test(tag.name)) continue;
      if (tag.hasEquals) {
        if (isKnownDmarcTag(tag.name)) continue;
        const meant = closestWord(tag.name, DMARC_KNOWN_TAGS);
        report(
          DM08b.id,
          valueLocation(mail, tag.nameStart, Math.max(tag.nameEnd, tag.nameStart + 1)),
          `'${shorten(tag.name)}' is not a DMARC tag: receivers ignore tags they do not know, so '${shorten(tag.value)}' has no effect.${meant ? ` Did you mean '${meant}'?` : ' Remove it.'}`,
          withFixes([meant ? fix(`Change the tag to '${meant}'`, valueEdits(zone, mail, tag.nameStart, tag.nameEnd, meant)) : undefined]),
        );
        continue;
      }
      // An element without '=': a tag written with ':' or a blank, or a URI after a ';'.
      const written = /^([A-Za-z]+)([ \t]*:[ \t]*|[ \t]+)(?=\S)/.exec(tag.name);
      if (written && isKnownDmarcTag(written[1])) {
        const sepStart = tag.start + written[1].length;
        report(
          DM08b.id,
          tagLocation(mail, tag),
          `'${shorten(tag.name)}' has no '=': receivers read no ${written[1]} tag here and ignore it. Write ${written[1]}=${shorten(tag.name.slice(written[0].length))}.`,
          withFixes([fix(`Write '${written[1]}='`, valueEdits(zone, mail, sepStart, sepStart + written[2].length, '='))]),
        );
        continue;
      }
      const previous = tags[i - 1];
      const previousName = previous.hasEquals ? previous.name.toLowerCase() : '';
      if ((previousName === 'rua' || previousName === 'ruf') && (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(tag.name) || isBareAddress(tag.name))) {
        const semicolon = mail.value.lastIndexOf(';', tag.start);
        report(
          DM08b.id,
          tagLocation(mail, tag),
          `'${shorten(tag.name)}' stands alone after a ';', so receivers do not read it as a second ${previousName} address and send it no reports. Separate the addresses of one tag with ',' instead.`,
          withFixes([semicolon > previous.end - 1 ? fix("Replace the ';' with ','", valueEdits(zone, mail, semicolon, semicolon + 1, ',')) : undefined]),
        );
        continue;
      }
      report(DM08b.id, tagLocation(mail, tag), `'${shorten(tag.name)}' is not a tag=value pair: receivers ignore it. Remove it or write it as tag=value.`, withFixes([fix('Remove it', tagRemovalEdits(zone, mail, tags, tag))]));
    }
  }
});

const DM09: RuleInfo = { id: 'dmarc-removed-tag', severity: 'warning', title: 'DMARC tag removed in RFC 9989 (pct, rf, ri)', source: 'RFC 9989 §4.7, Appendix' };

export const dmarcRemovedTag = defineRule(DM09, (zone, report) => {
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    for (const tag of reading.tags) {
      if (!tag.hasEquals) continue;
      const name = tag.name.toLowerCase();
      if (name !== 'pct' && name !== 'rf' && name !== 'ri') continue;
      const removal = tagRemovalEdits(zone, mail, reading.tags, tag);
      const value = tag.value.trim();
      if (name === 'pct') {
        const pct = /^\d{1,3}$/.test(value) ? Number(value) : undefined;
        const partial = pct !== undefined && pct < 100;
        const enforcing = reading.p === 'quarantine' || reading.p === 'reject';
        const message = partial
          ? `pct=${value} is removed in RFC 9989: receivers following RFC 7489 apply the policy to ${value}% of failing mail, those following RFC 9989 ignore pct and apply it to all. ${enforcing ? 'To test the policy, write t=y (receivers then apply the next milder policy) instead of pct.' : 'Remove it.'}`
          : `pct is removed in RFC 9989 and receivers following it ignore the tag${pct === 100 ? '; pct=100 is the old default and changes nothing' : pct === undefined ? `; '${shorten(value)}' is not a percentage either` : ''}. Remove it.`;
        report(
          DM09.id,
          tagLocation(mail, tag),
          message,
          withFixes([fix(`Remove pct=${shorten(value, 10)}`, removal, pct === 100), partial && enforcing ? fix('Replace with t=y', valueEdits(zone, mail, tag.start, tag.end, 't=y')) : undefined]),
        );
        continue;
      }
      const unchanged = name === 'rf' ? /^afrf$/i.test(value) : value === '86400';
      const what =
        name === 'rf'
          ? 'rf (failure report format) is removed in RFC 9989; receivers ignore it and send failure reports in the one format there is (afrf)'
          : 'ri (aggregate report interval) is removed in RFC 9989; receivers ignore it and send aggregate reports daily';
      report(DM09.id, tagLocation(mail, tag), `${what}. Remove it.`, withFixes([fix(`Remove ${name}=${shorten(value, 10)}`, removal, unchanged)]));
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Report destinations.

const DM10a: RuleInfo = { id: 'dmarc-report-uri', severity: 'error', title: 'DMARC rua or ruf that is not a mailto: URI', source: 'RFC 7489 §6.2, §6.3; RFC 9989 §4.7' };

export const dmarcReportUri = defineRule(DM10a, (zone, report) => {
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    for (const tag of reading.tags) {
      if (!tag.hasEquals) continue;
      const name = tag.name.toLowerCase();
      if (name !== 'rua' && name !== 'ruf') continue;
      const kind = name === 'rua' ? 'aggregate reports' : 'failure reports';
      if (tag.value === '') {
        report(DM10a.id, tagLocation(mail, tag), `${tag.name} is empty, so receivers have nowhere to send ${kind}. Write ${name}=mailto:<address>, or remove the tag.`);
        continue;
      }
      if (TYPOGRAPHIC.test(tag.value) || gluedAcrossStrings(mail, tag)) continue;
      for (const uri of reportUris(tag)) {
        const at = () => valueLocation(mail, uri.start, uri.uriEnd > uri.start ? uri.uriEnd : uri.end);
        if (uri.text === '') {
          const comma = mail.value.lastIndexOf(',', uri.start);
          report(
            DM10a.id,
            valueLocation(mail, comma, comma + 1),
            `${tag.name} has an empty address after ','; receivers may reject the whole list and send no ${kind}. Remove the extra ','.`,
            withFixes([fix("Remove the extra ','", valueEdits(zone, mail, comma, comma + 1, ''), true)]),
          );
          continue;
        }
        if (uri.size && !uri.size.valid) {
          report(
            DM10a.id,
            valueLocation(mail, uri.size.start, uri.end),
            `'${shorten(uri.size.text)}' is not a report size limit (a number with an optional k, m, g or t), so receivers cannot read this ${name} address and send it no ${kind}. Remove it; a '!' in the address itself must be written %21.`,
          );
          continue;
        }
        if (uri.scheme === undefined) {
          const bare = isBareAddress(uri.uri);
          report(
            DM10a.id,
            at(),
            bare
              ? `'${shorten(uri.uri)}' is an e-mail address, not a URI: receivers need mailto: in front of it and send no ${kind} to this one. Write mailto:${shorten(uri.uri)}.`
              : `'${shorten(uri.uri)}' is not a URI, so receivers send no ${kind} to it. Write mailto:<address>.`,
            withFixes([bare ? fix("Insert 'mailto:'", valueEdits(zone, mail, uri.start, uri.start, 'mailto:'), true) : undefined]),
          );
          continue;
        }
        if (uri.scheme !== 'mailto') {
          const meant = closestWord(uri.scheme, ['mailto']);
          if (!meant && (uri.scheme === 'http' || uri.scheme === 'https')) continue;
          report(
            DM10a.id,
            at(),
            `'${shorten(uri.scheme)}:' is not a scheme receivers send DMARC reports to; they send ${kind} only to mailto: addresses and skip this one.${meant ? " Did you mean 'mailto:'?" : ''}`,
            withFixes([meant ? fix("Write 'mailto:'", valueEdits(zone, mail, uri.start, uri.start + uri.scheme.length, 'mailto')) : undefined]),
          );
          continue;
        }
        if (uri.domain === undefined) {
          const address = uri.address ?? '';
          const trimmed = address.trim();
          const fixable = trimmed !== address && isBareAddress(trimmed);
          report(
            DM10a.id,
            at(),
            `'${shorten(address)}' after mailto: is not an e-mail address, so receivers send no ${kind} to it. Write mailto:<local-part>@<domain>.`,
            withFixes([fixable ? fix('Remove the blanks', valueEdits(zone, mail, uri.addressStart!, uri.uriEnd, trimmed)) : undefined]),
          );
        }
      }
    }
  }
});

const DM10b: RuleInfo = { id: 'dmarc-report-size', severity: 'information', title: 'Obsolete !size on a DMARC report address', source: 'RFC 7489 §6.2; RFC 9989' };

export const dmarcReportSize = defineRule(DM10b, (zone, report) => {
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    for (const tag of reading.tags) {
      if (!tag.hasEquals || !/^ru[af]$/i.test(tag.name) || gluedAcrossStrings(mail, tag)) continue;
      for (const uri of reportUris(tag)) {
        if (!uri.size?.valid) continue;
        report(
          DM10b.id,
          valueLocation(mail, uri.size.start, uri.end),
          `The size limit '${uri.size.text}' is obsolete: RFC 9989 dropped it and receivers following it ignore it, sending reports whatever their size. Remove it.`,
          withFixes([fix(`Remove '${uri.size.text}'`, valueEdits(zone, mail, uri.size.start, uri.end, ''))]),
        );
      }
    }
  }
});

const DM10c: RuleInfo = { id: 'dmarc-no-rua', severity: 'information', title: 'DMARC record without rua', source: 'RFC 7489 §6.3, §7.2; RFC 9989' };

export const dmarcNoRua = defineRule(DM10c, (zone, report) => {
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    // A rua glued onto the previous tag across strings is txt-split-inside-term's to report.
    if (reading.tag('rua') || reading.tags.some((t) => t.hasEquals && gluedAcrossStrings(mail, t))) continue;
    // A domain that accepts no mail (null MX) has nothing to learn from reports it may not want.
    if (hasOnlyNullMx(zone, entry.domain)) continue;
    report(
      DM10c.id,
      tagLocation(mail, reading.versionTag!),
      `This DMARC record has no rua tag, so receivers send no aggregate reports: you cannot see who sends mail as ${entry.domain} or whether it passes before you tighten the policy. Add rua=mailto:<address>.`,
    );
  }
});

const DM11: RuleInfo = { id: 'dmarc-report-authorization', severity: 'warning', title: 'DMARC report destination not authorised', source: 'RFC 7489 §7.1; RFC 9990' };

interface Destination {
  entry: DmarcEntry;
  uri: DmarcUri;
  tagName: string;
  /** The destination domain (mail form). */
  dest: string;
  /** <domain>._report._dmarc.<destination> (mail form). */
  authName: string;
  /** The authorisation can be read from this zone. */
  local: boolean;
}

/** True when the two domains belong to one organization as far as can be told offline. */
function sameOrganization(zone: ZoneIndex, domain: string, dest: string): boolean {
  if (dest === domain || dest.endsWith('.' + domain) || domain.endsWith('.' + dest)) return true;
  if (organizationalDomainGuess(domain) === organizationalDomainGuess(dest)) return true;
  // Two names of one zone whose apex is a registered domain or below one.
  const apex = mailName(zone.apex);
  return apex !== '.' && apex.includes('.') && inZone(zone, domain) && inZone(zone, dest);
}


const externalDestinations = perLint((zone): Destination[] => {
  const found: Destination[] = [];
  for (const entry of dmarcView(zone).checked) {
    for (const tag of entry.reading.tags) {
      if (!tag.hasEquals || !/^ru[af]$/i.test(tag.name) || gluedAcrossStrings(entry.mail, tag)) continue;
      for (const uri of reportUris(tag)) {
        const dest = uri.domain;
        if (!dest || sameOrganization(zone, entry.domain, dest)) continue;
        const authName = `${entry.domain}._report._dmarc.${dest}`;
        // Only a whole zone shows that a record is missing; a fragment's records may be elsewhere.
        const local = zone.wholeZone && inZone(zone, dest) && !isAtOrBelowCut(zone, absolute(authName));
        found.push({ entry, uri, tagName: tag.name.toLowerCase(), dest, authName, local });
      }
    }
  }
  return found;
});

function destinationLocation(d: Destination): RuleLocation {
  const uri = d.uri;
  return valueLocation(d.entry.mail, uri.domainStart!, uri.domainEnd!);
}

/** True when the zone holds the authorisation record (or a wildcard or CNAME that answers for it). */
function authorizedInZone(zone: ZoneIndex, d: Destination): boolean {
  const records = mailRecords(zone);
  const ok = (list: MailRecord[]) => list.some((m) => m.kind === 'dmarc');
  if (ok(records.at(d.authName)) || zone.recordsAt(absolute(d.authName), 'CNAME').length > 0) return true;
  return ok(records.at(`*._report._dmarc.${d.dest}`));
}

function reportUnauthorized(zone: ZoneIndex, report: Report, d: Destination, how: string): void {
  const record = `${d.authName}. IN TXT "v=DMARC1"`;
  const kind = d.tagName === 'rua' ? 'aggregate' : 'failure';
  const insert = d.local ? insertLinesAfter(zone, d.entry.mail.record, [`${d.authName}. ${ttlFor(zone, absolute(d.authName), d.entry.mail.record)} IN TXT "v=DMARC1"`]) : undefined;
  report(
    DM11.id,
    destinationLocation(d),
    `${kind[0].toUpperCase()}${kind.slice(1)} reports for ${d.entry.domain} go to ${d.dest}, outside its organization: receivers send them only when ${d.dest} agrees by publishing ${record} (RFC 7489 §7.1), and ${how}, so receivers drop these reports. ${d.local ? 'Publish that record' : `Ask the operator of ${d.dest} to publish that record`}, or send the reports to an address in ${d.entry.domain}.`,
    withFixes([fix(`Add ${d.authName} TXT "v=DMARC1"`, insert)]),
  );
}

function checkLocalDestinations(zone: ZoneIndex, report: Report): void {
  for (const d of externalDestinations(zone)) {
    if (d.local && !authorizedInZone(zone, d)) reportUnauthorized(zone, report, d, 'this zone has no such record');
  }
}

async function txtAnswer(dns: Resolver, name: string): Promise<DnsAnswer<string>> {
  try {
    return await dns.txt(name);
  } catch (error) {
    return { status: 'error', records: [], error: error instanceof Error ? error.message : String(error) };
  }
}

export const dmarcReportAuthorization: Rule = {
  ...DM11,
  check: checkLocalDestinations,
  async checkLive(zone, dns, report) {
    checkLocalDestinations(zone, report);
    const answers = new Map<string, Promise<DnsAnswer<string>>>();
    const remote = externalDestinations(zone).filter((d) => !d.local);
    await Promise.all(
      remote.map(async (d) => {
        let pending = answers.get(d.authName);
        if (!pending) answers.set(d.authName, (pending = txtAnswer(dns, d.authName)));
        const answer = await pending;
        if (reportLookupFailure(report, destinationLocation(d), d.authName, 'TXT', answer, `whether ${d.dest} accepts DMARC reports for ${d.entry.domain}`)) return;
        if (answer.status === 'ok' && answer.records.some((r) => /^v=DMARC1(?:[ \t;]|$)/i.test(r))) return;
        const how =
          answer.status === 'nxdomain' ? 'DNS says that name does not exist' : answer.status === 'ok' ? 'the TXT records there do not start with v=DMARC1' : 'DNS has no TXT record there';
        reportUnauthorized(zone, report, d, how);
      }),
    );
  },
};

// ---------------------------------------------------------------------------------------------
// Policy strength.

const DM12: RuleInfo = { id: 'dmarc-not-enforcing', severity: 'information', title: 'DMARC policy that does not enforce (none, t=y)', source: 'RFC 7489 §6.3; RFC 9989 §4.7' };

export const dmarcNotEnforcing = defineRule(DM12, (zone, report) => {
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    const p = reading.tag('p');
    if (p && reading.p === 'none') {
      report(
        DM12.id,
        valueLocation(mail, p.valueStart, p.valueEnd),
        `p=none only monitors: receivers deliver mail that fails DMARC as usual, so mail forged in the name of ${entry.domain} still reaches inboxes. When the aggregate reports show that your own senders pass, move to p=quarantine, then p=reject.`,
      );
    }
    const enforcing = reading.p === 'quarantine' || reading.p === 'reject';
    const sp = reading.tag('sp');
    if (sp && reading.sp === 'none' && enforcing) {
      report(
        DM12.id,
        valueLocation(mail, sp.valueStart, sp.valueEnd),
        `sp=none lifts the p=${reading.p} policy for subdomains of ${entry.domain} that have no DMARC record of their own: mail forged from them is delivered. Remove sp or set it to quarantine or reject once the subdomains' senders pass.`,
      );
    }
    const np = reading.tag('np');
    if (np && reading.np === 'none' && (enforcing || reading.sp === 'quarantine' || reading.sp === 'reject')) {
      report(
        DM12.id,
        valueLocation(mail, np.valueStart, np.valueEnd),
        `np=none lets mail from subdomains of ${entry.domain} that do not even exist through, though nobody can legitimately send from them. Set np=reject or remove it.`,
      );
    }
    const t = reading.tag('t');
    if (t && reading.testing && enforcing) {
      report(
        DM12.id,
        tagLocation(mail, t),
        `t=y puts the policy in testing: receivers apply the next milder policy (${reading.p === 'reject' ? 'quarantine instead of reject' : 'none instead of quarantine'}). Remove t=y when the reports show your senders pass.`,
      );
    }
  }
});

const DM13a: RuleInfo = { id: 'dmarc-psd-not-suffix', severity: 'warning', title: 'DMARC psd=y on a domain that is not a public suffix', source: 'RFC 9989 §4.7, §4.10' };

export const dmarcPsdNotSuffix = defineRule(DM13a, (zone, report) => {
  if (!zone.wholeZone) return;
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    const psd = reading.tag('psd');
    if (!psd || psd.value.toLowerCase() !== 'y' || !entry.domain.includes('.')) continue;
    // A public suffix hands out names to others: a zone that delegates nothing below the domain is not one.
    const below = '.' + absolute(entry.domain);
    let delegates = false;
    for (const cut of zone.delegations) {
      if (cut.endsWith(below)) {
        delegates = true;
        break;
      }
    }
    if (delegates) continue;
    report(
      DM13a.id,
      tagLocation(mail, psd),
      `psd=y declares ${entry.domain} a public suffix (like a registry's com or co.uk), yet this zone delegates no names below it. Receivers then look for the organizational domain below ${entry.domain}, which changes how DMARC alignment is judged for its subdomains. Remove psd=y (or write psd=n for an organizational domain).`,
      withFixes([fix('Remove psd=y', tagRemovalEdits(zone, mail, reading.tags, psd))]),
    );
  }
});

const DM13b: RuleInfo = { id: 'dmarc-bimi-not-enforcing', severity: 'warning', title: 'BIMI record while DMARC does not enforce', source: 'BIMI Group draft-brand-indicators-for-message-identification §4' };

export const dmarcBimiNotEnforcing = defineRule(DM13b, (zone, report) => {
  for (const mail of mailRecords(zone).ofKind('bimi')) {
    const owner = mail.owner;
    const at = owner.indexOf('._bimi.');
    if (at < 0) continue;
    const domain = owner.slice(at + '._bimi.'.length);
    const applied = policyFor(zone, domain);
    if (applied === 'unknown') continue;
    let why: string;
    if (applied === 'none-found') why = `${domain} has no DMARC record`;
    else {
      const r = applied.entry.reading;
      if (isEnforcing(r, applied.policy) && (applied.inherited || r.sp !== 'none')) continue;
      const where = applied.inherited ? `the DMARC record of ${applied.entry.domain} gives subdomains` : 'its DMARC record asks for';
      why = r.testing
        ? `${where} t=y (testing)`
        : r.pct !== undefined && r.pct < 100
          ? `${where} pct=${r.pct}`
          : !applied.inherited && r.sp === 'none'
            ? 'its DMARC record sets sp=none'
            : `${where} p=${applied.policy}`;
    }
    const head = readDmarc(mail.value).tags[0];
    report(
      DM13b.id,
      head ? tagLocation(mail, head) : rdataLocation(mail.record),
      `This BIMI record has no effect yet: mailbox providers show the logo only for mail from a domain whose DMARC policy is enforced (p=quarantine or p=reject, for all mail, not in testing), and ${why}. Tighten the DMARC policy first.`,
    );
  }
});

// ---------------------------------------------------------------------------------------------
// Cross-record checks.

const FWD: RuleInfo = { id: 'dmarc-forwarding-without-dkim', severity: 'warning', title: 'DMARC enforced without DKIM: forwarded mail fails', source: 'RFC 7489 §4.2; RFC 7960 §3.2.1; SRS' };

export const dmarcForwardingWithoutDkim = defineRule(FWD, (zone, report) => {
  if (!zone.wholeZone) return;
  let dkim: boolean | undefined;
  for (const entry of dmarcView(zone).checked) {
    const { mail, reading } = entry;
    if (!isEnforcing(reading, reading.p)) continue;
    if ((dkim ??= zoneHasDkim(zone))) return;
    if (!hasMailExchanger(zone, entry.domain)) continue;
    const p = reading.tag('p')!;
    report(
      FWD.id,
      valueLocation(mail, p.valueStart, p.valueEnd),
      `p=${reading.p} with no DKIM key anywhere in this zone (no TXT or CNAME under _domainkey): mail from ${entry.domain} passes DMARC only through SPF. Forwarded mail loses that: Microsoft 365 and other forwarders rewrite the envelope sender (SRS), so SPF passes for the forwarder's domain, which does not align with From:, and the next receiver ${reading.p === 'reject' ? 'rejects' : 'quarantines'} the message. Only a DKIM signature of ${entry.domain} survives forwarding: publish the DKIM keys of your mail service (for Microsoft 365 the selector1 and selector2 _domainkey CNAMEs) and turn signing on.`,
    );
  }
});

const R14: RuleInfo = { id: 'dmarc-non-mail-domain', severity: 'information', title: 'Domain that sends no mail without SPF -all and DMARC reject', source: 'RFC 7505 §4; M3AAWG parked domains; checkdmarc' };

export const dmarcNonMailDomain = defineRule(R14, (zone, report) => {
  const records = mailRecords(zone);
  for (const [domain, nullMx] of nullMxNames(zone)) {
    const spf = records.at(domain).filter((m) => m.kind === 'spf' && !m.spfType);
    if (spf.length > 1) continue;
    let spfMissing = false;
    let spfWeak: string | undefined;
    if (spf.length === 0) spfMissing = true;
    else {
      const terms = spf[0].value.trim().split(/\s+/).slice(1);
      // A record that authorises senders says the name does send mail, only receives none.
      if (terms.some((t) => !/^[+\-~?]?all$/i.test(t))) continue;
      if (!(terms.length === 1 && terms[0].toLowerCase() === '-all')) spfWeak = spf[0].value.trim();
    }
    const applied = policyFor(zone, domain);
    let dmarcMissing = false;
    let dmarcWeak: string | undefined;
    if (applied === 'none-found') dmarcMissing = true;
    else if (applied !== 'unknown' && (applied.policy !== 'reject' || applied.entry.reading.testing)) {
      dmarcWeak = applied.entry.reading.testing ? `p=${applied.policy} with t=y` : `${applied.inherited ? `sp=${applied.policy} from ${applied.entry.domain}` : `p=${applied.policy}`}`;
    }
    // Under a parent's p=reject, forged mail from a subdomain without SPF fails DMARC anyway: the
    // missing SPF record is worth a word only at the apex or beside a DMARC record of its own.
    const ownPolicy = applied !== 'unknown' && applied !== 'none-found' && !applied.inherited;
    if (spfMissing && !dmarcMissing && !dmarcWeak && !ownPolicy && domain !== mailName(zone.apex)) spfMissing = false;
    if (!spfMissing && !spfWeak && !dmarcMissing && !dmarcWeak) continue;
    const missing: string[] = [];
    if (spfMissing) missing.push(`no SPF record "v=spf1 -all"`);
    if (spfWeak) missing.push(`an SPF record '${shorten(spfWeak)}' that does not end in -all alone`);
    if (dmarcMissing) missing.push(`no DMARC record with p=reject`);
    if (dmarcWeak) missing.push(`a DMARC policy of ${dmarcWeak} rather than p=reject`);
    const lines: string[] = [];
    const owner = absolute(domain);
    if (dmarcMissing) lines.push(`_dmarc.${owner} ${ttlFor(zone, '_dmarc.' + owner, nullMx)} IN TXT "v=DMARC1; p=reject"`);
    if (spfMissing) lines.push(`${owner} ${ttlFor(zone, owner, nullMx)} IN TXT "v=spf1 -all"`);
    const title = spfMissing && dmarcMissing ? 'Add SPF -all and DMARC p=reject records' : spfMissing ? 'Add an SPF -all record' : 'Add a DMARC p=reject record';
    const wanted: string[] = [];
    if (spfMissing || spfWeak) wanted.push(`${domain} TXT "v=spf1 -all"${spfWeak ? ' in place of its SPF record' : ''}`);
    if (dmarcMissing || dmarcWeak) wanted.push(`_dmarc.${domain} TXT "v=DMARC1; p=reject"${dmarcWeak && !(applied !== 'unknown' && applied !== 'none-found' && applied.inherited) ? ' in place of its DMARC record' : ''}`);
    report(
      R14.id,
      rdataLocation(nullMx),
      `${domain} accepts no mail (null MX) and so should send none, but it has ${missing.join(' and ')}: receivers cannot tell that mail in its name is forged and deliver it. Publish ${wanted.join(' and ')}.`,
      withFixes([lines.length ? fix(title, insertLinesAfter(zone, nullMx, lines)) : undefined]),
    );
  }
});

export const DMARC_RULES: readonly Rule[] = [
  dmarcOutsideDmarcName,
  dmarcMultiple,
  dmarcVersion,
  dmarcOtherTxt,
  dmarcPolicyMissing,
  dmarcPolicyOrder,
  dmarcTagValue,
  dmarcDuplicateTag,
  dmarcUnknownTag,
  dmarcRemovedTag,
  dmarcReportUri,
  dmarcReportSize,
  dmarcNoRua,
  dmarcReportAuthorization,
  dmarcNotEnforcing,
  dmarcPsdNotSuffix,
  dmarcBimiNotEnforcing,
  dmarcForwardingWithoutDkim,
  dmarcNonMailDomain,
];

