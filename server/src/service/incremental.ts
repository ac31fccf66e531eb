// Incremental lint: after a re-parse, only the part of the zone whose findings may have changed is
// linted again, and the other findings are kept from the previous lint.
//
// Records are put in groups by the label just below the apex (`www` for www.example.com. and
// a.b.www.example.com.; the apex is a group of its own), so that a name and everything below it,
// where the mail records of a domain live (_dmarc, _domainkey, _25._tcp, mta-sts...), are in one
// group. A group's findings can change when a record of the group changes, or a record that names
// it (a CNAME, MX, NS or SRV target, an SPF include or a report address), or a group it names. So
// the groups to lint again are those of the changed records and of the names in them, and every
// group that names one of those, again and again. They are linted as a zone of their own, with
// the groups they name (again and again), the apex and its underscore names, the wildcard and
// out-of-zone owners, and the records whole-zone rules read (every SOA, the first DNSKEY, RRSIG
// and TLSA); only their own findings are taken from it. A change that the grouping cannot follow
// (the wildcard at the apex, owners outside the zone, the apex's _dmarc, names with escaped dots)
// makes a full lint, as does every lint of a zone with RRSIGs a minute after the last full one.
import { LintCancelled } from './cancel';
import { buildZoneIndex } from './rules/zoneIndex';
import { ALL_RULES } from './rules/index';
import { lintResult, ruleDiagnostics, type RuleErrorHandler } from './lint';
import type { LintOptions } from './rules/rule';
import type { ParseEdit, ParsedZone, ZoneDiagnostic, ZoneRecord } from './zone/types';

const APEX = 0;
const WILDCARD = 1;
const OUTSIDE = 2;
const ESCAPED = 3;
const FIRST_NAMED = 4;

/** Rules whose findings are about the whole zone: taken from every partial lint, which holds all they read. */
const WHOLE_ZONE_RULES: ReadonlySet<string> = new Set(['soa-missing', 'soa-multiple', 'ns-apex-missing', 'zone-no-default-ttl', 'tlsa-zone-unsigned', 'zone-origin-relative']);
const WHOLE_ZONE_RULE = ALL_RULES.map((r) => WHOLE_ZONE_RULES.has(r.id));

/** Types whose data names no domain: nothing to read for references. */
const NO_NAMES: ReadonlySet<string> = new Set(['A', 'AAAA', 'TLSA', 'SMIMEA', 'DNSKEY', 'CDNSKEY', 'DS', 'CDS', 'SSHFP', 'LOC', 'NSEC3PARAM', 'NSEC3', 'OPENPGPKEY', 'DHCID', 'ZONEMD']);

/** Types whose change matters to no other group's mail findings than through the names they own. */
const ADDRESS_TYPES: ReadonlySet<string> = new Set(['A', 'AAAA']);

/** Findings of a zone with RRSIG records depend on the time; a full lint at least this often. */
const TIME_BOUND_MS = 60_000;

interface Entry {
  d: ZoneDiagnostic;
  /** The group of the record the finding lies in; -1 for findings of whole-zone rules. */
  group: number;
  /** The rule's index in ALL_RULES. */
  rule: number;
}

/** What a lint leaves for the next one. */
export interface LintState {
  parsed: ParsedZone;
  key: string;
  /** When the last full lint ran (Date.now()). */
  fullAt: number;
  timeBound: boolean;
  /** The zone has (or had since the last full lint) MX and TLSA records. */
  hasMx: boolean;
  hasTlsa: boolean;
  endsWithLineBreak: boolean;
  groups: Groups;
  /** Per record of parsed.records: its group, and the groups its data names. */
  recordGroups: Int32Array;
  recordRefs: (readonly number[])[];
  /** The rules' findings in rule table order. */
  entries: Entry[];
}

class Groups {
  readonly names: string[] = ['@', '*', '(outside)', '(escaped)'];
  private readonly ids = new Map<string, number>();
  /** Groups of the apex's underscore names, mta-sts and misspelt _domainkey, which the apex's mail rules read and whose rules read the apex. */
  readonly apexLinked: boolean[] = [false, false, false, false];
  dmarc = -1;

