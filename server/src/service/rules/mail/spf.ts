// SPF rules (RFC 7208): the record's syntax, its version and record type, the terms receivers
// ignore or reject, and the DNS lookups its evaluation needs. Every rule reads the SPF records
// that mailRecords found, each parsed once per lint; rules that need DNS share one walk per
// record (spfLookups), offline from the zone alone and live with a resolver.
import type { DnsAnswer, Resolver } from '../../dns/resolver';
import { joinTxt } from '../../mail/joinedText';
import { closestName, isSpfValue, parseSpf, SPF_MECHANISMS, type SpfFault, type SpfFaultKind, type SpfRecord, type SpfTerm } from '../../mail/spf';
import { lookupName, SpfLookupKind, SpfLookupPlans, SpfLookups, SpfShape, spfShape, type SpfLookupPlan } from '../../mail/spfShape';
import {
  budgeted,
  describeCosts,
  evaluateSpf,
  evaluateSpfAsync,
  spfRecordHasErrors,
  SPF_LOOKUP_LIMIT,
  SPF_MX_LIMIT,
  SPF_VOID_LIMIT,
  type SpfAnswer,
  type SpfEvaluation,
  type SpfFinding,
  type SpfMemo,
  type SpfQuery,
  type SpfSource,
} from '../../mail/spfLookups';
import { TokenKind, type ZoneRecord } from '../../zone/types';
import { reportLookupFailure } from '../dnsLookup';
import { ownerLocation, perLint, type Report, type Rule, type RuleLocation, type ZoneIndex } from '../rule';
import type { RuleInfo } from '../ruleInfo';
import { contentRecords, joinedText, mailKindOfText, shorten, TextTraits, textStringsOf } from '../content/contentRecords';
import { mailName, mailRecords, type MailRecord } from './mailRecords';
import type { CarriedEdit, CarriedFix } from '../carriedFix';

// ---------------------------------------------------------------------------------------------
// The SPF records of the zone, read once per lint.

export interface SpfEntry {
  mail: MailRecord;
  /** The record parsed in full: made on first use for a record spfShape finds without faults. */
  readonly spf: SpfRecord;
  /**
   * SpfShape bits: which terms the record has. A record with SpfShape.Faulty was parsed in full
   * and every rule reads its terms; the others are parsed only for a rule whose bit is set.
   */
  readonly shape: number;
  /** Faulty terms that run across a string boundary: txt-split-inside-term reports those. */
  glued: ReadonlySet<SpfTerm>;
  /** The record as the walk sees it at its own name, made on first use. */
  source?: SpfSource;
  /** Sources at other names (a wildcard's record answering for names below it). */
  sources?: Map<string, SpfSource>;
}

const NONE: ReadonlySet<SpfTerm> = new Set();

/** Records with the same value share one parse: zones repeat the same policy at many names. */
type ParsedValues = Map<string, SpfRecord>;

function parsedValue(parsed: ParsedValues, value: string): SpfRecord {
  let spf = parsed.get(value);
  if (!spf) parsed.set(value, (spf = parseSpf(value)));
  return spf;
}

/** An SPF record of the zone, parsed when a rule first needs its terms. */
class Entry implements SpfEntry {
  glued: ReadonlySet<SpfTerm> = NONE;
  source: SpfSource | undefined = undefined;
  sources: Map<string, SpfSource> | undefined = undefined;

  constructor(
    readonly mail: MailRecord,
    readonly shape: number,
    /** The terms the lookup rules walk, for a record without faults whose DNS-querying terms spfShape reads. */
    readonly plan: SpfLookupPlan | undefined,
    private parsed: SpfRecord | undefined,
    private readonly values: ParsedValues,
  ) {}

  get spf(): SpfRecord {
    return (this.parsed ??= parsedValue(this.values, this.mail.value));
  }
}

/** True when the entry's record may have what a rule looks for: it has a fault, or one of `bits`. */
function may(entry: SpfEntry, bits: number): boolean {
  return (entry.shape & (SpfShape.Faulty | bits)) !== 0;
}

interface SpfFacts {
  /** TXT records that are SPF records, in file order (type-99 records are not evaluated by anyone). */
  entries: SpfEntry[];
  /**
   * The entries by owner, lower case and absolute (with the final dot): the owner as the record
   * keeps it, so lookups by a record's owner need no new string. The entry itself stands for the
   * list where a name has one.
   */
  byOwner: Map<string, SpfEntry | SpfEntry[]>;
  /** Names that SPF records of the zone include or redirect to, made on first use. */
  targets?: Set<string>;
}

/** The key of byOwner for a name in mail form (lower case, without the final dot). */
function ownerKey(name: string): string {
  return name === '.' ? name : name + '.';
}

/** The entries at `owner` (lower case, without the final dot). */
function entriesAt(facts: SpfFacts, owner: string): readonly SpfEntry[] | undefined {
  const held = facts.byOwner.get(ownerKey(owner));
  return held === undefined || Array.isArray(held) ? held : [held];
}

function hasUpper(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return true;
  }
  return false;
}

/** True when `set` holds the owner (keys in lower case), in any case: the owner as stored first, which needs no new string. */
function hasOwner(set: { has(key: string): boolean }, owner: string): boolean {
  return set.has(owner) || (hasUpper(owner) && set.has(owner.toLowerCase()));
}


/** The start of an SPF term, as txt-split-inside-term recognises one after a string boundary. */
const SPF_TERM_START = /^[+\-~?]?(?:all(?=$|\s)|include:|a(?=$|[\s:/])|mx(?=$|[\s:/])|ptr(?=$|[\s:])|ip4:|ip6:|exists:)|^(?:redirect|exp)=/i;

function hasErrors(term: SpfTerm): boolean {
  for (const f of term.faults) if (f.kind !== 'host-bits') return true;
  return false;
}

/** True when a faulty term runs across a string boundary behind which a term starts. */
function gluedAtBoundary(mail: MailRecord, term: SpfTerm): boolean {
  if (mail.record.rdata.length < 2) return false;
  const joined = mail.joined();
  const spans = joined.spansOf(term.start, term.end);
  for (let k = 1; k < spans.length; k++) {
    const i = joined.indexAt(spans[k].start);
    if (i > term.start && SPF_TERM_START.test(mail.value.slice(i))) return true;
  }
  return false;
}

const spfFacts = perLint((zone): SpfFacts => {
  const facts: SpfFacts = { entries: [], byOwner: new Map(), targets: undefined };
  const values: ParsedValues = new Map();
  const { byOwner, entries } = facts;
  const lookups = new SpfLookups();
  const plans = new SpfLookupPlans();
  for (const mail of mailRecords(zone).ofKind('spf')) {
    if (mail.spfType) continue;
    const shape = spfShape(mail.value, lookups);
    let entry: Entry;
    if (shape & SpfShape.Faulty) {
      const spf = parsedValue(values, mail.value);
      entry = new Entry(mail, shape, undefined, spf, values);
      let glued: Set<SpfTerm> | undefined;
      for (const t of spf.terms) if (t.faults.length && hasErrors(t) && gluedAtBoundary(mail, t)) (glued ??= new Set()).add(t);
      if (glued) entry.glued = glued;
    } else entry = new Entry(mail, shape, plans.planOf(mail.value, shape, lookups), undefined, values);
    const raw = mail.record.owner;
    const key = hasUpper(raw) ? raw.toLowerCase() : raw;
    entries.push(entry);
    const held = byOwner.get(key);
    if (held === undefined) byOwner.set(key, entry);
    else if (Array.isArray(held)) held.push(entry);
    else byOwner.set(key, [held, entry]);
  }
  return facts;
});

/** The names SPF records of the zone include or redirect to; read from the terms spfShape lists where it can. */
function spfTargets(facts: SpfFacts): Set<string> {
  if (facts.targets) return facts.targets;
  const targets = new Set<string>();
  const lookups = new SpfLookups();
  for (const entry of facts.entries) {
    if (!(entry.shape & (SpfShape.Faulty | SpfShape.OtherLookup))) {
      const value = entry.mail.value;
      spfShape(value, lookups);
      for (let i = 0; i < lookups.count; i++) {
        const kind = lookups.kinds[i];
        if (kind === SpfLookupKind.Include || kind === SpfLookupKind.Redirect) targets.add(lookupName(value, lookups, i));
      }
      continue;
    }
    for (const t of entry.spf.terms) if ((t.mechanism === 'include' || t.modifier === 'redirect') && t.domain?.name) targets.add(t.domain.name);
  }
  return (facts.targets = targets);
}

// ---------------------------------------------------------------------------------------------
// Locations, fixes and words.