  constructor(readonly apex: string) {}

  of(name: string): number {
    const apex = this.apex;
    if (name.includes('\\')) return ESCAPED;
    if (name === apex) return APEX;
    let rest: string;
    if (apex === '.') rest = name.slice(0, -1);
    else if (name.length > apex.length && name.endsWith(apex) && name.charCodeAt(name.length - apex.length - 1) === 46) rest = name.slice(0, name.length - apex.length - 1);
    else return OUTSIDE;
    const label = rest.slice(rest.lastIndexOf('.') + 1);
    if (label === '*') return WILDCARD;
    let id = this.ids.get(label);
    if (id === undefined) {
      id = this.names.push(label) - 1;
      this.ids.set(label, id);
      this.apexLinked.push(label.charCodeAt(0) === 95 || label === 'mta-sts' || DKIM_LABEL_TYPO.test(label));
      if (label === '_dmarc') this.dmarc = id;
    }
    return id;
  }

  get size(): number {
    return this.names.length;
  }
}

const EMPTY: readonly number[] = [];
const SEPARATORS = /[\s"'();,=:@<>[\]{}%!?&|/\\+~^$]+/;

/** The groups of the in-zone names a record's data names (targets, SPF domains, report addresses...). */
function refsOf(groups: Groups, r: ZoneRecord): readonly number[] {
  if (NO_NAMES.has(r.type)) return EMPTY;
  let out: number[] | undefined;
  const add = (word: string) => {
    if (word.indexOf('.') < 0) return;
    let name = word.toLowerCase();
    if (name.charCodeAt(0) === 46) name = name.slice(1);
    if (!name.endsWith('.')) name += '.';
    const g = groups.of(name);
    if (g === OUTSIDE) return;
    out ??= [];
    if (!out.includes(g)) out.push(g);
  };
  const fields = r.fields;
  if (fields) for (const f of fields) if (typeof f.value === 'string') for (const w of f.value.split(SEPARATORS)) add(w);
  for (const t of r.rdata) for (const w of t.text.split(SEPARATORS)) add(w);
  return out ?? EMPTY;
}

/** The index of the record of `records` (file order) whose span holds `offset`, or -1. */
function recordAt(records: readonly ZoneRecord[], offset: number): number {
  let lo = 0;
  let hi = records.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid].start <= offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && offset <= records[hi].end ? hi : -1;
}

function optionsKey(parsed: ParsedZone, options: LintOptions): string {
  return `${parsed.origin} ${options.wholeZone} ${options.now}`;
}

/** Findings placed in their groups; undefined when one of a non-whole-zone rule lies outside every record. */
function place(diagnostics: readonly ZoneDiagnostic[], rules: Uint16Array, records: readonly ZoneRecord[], groupOf: (i: number) => number): Entry[] | undefined {
  const entries: Entry[] = [];
  for (let i = 0; i < diagnostics.length; i++) {
    const d = diagnostics[i];
    const rule = rules[i];
    if (WHOLE_ZONE_RULE[rule]) {
      entries.push({ d, group: -1, rule });
      continue;
    }
    const at = d.file === 0 ? recordAt(records, d.start) : -1;
    if (at < 0) return undefined;
    entries.push({ d, group: groupOf(at), rule });
  }
  return entries;
}

/** Lints the whole zone and keeps what the next incremental lint needs (when it can be incremental). */
function fullLint(parsed: ParsedZone, options: LintOptions, onRuleError: RuleErrorHandler): { diagnostics: ZoneDiagnostic[]; state?: LintState } {
  const { diagnostics, rules } = ruleDiagnostics(buildZoneIndex(parsed, options), options, onRuleError);
  const result = lintResult(parsed, options, diagnostics);
  if (parsed.files.length !== 1 || parsed.records.some((r) => r.generated || r.file !== 0)) return { diagnostics: result };
  const groups = new Groups(parsed.origin.toLowerCase());
  const records = parsed.records;
  const recordGroups = new Int32Array(records.length);
  const recordRefs: (readonly number[])[] = new Array(records.length);
  let timeBound = false;
  let hasMx = false;
  let hasTlsa = false;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    recordGroups[i] = groups.of(r.owner.toLowerCase());
    recordRefs[i] = refsOf(groups, r);
    if (r.type === 'RRSIG') timeBound = true;
    else if (r.type === 'MX') hasMx = true;
    else if (r.type === 'TLSA') hasTlsa = true;
  }
  const entries = place(diagnostics, rules, records, (i) => recordGroups[i]);
  if (!entries) return { diagnostics: result };
  return { diagnostics: result, state: { parsed, key: optionsKey(parsed, options), fullAt: Date.now(), timeBound, hasMx, hasTlsa, endsWithLineBreak: parsed.files[0].text.endsWith('\n'), groups, recordGroups, recordRefs, entries } };
}

const ZONE_WIDE_TYPES: ReadonlySet<string> = new Set(['SOA', 'DNAME', 'DNSKEY', 'RRSIG', 'NSEC', 'NSEC3', 'NSEC3PARAM']);
/** _domainkey, and the labels the DKIM rules read as a misspelt _domainkey. */
const DKIM_LABEL = /(^|\.)_?domain[-_]?keys?\./i;
const DKIM_LABEL_TYPO = /^_?domain[-_]?keys?$/;

/** Records some rules read wherever they are in the zone: the partial lint holds the first of each. */
function zoneWide(r: ZoneRecord): boolean {
  return ZONE_WIDE_TYPES.has(r.type) || DKIM_LABEL.test(r.owner);
}

/**
 * True when a parser diagnostic lies on the lines from `start` to `end` (of `text`, or, without
 * it, on any line the offsets share).
 */
function syntaxErrorNear(diagnostics: readonly ZoneDiagnostic[], text: string | undefined, start: number, end: number): boolean {
  const from = text ? text.lastIndexOf('\n', start - 1) + 1 : start;
  let to = text ? text.indexOf('\n', end) : end;
  if (to < 0) to = text!.length;
  for (const d of diagnostics) if (d.file === 0 && d.end >= from && d.start <= to) return true;
  return false;
}

/** Lower-cased owners of NS (other than the apex) and DNAME records: below them the zone serves nothing. */
function cutsOf(records: readonly ZoneRecord[], apex: string): Set<string> {
  const cuts = new Set<string>();
  for (const r of records) {
    if (r.type !== 'NS' && r.type !== 'DNAME') continue;
    const owner = r.owner.toLowerCase();
    if (owner !== apex) cuts.add(owner);
  }
  return cuts;
}

/** True when an MX record's exchange is a name of the zone below no cut. */
function servesTarget(r: ZoneRecord, groups: Groups, cuts: ReadonlySet<string>): boolean {
  const last = r.rdata[r.rdata.length - 1]?.text;
  if (!last || last === '.' || last.includes('\\')) return false;
  const origin = (r as { origin?: string }).origin;
  let name = last.endsWith('.') ? last.toLowerCase() : origin ? `${last}.${origin}`.toLowerCase() : undefined;
  if (!name || name.startsWith('@.')) name = origin?.toLowerCase();
  if (!name || groups.of(name) === OUTSIDE) return false;
  for (let n = name; n.length > groups.apex.length; n = n.slice(n.indexOf('.') + 1)) if (cuts.has(n)) return false;
  return true;
}

/** True when two records at the same text were read in the same state: then they are the same record. */
function sameReading(a: ZoneRecord, b: ZoneRecord): boolean {
  return a.owner === b.owner && a.ttl === b.ttl && a.ttlSource === b.ttlSource && a.class === b.class && a.type === b.type && (a as { origin?: string }).origin === (b as { origin?: string }).origin && (b as { origin?: string }).origin !== undefined;
}