/** The file characters of joined-value indexes [from, to) of an entry. */
function valueLocation(entry: SpfEntry, from: number, to: number): RuleLocation {
  const joined = entry.mail.joined();
  const file = entry.mail.record.file;
  if (to <= from) {
    const at = from < joined.value.length ? joined.offsetOf(from) : joined.endOffsetOf(joined.value.length - 1);
    return { file, start: at, end: at };
  }
  return { file, start: joined.offsetOf(from), end: joined.endOffsetOf(to - 1) };
}

function termLocation(entry: SpfEntry, term: { start: number; end: number }): RuleLocation {
  return valueLocation(entry, term.start, term.end);
}

function fileText(zone: ZoneIndex, record: ZoneRecord): string | undefined {
  if (record.file !== 0 || record.generated) return undefined;
  return zone.parsed.files[0]?.text;
}

/**
 * An edit replacing joined-value indexes [from, to) of an entry with `newText`, or undefined
 * when it cannot be written safely: across strings, or with blanks in an unquoted string.
 */
function valueEdit(zone: ZoneIndex, entry: SpfEntry, from: number, to: number, newText: string): CarriedEdit | undefined {
  const record = entry.mail.record;
  const text = fileText(zone, record);
  if (text === undefined || /["\\]/.test(newText)) return undefined;
  const joined = entry.mail.joined();
  let start: number;
  let end: number;
  if (to > from) {
    const spans = joined.spansOf(from, to);
    if (spans.length !== 1) return undefined;
    ({ start, end } = spans[0]);
  } else {
    start = end = valueLocation(entry, from, from).start;
  }
  const token = record.rdata.find((t) => t.start <= start && end <= t.end);
  if (!token) return undefined;
  if (token.kind !== TokenKind.Quoted && /[\s;()]/.test(newText)) return undefined;
  return { start, end, newText, expect: text.slice(start, end) };
}

function fixOf(title: string, preferred: boolean, edits: (CarriedEdit | undefined)[]): CarriedFix | undefined {
  if (edits.length === 0 || edits.some((e) => e === undefined)) return undefined;
  return { title, preferred, edits: edits as CarriedEdit[] };
}

function fixData(...fixes: (CarriedFix | undefined)[]): { fixes: CarriedFix[] } | undefined {
  const kept = fixes.filter((f): f is CarriedFix => f !== undefined);
  return kept.length ? { fixes: kept } : undefined;
}

/** Removes a term with the blanks before it (or after it, for the first term). */
function deleteTermEdit(zone: ZoneIndex, entry: SpfEntry, term: SpfTerm): CarriedEdit | undefined {
  const value = entry.spf.value;
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  let from = term.start;
  while (from > 0 && blank(value[from - 1])) from--;
  let to = term.end;
  while (to < value.length && blank(value[to])) to++;
  // The blanks before the term, else those after it (when the term starts a string), else none.
  const before = from < term.start ? valueEdit(zone, entry, from, term.end, '') : undefined;
  return before ?? (to > term.end ? valueEdit(zone, entry, term.start, to, '') : undefined) ?? valueEdit(zone, entry, term.start, term.end, '');
}

const display = (name: string) => name || '.';

/** Whose mail fails when this record fails: its own name's, or, for a record made to be included, every includer's. */
function whoseMail(entry: SpfEntry): string {
  const owner = entry.mail.owner;
  return owner.startsWith('_') ? `all mail checked against ${display(owner)} (every domain that includes it)` : `all mail from ${display(owner)}`;
}

function permerror(entry: SpfEntry): string {
  return `receivers return permerror for the whole record, so SPF fails for ${whoseMail(entry)} and DMARC gets no SPF pass from it`;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function defineSpfRule(info: RuleInfo, check: (zone: ZoneIndex, report: Report, facts: SpfFacts) => void): Rule {
  return { ...info, check: (zone, report) => check(zone, report, spfFacts(zone)) };
}

// ---------------------------------------------------------------------------------------------
// Term syntax (SP04, SP05, SP06, SP09, SP15).

interface FaultRule {
  info: RuleInfo;
  kinds: SpfFaultKind[];
  /** For faults shared between rules by the term they sit in. */
  accept?: (fault: SpfFault, term: SpfTerm) => boolean;
  message: (fault: SpfFault, term: SpfTerm, entry: SpfEntry) => string;
}

const isAddressTerm = (term: SpfTerm) => term.mechanism === 'ip4' || term.mechanism === 'ip6';

function faultRule(rule: FaultRule): Rule {
  return defineSpfRule(rule.info, (zone, report, facts) => {
    for (const entry of facts.entries) {
      // A record without the Faulty bit has no fault at all.
      if (!(entry.shape & SpfShape.Faulty)) continue;
      for (const term of entry.spf.terms) {
        if (term.absorbed || term.faults.length === 0 || entry.glued.has(term)) continue;
        for (const fault of term.faults) {
          if (!rule.kinds.includes(fault.kind) || (rule.accept && !rule.accept(fault, term))) continue;
          const edit = fault.edit;
          const fix = edit && fixOf(sentence(edit.title), edit.certain, [valueEdit(zone, entry, edit.start, edit.end, edit.text)]);
          report(rule.info.id, valueLocation(entry, fault.start, fault.end), rule.message(fault, term, entry), fixData(fix));
        }
      }
    }
  });
}

export const spfUnknownMechanism = faultRule({
  info: { id: 'spf-unknown-mechanism', severity: 'error', title: 'Unknown SPF mechanism', source: 'RFC 7208 §4.6.1, §5' },
  kinds: ['unknown-mechanism'],
  message: (f, _t, e) => `${sentence(f.detail)}. ${sentence(permerror(e))}. ${f.advice ?? 'The mechanisms are all, include, a, mx, ptr, ip4, ip6 and exists; correct the term or remove it.'}`,
});

export const spfAllArgument = faultRule({
  info: { id: 'spf-all-argument', severity: 'error', title: "SPF 'all' with an argument", source: 'RFC 7208 §5.1' },
  kinds: ['all-argument'],
  message: (f, _t, e) => `${sentence(f.detail)}. ${sentence(permerror(e))}. Write the all alone, such as '-all' or '~all'.`,
});

export const spfMissingSpace = faultRule({
  info: { id: 'spf-missing-space', severity: 'error', title: 'SPF terms glued together without a space', source: 'RFC 7208 §4.6.1' },
  kinds: ['missing-space'],
  message: (f, _t, e) => `${sentence(f.detail)}. ${sentence(permerror(e))}. Add a space between them.`,
});

export const spfInvalidDomain = faultRule({
  info: { id: 'spf-invalid-domain', severity: 'error', title: 'Empty or invalid domain in an SPF term', source: 'RFC 7208 §4.6.1, §7.1' },
  kinds: ['domain-empty', 'domain-invalid', 'detached-argument'],
  accept: (f, t) => f.kind !== 'detached-argument' || !isAddressTerm(t),
  message: (f, _t, e) => {
    const action = f.kind === 'detached-argument' ? 'Remove the space.' : f.kind === 'domain-empty' ? 'Write the domain after it, or remove the term.' : 'Correct the domain.';
    return `${sentence(f.detail)}. ${sentence(permerror(e))}. ${f.advice ?? action}`;
  },
});

export const spfBadIp = faultRule({
  info: { id: 'spf-bad-ip', severity: 'error', title: 'Malformed ip4/ip6 address or CIDR prefix length', source: 'RFC 7208 §5.6' },
  kinds: ['ip-invalid', 'cidr-invalid', 'detached-argument'],
  accept: (f, t) => f.kind !== 'detached-argument' || isAddressTerm(t),
  message: (f, _t, e) => {
    const action = f.kind === 'cidr-invalid' ? 'Correct the prefix length (at most /32 for IPv4, /128 for IPv6).' : f.kind === 'detached-argument' ? "Write the address right after 'ip4:' or 'ip6:'." : 'Write the address as ip4:192.0.2.0/24 or ip6:2001:db8::/32.';
    return `${sentence(f.detail)}. ${sentence(permerror(e))}. ${f.advice ?? action}`;
  },
});

export const spfCidrHostBits = faultRule({
  info: { id: 'spf-cidr-host-bits', severity: 'information', title: 'CIDR range with host bits set', source: 'RFC 7208 §5.6; RFC 4632' },
  kinds: ['host-bits'],
  message: (f) => `${sentence(f.detail)}. That is often a typo for one host (/32 or /128) or for the network address; check which was meant, and write the network address or the single host.`,
});

export const spfInvalidMacro = faultRule({
  info: { id: 'spf-invalid-macro', severity: 'error', title: 'Invalid SPF macro', source: 'RFC 7208 §7.1' },
  kinds: ['macro-invalid'],
  message: (f, _t, e) => `${sentence(f.detail)}. ${sentence(permerror(e))}. Correct the macro, or write '%%' for a literal percent sign.`,
});

// ---------------------------------------------------------------------------------------------
// Records at one name, version and record type (SP01, SP02, SP03).

/** The RDATA as written, to tell identical records (one RR on the wire) from different ones. */
function rdataKey(record: ZoneRecord): string {
  return record.rdata.map((t) => t.text).join('\u0000');
}

/** The records of a name that are distinct on the wire: identical copies are one record. */
function distinctEntries(entries: readonly SpfEntry[]): SpfEntry[] {
  if (entries.length < 2) return entries.slice();
  const distinct = new Map<string, SpfEntry>();
  for (const e of entries) {
    const key = rdataKey(e.mail.record);
    if (!distinct.has(key)) distinct.set(key, e);
  }
  return [...distinct.values()];
}

function quoteStrings(value: string): string {
  const chunks: string[] = [];
  let rest = value;
  // Strings of at most 255 characters, each ending at a space so no term is cut in two.
  while (rest.length > 255) {
    let cut = rest.lastIndexOf(' ', 254);
    cut = cut <= 0 ? 255 : cut + 1;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  chunks.push(rest);
  return chunks.map((c) => `"${c}"`).join(' ');
}

/** The merged record's value: every term once, in order, modifiers after them, the all last. */
export function mergedSpfValue(records: readonly SpfRecord[]): string {
  const terms: string[] = [];
  const seen = new Set<string>();
  let all: string | undefined;
  let redirect: string | undefined;
  let exp: string | undefined;
  for (const r of records) {
    for (const t of r.terms) {
      if (t.absorbed) continue;
      if (t.mechanism === 'all' && !hasErrors(t)) {
        all ??= t.text;
        continue;
      }
      if (t.modifier === 'redirect') {
        redirect ??= t.text;
        continue;
      }
      if (t.modifier === 'exp') {
        exp ??= t.text;
        continue;
      }
      const key = t.text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      terms.push(t.text);
    }
  }
  const tail = all ?? redirect;
  return ['v=spf1', ...terms, ...(exp ? [exp] : []), ...(tail ? [tail] : [])].join(' ');
}

/** Deletes a whole record with its line, or undefined when other text shares the line or the next record inherits its owner. */
function deleteRecordEdit(zone: ZoneIndex, record: ZoneRecord, text: string): CarriedEdit | undefined {
  let start = record.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start > 0 && text[start - 1] !== '\n') return undefined;
  let end = record.end;
  const closing = /^[ \t]*(\)?)[ \t]*(?:;[^\n]*)?(?:\r?\n|$)/.exec(text.slice(end, end + 1000));
  if (!closing) return undefined;
  // A record in parentheses whose ')' is on a later line would leave the ')' behind.
  if (!closing[1] && hasParenthesis(record, text)) return undefined;
  end += closing[0].length;
  if (record.ownerSpan) {
    const records = zone.parsed.records;
    const i = records.indexOf(record);
    const next = i >= 0 ? records[i + 1] : undefined;
    if (next && next.file === record.file && !next.ownerSpan) return undefined;
  }
  return { start, end, newText: '', expect: text.slice(start, end) };
}

/** True when a '(' outside quotes is written within the record: it may run over several lines. */
function hasParenthesis(record: ZoneRecord, text: string): boolean {
  let quoted = false;
  for (let i = record.start; i < record.end; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === '(' && !quoted) return true;
  }
  return false;
}

function mergeFix(zone: ZoneIndex, entries: readonly SpfEntry[]): CarriedFix | undefined {
  const first = entries[0].mail.record;
  const text = fileText(zone, first);
  if (text === undefined || entries.some((e) => fileText(zone, e.mail.record) === undefined)) return undefined;
  const tokens = first.rdata;
  const start = tokens[0].start;
  const end = tokens[tokens.length - 1].end;
  // Comments between the strings would be lost with them.
  if (zone.parsed.comments.some((c) => c.file === first.file && c.start >= start && c.start < end)) return undefined;
  const merged = mergedSpfValue(entries.map((e) => e.spf));
  if (/["\\]/.test(merged)) return undefined;
  const edits: (CarriedEdit | undefined)[] = [{ start, end, newText: quoteStrings(merged), expect: text.slice(start, end) }];
  for (const e of entries.slice(1)) edits.push(deleteRecordEdit(zone, e.mail.record, text));
  return fixOf(`Merge the ${entries.length} SPF records into one`, false, edits);
}

export const spfMultipleRecords = defineSpfRule(
  { id: 'spf-multiple-records', severity: 'error', title: 'More than one SPF record at a name', source: 'RFC 7208 §3.2, §4.5' },
  (zone, report, facts) => {
    for (const list of facts.byOwner.values()) {
      if (!Array.isArray(list)) continue;
      const owner = list[0].mail.owner;
      const distinct = distinctEntries(list);
      if (distinct.length < 2) continue;
      const fix = mergeFix(zone, distinct);
      for (const e of distinct) {
        report(
          'spf-multiple-records',
          valueLocation(e, e.spf.version.start, e.spf.version.end),
          `${display(owner)} has ${distinct.length} SPF records; receivers find more than one 'v=spf1' record and return permerror, so SPF fails for all mail from ${display(owner)}. Merge them into one record that lists every sender once, with the all at the end.`,
          fixData(fix),
        );
      }
    }
  },
);

export const spfBadVersion: Rule = {
  id: 'spf-bad-version',
  severity: 'error',
  title: 'SPF version tag not exactly v=spf1',
  source: 'RFC 7208 §4.5',
  check(zone, report) {
    const { texts, textTraits } = contentRecords(zone);
    // Records with a version tag mail rules know are not read again. The mail records come in
    // the order of the texts, so the walk keeps a place in both.
    const mail = mailRecords(zone).all;
    let m = 0;
    for (let n = 0; n < texts.length; n++) {
      const record = texts[n];
      const known = m < mail.length && mail[m].record === record && mail[m++].kind !== undefined;
      const traits = textTraits[n];
      // Unquoted words are txt-unquoted-spaces' fault; type-99 records spf-type-99's.
      if (!(traits & TextTraits.MailStart) || traits & (TextTraits.UnquotedWords | TextTraits.Spf)) continue;
      if (known) continue;
      const tokens = record.rdata;
      if (!(traits & TextTraits.Complex) && tokens[0].text.slice(0, 5).toLowerCase() !== 'v=spf') continue;
      const strings = textStringsOf(record, tokens, traits);
      const value = joinedText(strings);
      if (!/^v=spf/i.test(value) || mailKindOfText(value) === 'spf') continue;
      // 'v=spf1' alone in the first string, glued to the next: txt-split-inside-term reports it.
      if (strings.length > 1 && /^v=spf1$/i.test(strings[0].value) && SPF_TERM_START.test(strings[1].value)) continue;
      const word = /^\S*/.exec(value)![0];
      const joined = joinTxt(record);
      const at: RuleLocation = { file: record.file, start: joined.offsetOf(0), end: joined.endOffsetOf(word.length - 1) };
      const entry: SpfEntry = { mail: { record, owner: mailName(record.owner), kind: undefined, ownerKind: undefined, value, joined: () => joined, spfType: false }, spf: parseSpf(value), shape: SpfShape.Faulty, glued: NONE };
      const owner = display(mailName(record.owner));
      const ignored = `receivers take only a record that starts with exactly 'v=spf1' followed by a space, so they skip this one and ${owner} has no SPF policy`;
      let message: string;
      let fix: CarriedFix | undefined;
      if (/^v=spf1/i.test(value) && SPF_TERM_START.test(value.slice(6))) {
        message = `The version 'v=spf1' is glued to the term after it ('${shorten(word, 40)}'): ${ignored}. Add a space after 'v=spf1'.`;
        fix = fixOf("Add a space after 'v=spf1'", true, [valueEdit(zone, entry, 6, 6, ' ')]);
      } else if (/^v=spf1[;,.:]/i.test(value)) {
        message = `'${shorten(word, 20)}' has '${value[6]}' after the version: ${ignored}. Remove the '${value[6]}'.`;
        fix = fixOf(`Remove the '${value[6]}'`, false, [valueEdit(zone, entry, 6, 7, '')]);
      } else {
        message = `'${shorten(word, 20)}' is not the SPF version: ${ignored}. Write 'v=spf1' (SPF has no other version).`;
        if (/^v=spf[\d.]*$/i.test(word)) fix = fixOf("Write 'v=spf1'", false, [valueEdit(zone, entry, 0, word.length, 'v=spf1')]);
      }
      report('spf-bad-version', at, message, fixData(fix));
    }
  },
};

function isSenderId(record: ZoneRecord): boolean {
  const first = record.rdata[0];
  return first !== undefined && /^spf2\.0\//i.test(first.text);
}

/**
 * True when the record's text as written may hold 'spf2.0/': a look at the characters of its
 * line (or lines, inside parentheses) that saves reading the tokens of every other TXT record.
 */
function maySayFrom(zone: ZoneIndex, record: ZoneRecord, word: string): boolean {
  const text = zone.parsed.files[record.file]?.text;
  if (text === undefined) return true;
  let open = false;
  const first = word.charCodeAt(0);
  for (let i = record.start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a && !open) return false;
    if (c === 0x28) open = true;
    else if (c === 0x29) open = false;
    else if ((c | 0x20) === first && text.slice(i, i + word.length).toLowerCase() === word) return true;
  }
  return false;
}


/**
 * Sender ID records at names that have an SPF record or receive mail, by owner (lower case,
 * without the final dot). Only TXT records at those names are read, and only when their text
 * cannot start with a version tag.
 */
const senderIdRecords = perLint((zone): Map<string, ZoneRecord[]> => {
  const found = new Map<string, ZoneRecord[]>();
  const spfOwners = spfFacts(zone).byOwner;
  const mxOwners = mxWithoutSpf(zone).owners;
  const { texts, textTraits } = contentRecords(zone);
  for (let n = 0; n < texts.length; n++) {
    if (textTraits[n] & (TextTraits.MailStart | TextTraits.Spf)) continue;
    const record = texts[n];
    const at = record.owner;
    if (!(hasOwner(spfOwners, at) || hasOwner(mxOwners, at)) || !maySayFrom(zone, record, 'spf2.0/') || !isSenderId(record)) continue;
    const owner = mailName(record.owner);
    const list = found.get(owner);
    if (list) list.push(record);
    else found.set(owner, [record]);
  }
  return found;
});

export const spfSenderId = defineSpfRule(
  { id: 'spf-sender-id', severity: 'warning', title: 'Obsolete Sender ID record (spf2.0)', source: 'RFC 7208 §3; RFC 4406 (Historic)' },
  (zone, report, facts) => {
    for (const [owner, records] of senderIdRecords(zone)) {
      for (const record of records) {
        const first = record.rdata[0];
        const start = first.kind === TokenKind.Quoted ? first.start + 1 : first.start;
        const tag = /^spf2\.0\/[^\s]*/i.exec(first.text)![0];
        const hasSpf = facts.byOwner.has(ownerKey(owner));
        report(
          'spf-sender-id',
          { file: record.file, start, end: start + tag.length },
          `'${tag}' is a Sender ID record (RFC 4406), an experiment that has been declared historic: no receiver evaluates it, and it is not SPF. ${hasSpf ? `The 'v=spf1' record at ${display(owner)} is the one receivers use; delete this one.` : `${display(owner)} has no 'v=spf1' record, so receivers find no SPF policy: publish one, and delete this record.`}`,
        );
      }
    }
  },
);

export const spfType99 = defineSpfRule(
  { id: 'spf-type-99', severity: 'warning', title: 'Record of type SPF (99)', source: 'RFC 7208 §3.1, §14.1' },
  (zone, report, facts) => {
    const { texts, textTraits } = contentRecords(zone);
    for (let n = 0; n < texts.length; n++) {
      if (!(textTraits[n] & TextTraits.Spf)) continue;
      const record = texts[n];
      const owner = mailName(record.owner);
      const txt = entriesAt(facts, owner);
      const type = record.typeSpan;
      const at: RuleLocation = { file: record.file, start: type.start, end: type.end };
      const value = joinedText(textStringsOf(record, record.rdata, textTraits[n]));
      let message: string;
      let fix: CarriedFix | undefined;
      const text = fileText(zone, record);
      if (!txt) {
        message = `Receivers look up SPF policies in TXT records only; the SPF record type (99) was discontinued by RFC 7208, so ${display(owner)} has no SPF policy (BIND: "found type SPF record but no SPF TXT record found"). Publish the policy as a TXT record.`;
        if (text !== undefined && isSpfValue(value)) fix = fixOf('Change the type to TXT', false, [{ start: type.start, end: type.end, newText: 'TXT', expect: text.slice(type.start, type.end) }]);
      } else if (txt.some((e) => e.mail.value === value)) {
        message = `Records of type SPF (99) are not used: receivers read the TXT record with the same policy at ${display(owner)}. Delete this one, so the two cannot drift apart.`;
      } else {
        message = `Records of type SPF (99) are not used, and this one differs from the TXT record at ${display(owner)}, which is the policy receivers apply. Delete this one, after checking the TXT record lists every sender.`;
      }
      report('spf-type-99', at, message, fixData(fix));
    }
  },
);

// ---------------------------------------------------------------------------------------------
// Terms receivers ignore, and the result for the rest of the world (SP07, SP08, SP10, SP11).

export const spfDuplicateModifier = defineSpfRule(
  { id: 'spf-duplicate-modifier', severity: 'error', title: 'redirect= or exp= more than once', source: 'RFC 7208 §6' },
  (zone, report, facts) => {
    for (const entry of facts.entries) {
      if (!may(entry, SpfShape.SeveralModifiers)) continue;
      for (const list of [entry.spf.redirects, entry.spf.exps]) {
        for (const term of list.slice(1)) {
          report(
            'spf-duplicate-modifier',
            termLocation(entry, term),
            `'${term.name.text}=' appears ${list.length} times in this record, and it may appear only once. ${sentence(permerror(entry))}. Keep the one that is meant and delete the others.`,
            fixData(fixOf(`Delete '${shorten(term.text, 40)}'`, false, [deleteTermEdit(zone, entry, term)])),
          );
        }
      }
    }
  },
);

export const spfRedirectIgnored = defineSpfRule(
  { id: 'spf-redirect-ignored', severity: 'warning', title: 'redirect= ignored because the record has an all', source: 'RFC 7208 §6.1' },
  (zone, report, facts) => {
    for (const entry of facts.entries) {
      if (!may(entry, SpfShape.All) || !may(entry, SpfShape.Redirect)) continue;
      const all = entry.spf.all;
      const redirect = entry.spf.redirects[0];
      if (!all || !redirect || hasErrors(redirect)) continue;
      report(
        'spf-redirect-ignored',
        termLocation(entry, redirect),
        `Receivers ignore '${shorten(redirect.text, 50)}' because the record has '${all.text}': senders not matched before get the all's result, and the policy of ${redirect.domain?.text ?? 'the other domain'} is never consulted. Remove the redirect, or remove '${all.text}' if the other domain's policy should decide.`,
        fixData(fixOf(`Delete '${shorten(redirect.text, 40)}'`, false, [deleteTermEdit(zone, entry, redirect)])),
      );
    }
  },
);

export const spfTermsAfterAll = defineSpfRule(
  { id: 'spf-terms-after-all', severity: 'warning', title: 'Mechanisms after all are never evaluated', source: 'RFC 7208 §5.1' },
  (zone, report, facts) => {
    for (const entry of facts.entries) {
      if (!may(entry, SpfShape.TermsAfterAll)) continue;
      const all = entry.spf.all;
      if (!all) continue;
      const after = entry.spf.terms.filter((t) => t.index > all.index && t.type === 'mechanism' && !t.absorbed);
      if (after.length === 0) continue;
      const first = after[0];
      const last = after[after.length - 1];
      const names = after.map((t) => `'${shorten(t.text, 40)}'`);
      const shown = names.length > 4 ? names.slice(0, 4).join(', ') + ` and ${names.length - 4} more` : names.join(', ');
      // Moving the all to the end makes the terms count; they were probably added there on purpose.
      const lastTerm = entry.spf.terms[entry.spf.terms.length - 1];
      const move = fixOf(`Move '${all.text}' to the end`, false, [deleteTermEdit(zone, entry, all), valueEdit(zone, entry, lastTerm.end, lastTerm.end, ' ' + all.text)]);
      report(
        'spf-terms-after-all',
        valueLocation(entry, first.start, last.end),
        `Receivers stop at '${all.text}', which matches every sender, so ${shown} ${after.length === 1 ? 'is' : 'are'} never evaluated: mail from the senders ${after.length === 1 ? 'it lists' : 'they list'} gets the all's result. Move '${all.text}' to the end of the record.`,
        fixData(move),
      );
    }
  },
);

export const spfUnknownModifier = defineSpfRule(
  { id: 'spf-unknown-modifier', severity: 'warning', title: 'Unknown SPF modifier', source: 'RFC 7208 §6' },
  (zone, report, facts) => {
    for (const entry of facts.entries) {
      if (!may(entry, SpfShape.UnknownModifier)) continue;
      for (const term of entry.spf.terms) {
        if (term.type !== 'modifier' || term.modifier || term.absorbed) continue;
        const name = term.name.text;
        const at = valueLocation(entry, term.name.start, term.name.end + 1);
        const eq = term.name.end;
        let message: string;
        let fix: CarriedFix | undefined;
        if (term.key === 'v' && /^spf/i.test(term.argument?.text ?? '')) {
          message = `A second '${term.text}' inside the record: two records were probably pasted into one. Receivers ignore it as an unknown modifier and read everything around it as one policy. Remove it, and check that the merged record says what both meant.`;
          fix = fixOf(`Delete '${term.text}'`, false, [deleteTermEdit(zone, entry, term)]);
        } else if ((SPF_MECHANISMS as readonly string[]).includes(term.key)) {
          message = `'${name}=' is not the ${term.key} mechanism, which is written '${term.key}:'. Receivers ignore unknown modifiers, so '${shorten(term.text, 50)}' authorises nobody. Write '${term.key}:'.`;
          fix = fixOf(`Write '${name}:'`, false, [valueEdit(zone, entry, eq, eq + 1, ':')]);
        } else {
          const meant = closestName(term.key, ['redirect', 'exp']);
          message = `'${name}' is not a modifier SPF defines; receivers ignore it.${meant ? ` Did you mean '${meant}='? As written, the ${meant === 'redirect' ? "other domain's policy is never consulted" : 'explanation is never given'}.` : ' Remove it unless a program you know reads it.'}`;
          if (meant) fix = fixOf(`Write '${meant}='`, false, [valueEdit(zone, entry, term.name.start, term.name.end, meant)]);
        }
        report('spf-unknown-modifier', at, message, fixData(fix));
      }
    }
  },
);

export const spfPtr = defineSpfRule(
  { id: 'spf-ptr', severity: 'warning', title: 'ptr mechanism used', source: 'RFC 7208 §5.5' },
  (_zone, report, facts) => {
    for (const entry of facts.entries) {
      if (!may(entry, SpfShape.Ptr)) continue;
      for (const term of entry.spf.terms) {
        if (term.mechanism !== 'ptr' || term.absorbed || hasErrors(term)) continue;
        report(
          'spf-ptr',
          termLocation(entry, term),
          `'${term.text}' makes receivers look up the reverse name of every sender and confirm it forward: slow, unreliable, and RFC 7208 says it SHOULD NOT be used, so some receivers skip it and the mail it was meant to authorise fails SPF. It also costs DNS lookups. List the sending hosts with ip4:/ip6: ranges, or a: and mx.`,
        );
      }
    }
  },
);

export const spfPermissiveAll = defineSpfRule(
  { id: 'spf-permissive-all', severity: 'warning', title: '+all or ?all lets anyone pass', source: 'RFC 7208 §5.1, §8' },
  (zone, report, facts) => {
    for (const entry of facts.entries) {
      if (!may(entry, SpfShape.PermissiveAll)) continue;
      const all = entry.spf.all;
      if (!all || hasErrors(all) || (all.result !== '+' && all.result !== '?')) continue;
      const owner = display(entry.mail.owner);
      const message =
        all.result === '+'
          ? `'${all.text}' passes every sender on the Internet: anyone can send mail as ${owner} and pass SPF, and DMARC then accepts it as authenticated. End the record with '~all' while you list your senders, then '-all'.`
          : `'${all.text}' gives neutral to every sender not listed, which says nothing: receivers treat the mail as if ${owner} had no SPF policy, so forged mail is not caught. End the record with '~all' while you list your senders, then '-all'.`;
      const qualifierEnd = all.qualifier ? all.start + 1 : all.start;
      const replace = (q: '~' | '-') => fixOf(`Write '${q}all'`, false, [valueEdit(zone, entry, all.start, qualifierEnd, q)]);
      report('spf-permissive-all', termLocation(entry, all), message, fixData(replace('~'), replace('-')));
    }
  },
);

export const spfNoAll = defineSpfRule(
  { id: 'spf-no-all', severity: 'information', title: 'SPF record with neither all nor redirect', source: 'RFC 7208 §4.7' },
  (zone, report, facts) => {
    for (const entry of facts.entries) {
      // A record without faults that has an all or a redirect is none of this rule's business.
      if (!(entry.shape & SpfShape.Faulty) && entry.shape & (SpfShape.All | SpfShape.Redirect)) continue;
      const spf = entry.spf;
      if (spf.all || spf.redirects.length > 0 || entry.glued.size > 0 || spfRecordHasErrors(spf)) continue;
      const owner = entry.mail.owner;
      // Records made to be included end without an all on purpose: the includer's all decides.
      if (spfTargets(facts).has(owner) || owner.startsWith('_')) continue;
      const value = spf.value;
      const blank = value.endsWith(' ') || value.endsWith('\t');
      const append = (q: '~' | '-') => fixOf(`Add '${q}all' at the end`, false, [valueEdit(zone, entry, value.length, value.length, (blank ? '' : ' ') + q + 'all')]);
      report(
        'spf-no-all',
        valueLocation(entry, spf.version.start, spf.version.end),
        `This record ends with neither an all nor a redirect, so senders it does not list get the default result, neutral: receivers treat their mail as if ${display(owner)} had no SPF policy. End it with '~all' or '-all' to say that other senders are not authorised.`,
        fixData(append('~'), append('-')),
      );
    }
  },
);

export const spfDuplicateInclude = defineSpfRule(
  { id: 'spf-duplicate-include', severity: 'warning', title: 'The same domain included twice', source: 'RFC 7208 §4.6.4, §5.2' },
  (zone, report, facts) => {
    for (const entry of facts.entries) {
      if (!may(entry, SpfShape.SeveralIncludes)) continue;
      const seen = new Map<string, SpfTerm>();
      for (const term of entry.spf.terms) {
        if (term.mechanism !== 'include' || term.absorbed || hasErrors(term)) continue;
        const name = term.domain?.name;
        if (!name) continue;
        const first = seen.get(name);
        if (!first) {
          seen.set(name, term);
          continue;
        }
        report(
          'spf-duplicate-include',
          termLocation(entry, term),
          `${name} is included twice ('${shorten(first.text, 40)}' comes first): the second include never matches a sender the first did not, but receivers evaluate it again and it counts again towards the limit of ${SPF_LOOKUP_LIMIT} DNS lookups. Delete it.`,
          fixData(fixOf(`Delete the second '${shorten(term.text, 40)}'`, true, [deleteTermEdit(zone, entry, term)])),
        );
      }
    }
  },
);

// ---------------------------------------------------------------------------------------------
// What the evaluation needs from DNS (SP12, SP13, SP14): one walk per record, offline or live.

/** Lower case, without the final dot; '' for the root. */
function isInZone(zone: ZoneIndex, name: string): boolean {
  const apex = mailName(zone.apex);
  if (apex === '.' || apex === '') return false;
  return name === apex || (name.length > apex.length && name.endsWith(apex) && name[name.length - apex.length - 1] === '.');
}

function fqdn(name: string): string {
  return name + '.';
}

/** The records at an in-zone name, or those of the wildcard that answers for it. */
function recordsFor(zone: ZoneIndex, name: string): { owner: string; records: ZoneRecord[] } | undefined {
  const own = zone.byOwner.get(fqdn(name));
  if (own) return { owner: name, records: own };
  const apex = mailName(zone.apex);
  let n = name;
  while (n !== apex) {
    const dot = n.indexOf('.');
    if (dot < 0) return undefined;
    n = n.slice(dot + 1);
    const wildcard = zone.byOwner.get(fqdn('*.' + n));
    if (wildcard) return { owner: '*.' + n, records: wildcard };
    if (zone.byOwner.has(fqdn(n))) return undefined;
  }
  return undefined;
}

function sourceOf(entry: SpfEntry, name: string): SpfSource {
  if (name === entry.mail.owner) return (entry.source ??= { name, record: entry.spf, inZone: true, origin: entry });
  const byName = (entry.sources ??= new Map());
  let source = byName.get(name);
  if (!source) byName.set(name, (source = { name, record: entry.spf, inZone: true, origin: entry }));
  return source;
}

/** The exchanges of MX records as written (a null MX left out), read from the tokens: fields would parse each record. */
function mxHosts(records: readonly ZoneRecord[]): string[] {
  const hosts: string[] = [];
  for (const r of records) {
    if (r.type !== 'MX') continue;
    const rdata = r.rdata;
    const host = rdata[rdata.length - 1]?.text;
    if (host !== undefined && host !== '.' && rdata.length >= 2) hosts.push(host.toLowerCase());
  }
  return hosts;
}

/**
 * The zone's answer to a query about an in-zone name, or undefined for names the zone does not
 * answer for (outside it, delegated, or a CNAME): DNS knows those.
 */
function zoneAnswer(zone: ZoneIndex, facts: SpfFacts, q: SpfQuery): SpfAnswer | undefined {
  const name = q.name;
  if (!isInZone(zone, name) || zone.isBelowDelegation(fqdn(name))) return undefined;
  const found = recordsFor(zone, name);
  if (found && found.records.some((r) => r.type === 'CNAME' || r.type === 'DNAME')) return undefined;
  const negative = (status: 'nxdomain' | 'nodata'): SpfAnswer => (zone.wholeZone ? { status, fromZone: true } : { status: 'unresolved', reason: 'partial' });
  if (!found) return negative('nxdomain');
  const records = found.records;
  switch (q.kind) {
    case 'spf': {
      const entries = entriesAt(facts, found.owner);
      if (entries && entries.length) return { status: 'ok', fromZone: true, spf: distinctEntries(entries).map((e) => sourceOf(e, name)) };
      if (!records.some((r) => r.type === 'TXT')) return negative('nodata');
      return zone.wholeZone ? { status: 'ok', fromZone: true, spf: [] } : { status: 'unresolved', reason: 'partial' };
    }
    case 'address': {
      let count = 0;
      for (const r of records) if (r.type === 'A' || r.type === 'AAAA') count++;
      return count ? { status: 'ok', fromZone: true, count } : negative('nodata');
    }
    case 'mx': {
      const hosts = mxHosts(records);
      if (hosts.length) return { status: 'ok', fromZone: true, hosts };
      return records.some((r) => r.type === 'MX') ? { status: 'ok', fromZone: true, hosts } : negative('nodata');
    }
  }
}

function rootSource(entry: SpfEntry): SpfSource {
  return sourceOf(entry, entry.mail.owner);
}

/** True when some rule reports on the evaluation: only those are kept, a zone may have a hundred thousand records. */
function notable(e: SpfEvaluation): boolean {
  if (e.lookups > SPF_LOOKUP_LIMIT || e.voids.length > SPF_VOID_LIMIT) return true;
  for (const f of e.findings) if (f.kind !== 'void') return true;
  return false;
}

interface OfflineState {
  memo: SpfMemo;
  /** The evaluations some rule reports on, in entry order. */
  notable?: Map<SpfEntry, SpfEvaluation>;
}

const offlineState = perLint((): OfflineState => ({ memo: new Map() }));

/** The offline evaluation of an entry: in-zone targets followed, external ones unresolved. */
function offlineEvaluation(zone: ZoneIndex, entry: SpfEntry): SpfEvaluation {
  const facts = spfFacts(zone);
  return evaluateSpf(rootSource(entry), (q) => zoneAnswer(zone, facts, q) ?? { status: 'unresolved', reason: 'external' }, offlineState(zone).memo);
}

/** The lookups and void lookups a walk counts, as quietEvaluation adds them up. */
interface Tally {
  lookups: number;
  voids: number;
}

/**
 * True when the offline evaluation of an entry is sure to interest no rule (see notable), told
 * without walking the record: its DNS-querying terms are include, a, mx and redirect written
 * plainly (its lookup plan lists them), and each include and redirect leads outside the zone or
 * to a record already walked, whose evaluation the memo holds. It counts as the walk does; false
 * when only the walk can tell. A zone of a million records has tens of thousands of SPF records,
 * which mostly include the same few names.
 */
function quietEvaluation(zone: ZoneIndex, facts: SpfFacts, entry: SpfEntry, memo: SpfMemo, tally: Tally): boolean {
  const plan = entry instanceof Entry ? entry.plan : undefined;
  if (!plan) return false;
  const root = entry.mail.owner;
  tally.lookups = 0;
  tally.voids = 0;
  const { kinds, names } = plan;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    tally.lookups++;
    if (kind === SpfLookupKind.Include || kind === SpfLookupKind.Redirect) {
      if (!quietFollow(zone, memo, root, plan, i, tally)) return false;
      continue;
    }
    const name = names[i] || root;
    if (!name) continue;
    const answer = zoneAnswer(zone, facts, { kind: kind === SpfLookupKind.Mx ? 'mx' : 'address', name }) ?? { status: 'unresolved', reason: 'external' };
    if (answer.status === 'error') return false;
    if (answer.status === 'nxdomain' || answer.status === 'nodata') {
      // The zone's own answer makes no-address or no-mx findings.
      if (answer.fromZone) return false;
      tally.voids++;
    } else if (answer.status === 'ok' && kind === SpfLookupKind.Mx && (answer.hosts?.length ?? 0) > SPF_MX_LIMIT) return false;
  }
  return tally.lookups <= SPF_LOOKUP_LIMIT && tally.voids <= SPF_VOID_LIMIT;
}

/**
 * Adds to `tally` what following the include or redirect plan.names[i] adds to the walk of the record
 * at `root`; false when it adds a finding other than void lookups, or when only the walk can tell.
 */
function quietFollow(zone: ZoneIndex, memo: SpfMemo, root: string, plan: SpfLookupPlan, i: number, tally: Tally): boolean {
  const { kinds, names } = plan;
  const name = names[i];
  // Back to the record itself: a loop.
  if (name === root) return false;
  const known = memo.get(name);
  // Names outside the zone, or delegated, stay unresolved offline; others need the walk.
  if (!known) return !isInZone(zone, name) || zone.isBelowDelegation(fqdn(name));
  tally.lookups += known.lookups;
  // A second include of a name counts its lookups again, but not its findings.
  for (let k = 0; k < i; k++) if (names[k] === name && (kinds[k] === SpfLookupKind.Include || kinds[k] === SpfLookupKind.Redirect)) return true;
  if (!known.source.inZone && spfRecordHasErrors(known.source.record)) return false;
  for (const f of known.findings) {
    if (f.kind !== 'void') return false;
    tally.voids++;
  }
  return true;
}

/** Every entry's offline evaluation that some rule reports on, computed once per lint. */
function offlineEvaluations(zone: ZoneIndex): Map<SpfEntry, SpfEvaluation> {
  const state = offlineState(zone);
  if (state.notable) return state.notable;
  const facts = spfFacts(zone);
  const found = new Map<SpfEntry, SpfEvaluation>();
  const tally: Tally = { lookups: 0, voids: 0 };
  for (const entry of facts.entries) {
    if (quietEvaluation(zone, facts, entry, state.memo, tally)) continue;
    const evaluation = offlineEvaluation(zone, entry);
    if (notable(evaluation)) found.set(entry, evaluation);
  }
  return (state.notable = found);
}

/** Most queries to DNS the live check makes for one record. */
export const SPF_LIVE_QUERY_LIMIT = 30;
/** Records whose live walks run at the same time. */
const LIVE_PARALLEL = 8;

async function ask(dns: Resolver, q: SpfQuery): Promise<SpfAnswer> {
  const failed = (error: unknown): SpfAnswer => ({ status: 'error', error: error instanceof Error ? error.message : String(error) });
  try {
    switch (q.kind) {
      case 'spf': {
        const a = await dns.txt(q.name);
        if (a.status !== 'ok') return { status: a.status, error: a.error };
        const spf = a.records.filter(isSpfValue).map((value): SpfSource => ({ name: q.name, record: parseSpf(value), inZone: false }));
        return { status: 'ok', spf };
      }
      case 'address': {
        const a = await dns.addresses(q.name);
        if (a.status !== 'ok') return { status: a.status, error: a.error };
        return a.records.length ? { status: 'ok', count: a.records.length } : { status: 'nodata' };
      }
      case 'mx': {
        const a = await dns.mx(q.name);
        if (a.status !== 'ok') return { status: a.status, error: a.error };
        const hosts = a.records.map((r) => mailName(r.exchange)).filter((h) => h !== '' && h !== '.');
        return a.records.length ? { status: 'ok', hosts } : { status: 'nodata' };
      }
    }
  } catch (error) {
    return failed(error);
  }
}

const liveCache = new WeakMap<ZoneIndex, WeakMap<Resolver, Promise<Map<SpfEntry, SpfEvaluation>>>>();

/** Every entry's evaluation with DNS at hand, computed once per lint and resolver. */
function liveEvaluations(zone: ZoneIndex, dns: Resolver): Promise<Map<SpfEntry, SpfEvaluation>> {
  let byResolver = liveCache.get(zone);
  if (!byResolver) liveCache.set(zone, (byResolver = new WeakMap()));
  let pending = byResolver.get(dns);
  if (!pending) {
    pending = runLive(zone, dns);
    byResolver.set(dns, pending);
  }
  return pending;
}

async function runLive(zone: ZoneIndex, dns: Resolver): Promise<Map<SpfEntry, SpfEvaluation>> {
  const facts = spfFacts(zone);
  const memo: SpfMemo = new Map();
  const answers = new Map<string, Promise<SpfAnswer>>();
  const cached = (q: SpfQuery): Promise<SpfAnswer> => {
    const key = q.kind + ' ' + q.name;
    let answer = answers.get(key);
    if (!answer) answers.set(key, (answer = ask(dns, q)));
    return answer;
  };
  const out = new Map<SpfEntry, SpfEvaluation>();
  const entries = facts.entries;
  for (let i = 0; i < entries.length; i += LIVE_PARALLEL) {
    const batch = entries.slice(i, i + LIVE_PARALLEL);
    const results = await Promise.all(batch.map((e) => evaluateSpfAsync(rootSource(e), budgeted((q) => zoneAnswer(zone, facts, q), cached, SPF_LIVE_QUERY_LIMIT), memo)));
    batch.forEach((e, k) => {
      if (notable(results[k])) out.set(e, results[k]);
    });
  }
  return out;
}

type Judge = (zone: ZoneIndex, entry: SpfEntry, evaluation: SpfEvaluation, report: Report, live: boolean) => void;

/** A rule whose offline and live checks judge the same walk, made without and with DNS. */
function dnsRule(info: RuleInfo, judge: Judge): Rule {
  return {
    ...info,
    check(zone, report) {
      for (const [entry, evaluation] of offlineEvaluations(zone)) judge(zone, entry, evaluation, report, false);
    },
    async checkLive(zone, dns, report) {
      const evaluations = await liveEvaluations(zone, dns);
      for (const [entry, evaluation] of evaluations) judge(zone, entry, evaluation, report, true);
    },
  };
}

/** The term of the walked record a finding is reached through. */
function rootTerm(f: SpfFinding): SpfTerm {
  return f.via.length ? f.via[0] : f.term;
}

/**
 * True when this record's report should carry the finding: it is in the record itself, or in a
 * record outside the zone that no other report covers. Findings in other records of the zone
 * are reported at those records.
 */
function ownFinding(f: SpfFinding): boolean {
  return f.via.length === 0 || !f.source.inZone;
}

/** "through include:a.example, then b.example" for findings in records reached through others. */
function chain(f: SpfFinding): string {
  if (f.via.length === 0) return '';
  return ` (reached through '${shorten(f.via[0].text, 50)}'${f.path.length > 1 ? `, then ${f.path.slice(1).join(', then ')}` : ''})`;
}

function names(list: readonly string[], max = 4): string {
  const unique = [...new Set(list)];
  return unique.length > max ? unique.slice(0, max).join(', ') + ` and ${unique.length - max} more` : unique.join(', ');
}

/** The characters of the walked record's terms that lead to `terms`: from the first to the last. */
function termsLocation(entry: SpfEntry, terms: readonly SpfTerm[]): RuleLocation {
  let first = terms[0];
  let last = terms[0];
  for (const t of terms) {
    if (t.start < first.start) first = t;
    if (t.end > last.end) last = t;
  }
  return valueLocation(entry, first.start, last.end);
}

/** Words for the unresolved part of a count. */
export function unresolvedWords(evaluation: SpfEvaluation): string {
  const byReason = (reason: string) => evaluation.unresolved.filter((u) => u.reason === reason).map((u) => u.name);
  const parts: string[] = [];
  const external = byReason('external');
  const count = (list: string[], one: string, many: string) => `${new Set(list).size} ${new Set(list).size === 1 ? one : many}: ${names(list)}`;
  if (external.length) parts.push(count(external, 'external include not resolved offline', 'external includes not resolved offline'));
  const macro = byReason('macro');
  if (macro.length) parts.push(count(macro, 'target built from macros', 'targets built from macros'));
  const partial = byReason('partial');
  if (partial.length) parts.push(count(partial, 'name not in this file', 'names not in this file'));
  const failed = byReason('failed');
  if (failed.length) parts.push(count(failed, 'lookup that failed', 'lookups that failed'));
  const limit = byReason('limit');
  if (limit.length) parts.push(count(limit, `name not looked up after ${SPF_LIVE_QUERY_LIMIT} queries`, `names not looked up after ${SPF_LIVE_QUERY_LIMIT} queries`));
  return parts.join('; ');
}

export const spfTooManyLookups = dnsRule(
  { id: 'spf-too-many-lookups', severity: 'error', title: 'More than 10 DNS lookups in the SPF evaluation', source: 'RFC 7208 §4.6.4' },
  (zone, entry, evaluation, report, live) => {
    if (live) reportFailures(entry, evaluation, report);
    if (evaluation.lookups <= SPF_LOOKUP_LIMIT) return;
    const exact = evaluation.unresolved.length === 0;
    const count = exact ? `${evaluation.lookups}` : `at least ${evaluation.lookups}`;
    const rest = exact ? '' : ` (not counted: ${unresolvedWords(evaluation)})`;
    report(
      'spf-too-many-lookups',
      termsLocation(entry, evaluation.costs.map((c) => c.term)),
      `Evaluating this record takes ${count} DNS lookups${rest}, more than the ${SPF_LOOKUP_LIMIT} receivers allow: they stop with permerror, so SPF fails for ${whoseMail(entry)}. Lookups by term, counting what each includes: ${describeCosts(evaluation.costs)}. Replace includes of fixed senders with their ip4:/ip6: ranges, remove services that no longer send, or move some senders to a subdomain.`,
      { lookups: evaluation.lookups, exact },
    );
  },
);

/** dns-lookup-failed for the queries of the walk that failed; one rule reports them so each appears once. */
function reportFailures(entry: SpfEntry, evaluation: SpfEvaluation, report: Report): void {
  const seen = new Set<string>();
  for (const f of evaluation.findings) {
    if (f.kind !== 'lookup-failed' || !ownFinding(f)) continue;
    const key = `${f.queryKind} ${f.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const type = f.queryKind === 'mx' ? 'MX' : f.queryKind === 'address' ? 'A/AAAA' : 'TXT';
    const answer: DnsAnswer<unknown> = { status: 'error', records: [], error: f.error };
    reportLookupFailure(report, termLocation(entry, rootTerm(f)), f.name, type, answer, `what '${shorten(f.term.text, 50)}' adds to the SPF evaluation of ${display(entry.mail.owner)}`);
  }
}

export const spfVoidLookups = dnsRule(
  { id: 'spf-void-lookups', severity: 'error', title: 'More than 2 void DNS lookups in the SPF evaluation', source: 'RFC 7208 §4.6.4' },
  (_zone, entry, evaluation, report) => {
    const voids = evaluation.voids;
    if (voids.length <= SPF_VOID_LIMIT) return;
    const listed = voids.map((f) => `'${shorten(f.term.text, 40)}'${f.via.length ? ` in ${f.source.name}` : ''} (${f.status === 'nxdomain' ? 'no such name' : 'no records'})`);
    report(
      'spf-void-lookups',
      termsLocation(entry, voids.map(rootTerm)),
      `Evaluating this record makes ${voids.length} DNS lookups that find nothing, more than the ${SPF_VOID_LIMIT} receivers accept: they stop with permerror, so SPF fails for ${whoseMail(entry)}. Void lookups: ${listed.slice(0, 6).join(', ')}${listed.length > 6 ? ', ...' : ''}. Remove the terms whose names no longer exist, or publish the records they expect.`,
    );
  },
);

export const spfIncludeLoop = dnsRule(
  { id: 'spf-include-loop', severity: 'error', title: 'include or redirect loop', source: 'RFC 7208 §4.6.4, §5.2' },
  (_zone, entry, evaluation, report) => {
    for (const f of evaluation.findings) {
      if (f.kind !== 'loop') continue;
      // A loop through this record is reported here; one entirely outside the zone at the term that leads to it.
      if (f.name !== evaluation.source.name && !f.cycleExternal) continue;
      report(
        'spf-include-loop',
        termLocation(entry, rootTerm(f)),
        `'${shorten(f.term.text, 50)}'${f.via.length ? ` in ${f.source.name}` : ''} leads back to ${f.name}: ${f.cycle!.join(' → ')}. Receivers follow it until the limit of ${SPF_LOOKUP_LIMIT} lookups and return permerror, so SPF fails for ${whoseMail(entry)}. Remove the include that closes the loop.`,
      );
    }
  },
);

export const spfIncludeNoSpf = dnsRule(
  { id: 'spf-include-no-spf', severity: 'error', title: 'include or redirect target without a usable SPF record', source: 'RFC 7208 §5.2, §6.1' },
  (_zone, entry, evaluation, report) => {
    for (const f of evaluation.findings) {
      if ((f.kind !== 'no-spf' && f.kind !== 'several-spf' && f.kind !== 'broken-spf') || !ownFinding(f)) continue;
      const term = f.term.modifier === 'redirect' ? 'redirect' : 'include';
      const what =
        f.kind === 'several-spf'
          ? `${f.name} has ${f.count} SPF records, which receivers reject`
          : f.kind === 'broken-spf'
            ? `the SPF record of ${f.name} has errors that make receivers reject it`
            : f.status === 'nxdomain'
              ? `${f.name} does not exist`
              : `${f.name} has no SPF record`;
      const where = f.fromZone ? ' in this zone' : '';
      report(
        'spf-include-no-spf',
        termLocation(entry, rootTerm(f)),
        `'${shorten(f.term.text, 50)}'${chain(f)}: ${what}${where}. ${term === 'include' ? 'An include' : 'A redirect'} to a domain without a usable SPF record is a permerror, so SPF fails for ${whoseMail(entry)}. ${f.kind === 'no-spf' ? `Check the name (the provider's documentation gives the one to include), publish an SPF record there, or remove the ${term}.` : `Fix that record, or remove the ${term}.`}`,
      );
    }
  },
);

export const spfMxTooMany = dnsRule(
  { id: 'spf-mx-too-many', severity: 'error', title: 'mx target with more than 10 MX records', source: 'RFC 7208 §4.6.4' },
  (_zone, entry, evaluation, report) => {
    for (const f of evaluation.findings) {
      if (f.kind !== 'mx-too-many' || !ownFinding(f)) continue;
      report(
        'spf-mx-too-many',
        termLocation(entry, rootTerm(f)),
        `'${shorten(f.term.text, 50)}'${chain(f)}: ${f.name} has ${f.count} MX hosts; receivers look at no more than ${SPF_MX_LIMIT} for one mx mechanism and return permerror beyond that, so SPF fails for ${whoseMail(entry)}. List the sending hosts with ip4:/ip6: or a: instead.`,
      );
    }
  },
);

export const spfNoAddress = dnsRule(
  { id: 'spf-no-address', severity: 'warning', title: 'a: or mx: names a host of this zone without address or MX records', source: 'RFC 7208 §5.3, §5.4' },
  (_zone, entry, evaluation, report) => {
    for (const f of evaluation.findings) {
      // Only names written in the term: 'a' and 'mx' alone at a host without them are a common,
      // harmless template, and the void lookup limit catches them when they add up.
      if ((f.kind !== 'no-address' && f.kind !== 'no-mx') || f.via.length || !f.term.domain) continue;
      const what = f.kind === 'no-address' ? 'no A or AAAA record' : 'no MX record';
      report(
        'spf-no-address',
        termLocation(entry, f.term),
        `'${f.term.text}' matches senders by the ${f.kind === 'no-address' ? 'addresses' : 'MX hosts'} of ${f.name}, which has ${f.status === 'nxdomain' ? 'no records at all' : what} in this zone: the term matches no sender, and each such lookup counts towards the ${SPF_VOID_LIMIT} void lookups receivers accept. Correct the name, add the ${f.kind === 'no-address' ? 'address' : 'MX'} records, or remove the term.`,
      );
    }
  },
);

// ---------------------------------------------------------------------------------------------
// Names that receive mail without an SPF policy (SP16).

interface MxWithoutSpf {
  /** MX records by owner, for owners without an SPF record, in file order. */
  groups: { owner: string; records: ZoneRecord[] }[];
  /** The same records by owner as written, in lower case when written with capitals (with the final dot). */
  owners: Map<string, ZoneRecord[]>;
}


/**
 * The MX records of names without an SPF record. One pass over the records; an owner's records
 * mostly follow each other, so a group is made per run of one owner and runs are joined by owner.
 */
const mxWithoutSpf = perLint((zone): MxWithoutSpf => {
  const spfOwners = spfFacts(zone).byOwner;
  const byOwner = new Map<string, ZoneRecord[]>();
  const found: MxWithoutSpf = { groups: [], owners: byOwner };
  let lastOwner: string | undefined;
  let lastList: ZoneRecord[] | undefined;
  // The MX records the content pass gathers, in file order.
  for (const r of contentRecords(zone).mx) {
    const raw = r.owner;
    if (raw === lastOwner) {
      lastList?.push(r);
      continue;
    }
    lastOwner = raw;
    lastList = undefined;
    if (hasOwner(spfOwners, raw)) continue;
    const key = hasUpper(raw) ? raw.toLowerCase() : raw;
    lastList = byOwner.get(key);
    if (lastList) lastList.push(r);
    else {
      byOwner.set(key, (lastList = [r]));
      found.groups.push({ owner: mailName(raw), records: lastList });
    }
  }
  return found;
});

/** True when every MX record of the list is a null MX ('.'), read from the tokens: fields would parse the whole record. */
function onlyNullMx(records: readonly ZoneRecord[]): boolean {
  for (const r of records) {
    const rdata = r.rdata;
    if (rdata.length === 0 || rdata[rdata.length - 1].text !== '.') return false;
  }
  return true;
}

export const spfMissing = defineSpfRule(
  { id: 'spf-missing', severity: 'information', title: 'Name that receives mail has no SPF record', source: 'RFC 7208 §2.1; Zonemaster' },
  (zone, report, facts) => {
    if (!zone.wholeZone) return;
    const groups = mxWithoutSpf(zone).groups;
    if (groups.length === 0) return;
    // Names with a type-99 SPF record are spf-type-99's to report.
    const spfTyped = new Set<string>();
    const { texts, textTraits } = contentRecords(zone);
    for (let n = 0; n < texts.length; n++) if (textTraits[n] & TextTraits.Spf) spfTyped.add(mailName(texts[n].owner));
    const senderIds = senderIdRecords(zone);
    // Which names send mail the zone cannot say; these show it: the zone's own domain, and names
    // with a DMARC record or a DKIM key. A host name that only receives mail is left alone.
    const apex = mailName(zone.apex);
    const signs = new Set<string>();
    for (const m of mailRecords(zone).all) {
      if (m.ownerKind === 'dmarc' && m.owner.startsWith('_dmarc.')) signs.add(m.owner.slice(7));
      const key = m.ownerKind === 'dkim' ? m.owner.indexOf('._domainkey.') : -1;
      if (key >= 0) signs.add(m.owner.slice(key + 12));
    }
    for (const { owner, records: mx } of groups) {
      if (owner !== apex && !signs.has(owner)) continue;
      if (facts.byOwner.has(ownerKey(owner)) || spfTyped.has(owner) || owner.startsWith('*.') || owner === '*') continue;
      if (zone.isBelowDelegation(fqdn(owner))) continue;
      // A null MX says the name receives no mail.
      if (onlyNullMx(mx)) continue;
      const microsoft = mxHosts(mx).some((h) => /\.mail\.protection\.outlook\.com\.?$/.test(h));
      report(
        'spf-missing',
        ownerLocation(mx[0]),
        `${display(owner)} receives mail (it has MX records) but has no SPF record${senderIds.has(owner) ? ' (its spf2.0 record is Sender ID, which no receiver evaluates)' : ''}: receivers cannot tell its real senders from forged ones, and mail from it does not pass SPF, which DMARC and large mailbox providers expect. Publish one TXT record listing every service that sends as ${display(owner)}${microsoft ? ", for Microsoft 365: 'v=spf1 include:spf.protection.outlook.com -all'" : ", such as 'v=spf1 mx -all' when only the MX hosts send"}; or 'v=spf1 -all' if it sends no mail.`,
      );
    }
  },
);

// ---------------------------------------------------------------------------------------------
// For hover: the evaluation of one record through the whole chain, offline.

/** The offline evaluation of the SPF TXT record `record`, or undefined when it is not one. */
export function spfEvaluationOf(zone: ZoneIndex, record: ZoneRecord): { entry: SpfEntry; evaluation: SpfEvaluation } | undefined {
  const entry = spfFacts(zone).entries.find((e) => e.mail.record === record);
  return entry && { entry, evaluation: offlineEvaluation(zone, entry) };
}

export const SPF_RULES: readonly Rule[] = [
  spfMultipleRecords,
  spfBadVersion,
  spfSenderId,
  spfType99,
  spfUnknownMechanism,
  spfAllArgument,
  spfMissingSpace,
  spfInvalidDomain,
  spfBadIp,
  spfCidrHostBits,
  spfInvalidMacro,
  spfDuplicateModifier,
  spfRedirectIgnored,
  spfTermsAfterAll,
  spfUnknownModifier,
  spfPtr,
  spfPermissiveAll,
  spfNoAll,
  spfDuplicateInclude,
  spfTooManyLookups,
  spfVoidLookups,
  spfIncludeLoop,
  spfIncludeNoSpf,
  spfMxTooMany,
  spfNoAddress,
  spfMissing,
];