/** True when the directives of two parses are the same, at the same text. */
function directivesMatch(before: ParsedZone, after: ParsedZone, move: OffsetMap): boolean {
  if (before.directives.length !== after.directives.length) return false;
  for (let i = 0; i < before.directives.length; i++) {
    const a = before.directives[i];
    const b = after.directives[i];
    if (a.name !== b.name || move(a.start) !== b.start || a.args.length !== b.args.length || a.args.some((t, k) => t.text !== b.args[k].text)) return false;
  }
  return true;
}

/** Moves an offset of the previous text to the new one; undefined inside the replaced characters. */
type OffsetMap = (offset: number) => number | undefined;

/** A point (an insertion place): one at the change stays before the inserted text. */
function movePoint(edit: ParseEdit, o: number): number | undefined {
  return o <= edit.start ? o : o >= edit.oldEnd ? o + edit.delta : undefined;
}

/** A span: one that starts at an insertion holds what follows it and moves; one that ends there stays. */
function moveSpan(edit: ParseEdit, start: number, end: number): [number, number] | undefined {
  if (start === end) {
    const p = movePoint(edit, start);
    return p === undefined ? undefined : [p, p];
  }
  const a = start < edit.start ? start : start >= edit.oldEnd ? start + edit.delta : undefined;
  const b = end <= edit.start ? end : end >= edit.oldEnd ? end + edit.delta : undefined;
  return a === undefined || b === undefined ? undefined : [a, b];
}

const OFFSET_KEYS: ReadonlySet<string> = new Set(['start', 'end', 'at', 'insertAt']);

/** True when fix data holds an offset at or after `offset`. */
function reachesPast(data: unknown, offset: number): boolean {
  if (data === null || typeof data !== 'object') return false;
  if (Array.isArray(data)) {
    for (const x of data) if (reachesPast(x, offset)) return true;
    return false;
  }
  const o = data as Record<string, unknown>;
  for (const key in o) {
    const value = o[key];
    if (typeof value === 'number' ? OFFSET_KEYS.has(key) && value >= offset : reachesPast(value, offset)) return true;
  }
  return false;
}

/** A copy of a diagnostic's fix data with its offsets moved (start and end as a span); undefined when one lies in the change. */
function movedData(data: unknown, edit: ParseEdit): unknown {
  if (Array.isArray(data)) {
    const out: unknown[] = [];
    for (const x of data) {
      const m = movedData(x, edit);
      if (m === undefined && x !== undefined) return undefined;
      out.push(m);
    }
    return out;
  }
  if (data === null || typeof data !== 'object') return data;
  const source = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const span = typeof source.start === 'number' && typeof source.end === 'number' ? moveSpan(edit, source.start, source.end) : undefined;
  for (const key in source) {
    const value = source[key];
    if (typeof value === 'number' && OFFSET_KEYS.has(key)) {
      const moved = span && (key === 'start' || key === 'end') ? span[key === 'start' ? 0 : 1] : movePoint(edit, value);
      if (moved === undefined) return undefined;
      out[key] = moved;
    } else {
      const m = movedData(value, edit);
      if (m === undefined && value !== undefined) return undefined;
      out[key] = m;
    }
  }
  return out;
}

/**
 * Lints `parsed`, incrementally when it is a re-parse of the zone `state` was made for. The result
 * is the one lintParsed gives; `state` is what the next call needs.
 */
export function lintWithState(parsed: ParsedZone, options: LintOptions, onRuleError: RuleErrorHandler, state: LintState | undefined): StatefulLint {
  const usable = state && state.key === optionsKey(parsed, options) && !(state.timeBound && Date.now() - state.fullAt > TIME_BOUND_MS);
  if (usable && parsed === state.parsed) return { diagnostics: lintResult(parsed, options, state.entries.map((e) => e.d)), state, mode: 'same' };
  const edit = parsed.edit;
  const found = usable && edit && edit.previous === state.parsed ? incrementalLint(parsed, options, onRuleError, state) : undefined;
  return found ? { ...found, mode: 'incremental' } : { ...fullLint(parsed, options, onRuleError), mode: 'full' };
}

export interface StatefulLint {
  diagnostics: ZoneDiagnostic[];
  /** What the next lint of a re-parse of this zone can start from; absent when it cannot. */
  state?: LintState;
  /** How the result was found: the previous one (same text), part of the zone linted again, or all of it. */
  mode: 'same' | 'incremental' | 'full';
}

function incrementalLint(parsed: ParsedZone, options: LintOptions, onRuleError: RuleErrorHandler, state: LintState): { diagnostics: ZoneDiagnostic[]; state: LintState } | undefined {
  const edit = parsed.edit!;
  const { groups } = state;
  const records = parsed.records;
  // The per-record facts of the new record list: those of the kept records, then of the new ones.
  const recordGroups = new Int32Array(records.length);
  recordGroups.set(state.recordGroups.subarray(0, edit.at));
  recordGroups.set(state.recordGroups.subarray(edit.at + edit.removed), edit.at + edit.added);
  const addedRefs: (readonly number[])[] = [];
  let { timeBound, hasMx, hasTlsa } = state;
  for (let i = edit.at; i < edit.at + edit.added; i++) {
    const r = records[i];
    recordGroups[i] = groups.of(r.owner.toLowerCase());
    addedRefs.push(refsOf(groups, r));
    if (r.type === 'RRSIG') timeBound = true;
    else if (r.type === 'MX') hasMx = true;
    else if (r.type === 'TLSA') hasTlsa = true;
    if (r.generated || r.file !== 0) return undefined;
  }
  // The old list is the state's, used up by this lint: it takes the new records' entries in place.
  const removedRefs = state.recordRefs.slice(edit.at, edit.at + edit.removed);
  const recordRefs = state.recordRefs;
  if (addedRefs.length < 10_000) recordRefs.splice(edit.at, edit.removed, ...addedRefs);
  else {
    const tail = recordRefs.slice(edit.at + edit.removed);
    recordRefs.length = edit.at;
    for (const x of addedRefs) recordRefs.push(x);
    for (const x of tail) recordRefs.push(x);
  }

  // The records that changed: those of the re-parsed stretch, less those whose text lies wholly
  // outside the changed characters and that were read in the same state (owner, TTL, class and
  // origin), which parse to the same record. A changed directive changes them all.
  // Fixes that add a record after the last line write a line break first when the text has no
  // final one: a change at the end of such a text is linted whole.
  const text = parsed.files[0].text;
  if (edit.oldEnd >= text.length - edit.delta && (text.charCodeAt(text.length - 1) !== 10 || edit.start === 0 || !state.endsWithLineBreak)) return undefined;
  // A line that is no record (a syntax error) still changes what fixes around it do (a line that
  // starts with a blank continues the owner above it): such a change is linted whole.
  const newEnd = edit.oldEnd + edit.delta;
  if (syntaxErrorNear(parsed.diagnostics, text, edit.start, newEnd) || syntaxErrorNear(state.parsed.diagnostics, undefined, edit.start, edit.oldEnd)) return undefined;
  const changedOld: number[] = [];
  const changedNew: number[] = [];
  const oldRecords = state.parsed.records;
  const sameDirectives = directivesMatch(state.parsed, parsed, (o) => movePoint(edit, o));
  const newAt = new Map<number, number>();
  for (let i = edit.at; i < edit.at + edit.added; i++) newAt.set(records[i].start, i);
  const matched = new Set<number>();
  const oldTail = edit.at + edit.removed < oldRecords.length ? oldRecords[edit.at + edit.removed].start - edit.delta : parsed.files[0].text.length - edit.delta;
  for (let i = edit.at; i < edit.at + edit.removed; i++) {
    const o = oldRecords[i];
    const regionEnd = i + 1 < edit.at + edit.removed ? oldRecords[i + 1].start : oldTail;
    const outside = regionEnd <= edit.start || o.start >= edit.oldEnd;
    const j = sameDirectives && outside ? newAt.get(o.start >= edit.oldEnd ? o.start + edit.delta : o.start) : undefined;
    if (j !== undefined && sameReading(o, records[j])) matched.add(j);
    else changedOld.push(i);
  }
  for (let i = edit.at; i < edit.at + edit.added; i++) if (!matched.has(i)) changedNew.push(i);

  // A changed record that makes a fact of the whole zone (a SOA: is it a whole zone; DNSSEC
  // records: is it signed; a DKIM key anywhere; the MX hosts of the zone and the delegations,
  // which a TLSA record at another host is judged by) is not followed by groups.
  const wide = (r: ZoneRecord) => zoneWide(r) || ((r.type === 'MX' || r.type === 'NS') && hasTlsa) || (r.type === 'TLSA' && hasMx);
  if (changedOld.some((i) => wide(oldRecords[i])) || changedNew.some((i) => wide(records[i]))) return undefined;
  // The groups whose records changed: every group reads the apex's _dmarc (the policy that
  // applies where a domain has none), and the wildcard and out-of-zone owners are not followed.
  const changed = new Uint8Array(groups.size);
  for (const i of changedOld) changed[state.recordGroups[i]] = 1;
  for (const i of changedNew) changed[recordGroups[i]] = 1;
  if (changed[WILDCARD] || changed[OUTSIDE] || changed[ESCAPED] || (groups.dmarc >= 0 && changed[groups.dmarc])) return undefined;
  // The apex and its underscore names (and mta-sts) read each other's records: one change is a
  // change of them all.
  let apexSide = changed[APEX] === 1;
  for (let g = FIRST_NAMED; g < groups.size && !apexSide; g++) apexSide = groups.apexLinked[g] && changed[g] === 1;
  if (apexSide) {
    changed[APEX] = 1;
    for (let g = FIRST_NAMED; g < groups.size; g++) if (groups.apexLinked[g]) changed[g] = 1;
  }
  // The groups whose findings may change: those that changed, those that name them (again and
  // again: an SPF include of an include), and the groups the changed records name. A domain's
  // DANE and TLS-RPT findings lie at its MX host's TLSA records: when a domain's mail records
  // change, its MX hosts' groups are linted again too.
  const affected = Uint8Array.from(changed);
  // The records that name some group: the walks below need only them.
  const naming: number[] = [];
  for (let i = 0; i < records.length; i++) if (recordRefs[i].length > 0) naming.push(i);
  for (let grew = true; grew; ) {
    grew = false;
    for (const i of naming) {
      const g = recordGroups[i];
      if (affected[g]) continue;
      const refs = recordRefs[i];
      for (let k = 0; k < refs.length; k++) {
        if (affected[refs[k]]) {
          affected[g] = 1;
          grew = true;
          break;
        }
      }
    }
  }
  const markRefs = (refs: readonly number[]) => {
    for (const g of refs) affected[g] = 1;
  };
  for (const i of changedOld) markRefs(removedRefs[i - edit.at]);
  for (const i of changedNew) markRefs(recordRefs[i]);
  const mailChange = changedOld.some((i) => !ADDRESS_TYPES.has(oldRecords[i].type)) || changedNew.some((i) => !ADDRESS_TYPES.has(records[i].type));
  if (mailChange) for (const i of naming) if (changed[recordGroups[i]] && records[i].type === 'MX') markRefs(recordRefs[i]);
  if (affected[WILDCARD] || affected[OUTSIDE] || affected[ESCAPED]) return undefined;
  // Their findings are linted again every time: what they depend on is not known by group.
  affected[WILDCARD] = affected[OUTSIDE] = affected[ESCAPED] = 1;

  // What the partial lint reads: the affected groups, the domains whose MX names one of them,
  // the groups all these name (again and again), the apex with its underscore names, the
  // wildcard, owners outside the zone, and the records whole-zone rules read. The findings of
  // the groups not affected are dropped from it.
  const included = Uint8Array.from(affected);
  for (const i of naming) {
    if (records[i].type !== 'MX' || included[recordGroups[i]]) continue;
    if (recordRefs[i].some((g) => affected[g])) included[recordGroups[i]] = 1;
  }
  included[APEX] = 1;
  for (let g = FIRST_NAMED; g < groups.size; g++) if (groups.apexLinked[g]) included[g] = 1;
  for (let grew = true; grew; ) {
    grew = false;
    for (const i of naming) {
      if (!included[recordGroups[i]]) continue;
      const refs = recordRefs[i];
      for (let k = 0; k < refs.length; k++) {
        if (!included[refs[k]]) {
          included[refs[k]] = 1;
          grew = true;
        }
      }
    }
  }
  const part: ZoneRecord[] = [];
  const partGroups: number[] = [];
  let firstDnskey = true;
  let firstRrsig = true;
  let firstTlsa = true;
  let firstSmtpTlsa = true;
  let firstDkim = true;
  // Whether an MX record names a host this zone serves decides whether TLSA records at other
  // hosts are judged: the first such MX stands for them all.
  let servedMx = !hasTlsa;
  const cuts = servedMx ? undefined : cutsOf(records, groups.apex);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    let take = included[recordGroups[i]] === 1;
    if (!servedMx && r.type === 'MX' && recordRefs[i].length > 0 && servesTarget(r, groups, cuts!)) {
      take = true;
      servedMx = true;
    }
    switch (r.type) {
      case 'SOA':
        take = true;
        break;
      case 'DNSKEY':
        take ||= firstDnskey;
        firstDnskey = false;
        break;
      case 'RRSIG':
        take ||= firstRrsig;
        firstRrsig = false;
        break;
      case 'TLSA':
        take ||= firstTlsa;
        firstTlsa = false;
        if (firstSmtpTlsa && r.owner.length > 9 && r.owner.slice(0, 9).toLowerCase() === '_25._tcp.') {
          take = true;
          firstSmtpTlsa = false;
        }
        break;
    }
    if (firstDkim && DKIM_LABEL.test(r.owner)) {
      take = true;
      firstDkim = false;
    }
    if (take) {
      part.push(r);
      partGroups.push(recordGroups[i]);
    }
  }
  const partZone: ParsedZone = { files: parsed.files, origin: parsed.origin, records: part, directives: parsed.directives, comments: parsed.comments, diagnostics: [] };
  const found = ruleDiagnostics(buildZoneIndex(partZone, options), options, onRuleError);
  const fresh = place(found.diagnostics, found.rules, part, (i) => partGroups[i]);
  if (!fresh) return undefined;

  // The previous findings of the other groups, moved to the new text. At the place of an
  // insertion, a span that starts there covers the inserted text's follower and moves with it, a
  // span that ends there stays, and so does a point (where a fix inserts after a record).
  const entries: Entry[] = [];
  const old = state.entries;
  let k = 0;
  let f = 0;
  for (let rule = 0; rule < ALL_RULES.length; rule++) {
    for (; k < old.length && old[k].rule === rule; k++) {
      const e = old[k];
      if (e.group < 0 || affected[e.group]) continue;
      const d = e.d;
      if (d.end <= edit.start && (d.start < d.end || d.end < edit.start) && !reachesPast(d.data, edit.start)) {
        entries.push(e);
        continue;
      }
      const span = moveSpan(edit, d.start, d.end);
      if (!span) return undefined;
      const moved: ZoneDiagnostic = { code: d.code, severity: d.severity, message: d.message, file: d.file, start: span[0], end: span[1] };
      if (d.data !== undefined) {
        moved.data = movedData(d.data, edit);
        if (moved.data === undefined) return undefined;
      }
      entries.push({ d: moved, group: e.group, rule });
    }
    for (; f < fresh.length && fresh[f].rule === rule; f++) {
      const e = fresh[f];
      if (e.group < 0 || affected[e.group]) entries.push(e);
    }
  }
  if (options.isCancelled?.()) throw new LintCancelled();
  return {
    diagnostics: lintResult(parsed, options, entries.map((e) => e.d)),
    state: { parsed, key: state.key, fullAt: state.fullAt, timeBound, hasMx, hasTlsa, endsWithLineBreak: text.endsWith('\n'), groups, recordGroups, recordRefs, entries },
  };
}
