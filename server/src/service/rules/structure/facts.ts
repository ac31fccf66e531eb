// What the structure rules need from the records, found in one pass when the first rule asks and
// kept for the lint. Record fields are re-parsed on every access and the owner table builds a
// list per owner, so the pass reads each record once, in file order, where records of one
// owner mostly follow each other; rules that judge a record or an owner on its own get their
// findings from here.
import type { RdataField, Span, ZoneRecord } from '../../zone/types';
import type { Rule, RuleLocation, ZoneIndex } from '../rule';
import type { RuleInfo } from '../ruleInfo';
import { field, ownerLocation, recordLocation } from '../rule';
import { hostnameFault, labelsFault, looksLikeAddress, looksLikeForgottenDot, mayLookLikeForgottenDot, originOf, type HostnameFault } from './nameChecks';
import { hasAddressRecord, isAtOrBelowCut, isInZone, ownerText, parentOf, rdataKey, typeLocation, type NameTarget } from './zoneFacts';

/** A diagnostic found by the pass, reported by its rule. */
export interface Finding {
  at: RuleLocation;
  message: string;
  data?: unknown;
}

/** A finding placed by the index of the record its rule reports in file order. */
export interface OrderedFinding extends Finding {
  order: number;
}

export interface StructureFacts {
  /** Lower-cased CNAME owner to the lower-cased target of its first CNAME. */
  cnameTargets: Map<string, string>;
  /** Lower-cased owners of DNAME records. */
  dnameOwners: Set<string>;
  soa: ZoneRecord[];
  ns: NameTarget[];
  /** Each owner's records follow each other, so lists in file order hold them together. */
  ownersContiguous: boolean;
  /** The apex's host-name fault (null: none), once asked for. */
  apexFault?: HostnameFault | null;
  /** Owners whose NS records this zone serves: the apex and delegation points not hidden by another cut or a DNAME. */
  servedNsOwners?: Set<string>;
  /** The last names asked about by hasAddress: MX and SRV records of one domain often share a host. */
  addressMemo: { names: string[]; answers: boolean[]; next: number };
  ttlMismatch: Finding[];
  duplicateRecord: Finding[];
  ownerOutside: Finding[];
  /** zone-hostname-syntax: owners, then MX targets, then NS targets. */
  hostnameOwners: Finding[];
  hostnameMx: Finding[];
  hostnameNs: Finding[];
  wildcardNotLeftmost: Finding[];
  /** zone-relative-target-fqdn: owners with PTR and DNAME targets, then CNAME, MX, NS and SRV targets. */
  relativeRecords: Finding[];
  relativeCname: Finding[];
  relativeMx: Finding[];
  relativeNs: Finding[];
  relativeSrv: Finding[];
  cnameOtherData: OrderedFinding[];
  cnameMultiple: OrderedFinding[];
  /** MX and SRV findings, read with the record's fields; MX set findings in the order of each owner's first MX. */
  mxTargetAddress: Finding[];
  mxTargetCname: Finding[];
  mxTargetNoAddress: Finding[];
  mxNullPreference: Finding[];
  mxNullWithOthers: OrderedFinding[];
  mxDuplicateHost: OrderedFinding[];
  srvTargetCname: Finding[];
  srvTargetNoAddress: Finding[];
}

const cache = new WeakMap<ZoneIndex, StructureFacts>();

export function structureFacts(index: ZoneIndex): StructureFacts {
  let facts = cache.get(index);
  if (!facts) {
    facts = collect(index);
    cache.set(index, facts);
  }
  return facts;
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

function hasAddressUncached(index: ZoneIndex, name: string): boolean {
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

const ADDRESS_MEMO_SIZE = 16;

/**
 * True when the lower-cased in-zone `name` has an A or AAAA record, itself or through the
 * wildcard at its closest existing ancestor (RFC 4592 §3.3.1).
 */
export function hasAddress(index: ZoneIndex, name: string): boolean {
  const memo = structureFacts(index).addressMemo;
  for (let i = 0; i < memo.names.length; i++) if (memo.names[i] === name) return memo.answers[i];
  const answer = hasAddressUncached(index, name);
  memo.names[memo.next] = name;
  memo.answers[memo.next] = answer;
  memo.next = (memo.next + 1) % ADDRESS_MEMO_SIZE;
  return answer;
}

function lowerCode(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

/** Owner names compared as the owner table compares them (ASCII case ignored). */
function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (lowerCode(a.charCodeAt(i)) !== lowerCode(b.charCodeAt(i))) return false;
  return true;
}

/**
 * hostnameFault(owner, true), checking only the labels in front of the apex when the owner ends
 * with it as written: the apex's own labels are judged once per lint.
 */
function ownerHostnameFault(index: ZoneIndex, facts: StructureFacts, owner: string): HostnameFault | undefined {
  const apex = index.apex;
  const front = owner.length - apex.length - 1;
  if (apex === '.' || front < 0 || owner.charCodeAt(front) !== 0x2e || !owner.endsWith(apex)) return hostnameFault(owner, true);
  const fault = labelsFault(owner, front, true);
  if (fault) return fault;
  if (facts.apexFault === undefined) facts.apexFault = hostnameFault(apex, true) ?? null;
  return facts.apexFault ?? undefined;
}

/** True when the owner is the apex or below it; spares lower-casing owners already in lower case. */
function ownerInZone(index: ZoneIndex, owner: string): boolean {
  // A match before lower-casing stays a match after it: the apex is lower case.
  return isInZone(index, owner) || isInZone(index, owner.toLowerCase());
}

function countAt(index: ZoneIndex, name: string): number {
  const table = index.byOwner as ReadonlyMap<string, ZoneRecord[]> & { countAt?(name: string): number };
  return table.countAt ? table.countAt(name) : (table.get(name)?.length ?? 0);
}

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

function forgottenDotMessage(what: string, raw: string, absolute: string): string {
  return `${what} '${raw}' has no final dot, so it means '${absolute}'; add a final dot if the name is absolute.`;
}

function relativeTarget(index: ZoneIndex, r: ZoneRecord, f: RdataField): Finding | undefined {
  if (!f.relative || f.raw === undefined || typeof f.value !== 'string') return undefined;
  if (!mayLookLikeForgottenDot(f.raw, 0, f.raw.length, f.value, index.parsed.origin, false)) return undefined;
  const origin = originOf(f.raw, f.value, index.parsed.origin);
  if (!looksLikeForgottenDot(f.raw, origin, false)) return undefined;
  // A target that exists in the zone as written was meant relative.
  const key = f.value.toLowerCase();
  if (index.byOwner.has(key) || isAtOrBelowCut(index, key)) return undefined;
  return { at: { file: r.file, start: f.start, end: f.end }, message: forgottenDotMessage(`${r.type} target`, f.raw, f.value), data: { replacement: f.raw + '.' } };
}

function relativeOwner(index: ZoneIndex, r: ZoneRecord, span: Span | undefined): Finding | undefined {
  if (!span) return undefined;
  // Single-label owners, the usual case, cannot look absolute: skip them before slicing text.
  const dot = r.owner.indexOf('.', 1);
  if (dot < 0 || dot > span.end - span.start - 1) return undefined;
  const text = index.parsed.files[r.file]?.text;
  if (text === undefined || !mayLookLikeForgottenDot(text, span.start, span.end, r.owner, index.parsed.origin, true)) return undefined;
  const raw = ownerText(index, r);
  if (!raw || raw === '@' || !looksLikeForgottenDot(raw, originOf(raw, r.owner, index.parsed.origin), true)) return undefined;
  return { at: ownerLocation(r), message: forgottenDotMessage('Owner', raw, r.owner), data: { replacement: raw + '.' } };
}

function underscoreFix(raw: string | undefined): { replacement: string } | undefined {
  return raw && raw.includes('_') ? { replacement: raw.replace(/_/g, '-') } : undefined;
}

function hostnameTarget(r: ZoneRecord, f: RdataField): Finding | undefined {
  if (r.generated || f.value === '.' || (f.raw !== undefined && looksLikeAddress(f.raw))) return undefined;
  const fault = hostnameFault(String(f.value), false);
  if (!fault) return undefined;
  return {
    at: { file: r.file, start: f.start, end: f.end },
    message: `${r.type} target '${f.value}' is not a valid host name: label '${fault.label}' ${fault.reason}. ${r.type === 'MX' ? 'Mail servers may refuse to deliver to it' : 'Resolvers and registries may refuse it'}; name a host with letters, digits and hyphens only.`,
    data: underscoreFix(f.raw),
  };
}

function wildcardProblem(owner: string): string | undefined {
  if (owner.indexOf('*') < 0) return undefined;
  let labelStart = 0;
  for (let i = 0; i <= owner.length; i++) {
    if (i < owner.length && owner.charCodeAt(i) !== 0x2e) {
      if (owner.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    const label = owner.slice(labelStart, i);
    if (label === '*' && labelStart > 0) {
      return "has '*' as an inner label: only a leftmost '*' is a wildcard, elsewhere it matches the literal name '*' only. Move the '*' to the front or remove it.";
    }
    if (label !== '*' && label.indexOf('*') >= 0) {
      return `has the label '${label}': a '*' inside a label is a literal character, not a wildcard. Use '*' as a whole leftmost label.`;
    }
    labelStart = i + 1;
  }
  return undefined;
}

/** Types allowed beside a CNAME: its DNSSEC signature and proof, and KEY (RFC 2181 §10.1, RFC 4035 §2.5). */
const BESIDE_CNAME: ReadonlySet<string> = new Set(['CNAME', 'RRSIG', 'NSEC', 'KEY', 'SIG', 'NXT']);

/** cname-other-data and cname-multiple for one owner that has a CNAME; `key` is its lower-cased name. */
function cnameFindings(index: ZoneIndex, key: string, list: readonly ZoneRecord[], from: number, to: number, order: number, facts: StructureFacts): void {
  if (to - from < 2) return;
  let cname: ZoneRecord | undefined;
  let first: ZoneRecord | undefined;
  const others: string[] = [];
  for (let k = from; k < to; k++) {
    const r = list[k];
    if (r.type === 'CNAME') {
      if (!cname || (!cname.ownerSpan && r.ownerSpan)) cname = r;
      if (!first) first = r;
      else if (rdataKey(r) !== rdataKey(first)) {
        facts.cnameMultiple.push({
          order,
          at: ownerLocation(r),
          message: `'${r.owner}' already has a CNAME to '${field(first, 'target')?.value}'; a name can be an alias of only one name. Keep one CNAME.`,
        });
      }
    } else if (!BESIDE_CNAME.has(r.type) && !others.includes(r.type)) {
      others.push(r.type);
    }
  }
  if (!cname || others.length === 0) return;
  const apex = key === index.apex ? ' At the zone apex, which needs SOA and NS, an alias is never possible.' : '';
  facts.cnameOtherData.push({
    order,
    at: ownerLocation(cname),
    message: `'${cname.owner}' has a CNAME and also ${others.join(', ')} records; an alias may have no other data, and BIND refuses the zone.${apex} Keep either the CNAME or the other records.`,
    data: { types: others },
  });
}

function fieldAt(r: ZoneRecord, f: RdataField): RuleLocation {
  return { file: r.file, start: f.start, end: f.end };
}

/**
 * The MX and SRV target rules for one record this zone serves (not inside a delegated child,
 * which is zone-occluded-data's concern) with a target other than '.'.
 */
function servedTargetFindings(index: ZoneIndex, facts: StructureFacts, type: 'MX' | 'SRV', t: NameTarget): void {
  const { record: r, field: f, key } = t;
  const addressLike = f.raw !== undefined && looksLikeAddress(f.raw);
  if (type === 'MX' && addressLike) {
    facts.mxTargetAddress.push({
      at: fieldAt(r, f),
      message: `MX target '${f.raw}' is an IP address, but an MX record names a host: senders look up '${f.value}' as a name, find nothing and cannot deliver mail. Write the mail server's host name and give it an A/AAAA record.`,
    });
  }
  const cnames = facts.cnameTargets;
  const alias = cnames.size === 0 ? undefined : cnames.get(key);
  if (alias !== undefined) {
    const consequence = type === 'MX' ? 'some mail servers refuse to deliver to it' : 'clients may not follow it';
    (type === 'MX' ? facts.mxTargetCname : facts.srvTargetCname).push({
      at: fieldAt(r, f),
      message: `${type} target '${f.value}' is an alias (CNAME to '${alias}'); the target must be a canonical host name and ${consequence}. Use '${alias}'.`,
      data: { replacement: alias },
    });
  }
  // In a fragment the addresses may live in another file.
  if (!index.wholeZone || !isInZone(index, key) || isAtOrBelowCut(index, key) || isBelowDname(index, key)) return;
  if (alias !== undefined || addressLike || hasAddress(index, key)) return;
  const consequence = type === 'MX' ? 'mail to this domain cannot be delivered to it' : 'clients cannot reach the service there';
  (type === 'MX' ? facts.mxTargetNoAddress : facts.srvTargetNoAddress).push({
    at: fieldAt(r, f),
    message: `${type} target '${f.value}' is inside this zone but has no A or AAAA record, so ${consequence}. Add an address record for '${f.value}', or fix the name.`,
    data: { owner: f.value, file: r.file },
  });
}

/** mx-null-with-others and mx-duplicate-host for the MX records of one owner with more than one MX. */
function mxSetFindings(facts: StructureFacts, mx: readonly NameTarget[], order: number): void {
  let nulls = 0;
  for (const t of mx) if (t.key === '.') nulls++;
  if (nulls > 0 && nulls < mx.length) {
    for (const { record: r, field: f, key } of mx) {
      if (key !== '.') continue;
      facts.mxNullWithOthers.push({
        order,
        at: fieldAt(r, f),
        message: `The null MX ('.') says '${r.owner}' accepts no mail, but the name also has other MX records; senders may bounce mail or try the others. Remove the null MX if the domain receives mail, otherwise remove the other MX records.`,
      });
    }
  }
  const preferenceByHost = new Map<string, number>();
  for (const { record: r, field: exchange, key, preference } of mx) {
    if (key === '.' || preference === undefined) continue;
    const earlier = preferenceByHost.get(key);
    if (earlier === undefined) {
      preferenceByHost.set(key, preference);
      continue;
    }
    // The same host with the same preference is an exact duplicate, reported as such.
    if (earlier === preference) continue;
    facts.mxDuplicateHost.push({
      order,
      at: fieldAt(r, exchange),
      message: `'${exchange.value}' is already an MX host of '${r.owner}' with preference ${earlier}; listing it again with preference ${preference} adds no fallback. Delete this record or name another host.`,
    });
  }
}

/** Scratch space for the RRsets of one owner, reused from owner to owner without resizing arrays. */
class RrsetScratch {
  /** Distinct types in order of first appearance (the first `size`), with their record counts. */
  types: string[] = [];
  counts = new Int32Array(16);
  size = 0;
  /** For each record of the owner, the number of its type in `types`. */
  typeOf = new Int32Array(64);
  /** For each record of the owner in an RRset of two or more, its RDATA key. */
  keys: (string | undefined)[] = [];

  /** Groups the records by type; true when some RRset has two records or more. */
  group(list: readonly ZoneRecord[], from: number, to: number): boolean {
    const n = to - from;
    if (this.typeOf.length < n) this.typeOf = new Int32Array(Math.max(n, this.typeOf.length * 2));
    if (this.counts.length < n) this.counts = new Int32Array(Math.max(n, this.counts.length * 2));
    let size = 0;
    for (let k = 0; k < n; k++) {
      const type = list[from + k].type;
      let g = 0;
      while (g < size && this.types[g] !== type) g++;
      if (g === size) {
        this.types[size++] = type;
        this.counts[g] = 0;
      }
      this.counts[g]++;
      this.typeOf[k] = g;
    }
    this.size = size;
    return size < n;
  }

  /** True when the k-th record's RRset has other records. */
  shared(k: number): boolean {
    return this.counts[this.typeOf[k]] > 1;
  }
}

function isHostType(type: string): boolean {
  return type === 'A' || type === 'AAAA' || type === 'MX';
}

/** Owners of A, AAAA and MX records are host names (RFC 1123 §2.1; BIND check-names): the first such record with its owner written, else the first. */
function hostRecordOf(list: readonly ZoneRecord[], from: number, to: number): ZoneRecord | undefined {
  let hostRecord: ZoneRecord | undefined;
  for (let k = from; k < to; k++) {
    const r = list[k];
    if (!isHostType(r.type)) continue;
    if (!hostRecord || (!hostRecord.ownerSpan && r.ownerSpan)) hostRecord = r;
    if (hostRecord.ownerSpan) break;
  }
  return hostRecord;
}

/**
 * The findings that look at all records of one owner (list[from, to), in file order): TTLs
 * within RRsets, duplicate records, owners outside the zone, host-name syntax and wildcards.
 * `keys` holds the RDATA keys of records in RRsets of two or more when the caller read them.
 */
function ownerFindings(index: ZoneIndex, facts: StructureFacts, list: readonly ZoneRecord[], from: number, to: number, sets: RrsetScratch, host: ZoneRecord | undefined | null): void {
  const n = to - from;
  const head = list[from];
  if (n > 1) {
    const types = sets.types;
    const size = sets.size;
    let sameTtl = true;
    for (let k = from + 1; k < to && sameTtl; k++) sameTtl = list[k].ttl === head.ttl;
    for (let g = 0; g < size; g++) {
      if (sets.counts[g] < 2) continue;
      // Signatures of different RRsets share the type RRSIG but not their TTLs.
      if (!sameTtl && types[g] !== 'RRSIG') {
        let first: ZoneRecord | undefined;
        for (let k = 0; k < n; k++) {
          if (sets.typeOf[k] !== g) continue;
          const r = list[from + k];
          if (!first) first = r;
          else if (r.ttl !== first.ttl) {
            const at = r.ttlSpan ? { file: r.file, start: r.ttlSpan.start, end: r.ttlSpan.end } : typeLocation(r);
            facts.ttlMismatch.push({
              at,
              message: `TTL ${r.ttl} differs from TTL ${first.ttl} of the first ${r.type} record at '${r.owner}'; the records of one RRset share one TTL, and BIND serves them all with ${first.ttl}. Make the TTLs equal.`,
              data: { ttl: first.ttl, replacement: String(first.ttl) },
            });
          }
        }
      }
    }
    for (let g = 0; g < size; g++) {
      if (sets.counts[g] < 2) continue;
      const seen = new Set<string>();
      for (let k = 0; k < n; k++) {
        if (sets.typeOf[k] !== g) continue;
        const r = list[from + k];
        const key = sets.keys[k] ?? rdataKey(r);
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        facts.duplicateRecord.push({
          at: recordLocation(r),
          message: `This ${r.type} record at '${r.owner}' repeats an earlier one; servers keep only one copy. Delete it.`,
          data: { deleteRecord: { file: r.file, start: r.start, end: r.end } },
        });
      }
    }
  }
  if (!ownerInZone(index, head.owner)) {
    for (let k = from; k < to; k++) {
      const r = list[k];
      facts.ownerOutside.push({
        at: ownerLocation(r),
        message: `Owner '${r.owner}' is outside the zone '${index.parsed.origin}', so servers ignore this record. Write the owner relative to the zone, or move the record to the zone it belongs to.`,
      });
    }
  }
  const hostRecord = host === null ? hostRecordOf(list, from, to) : host;
  if (hostRecord) {
    const fault = ownerHostnameFault(index, facts, hostRecord.owner);
    if (fault) {
      facts.hostnameOwners.push({
        at: ownerLocation(hostRecord),
        message: `Owner '${hostRecord.owner}' of ${hostRecord.type} records is not a valid host name: label '${fault.label}' ${fault.reason}. BIND rejects it with check-names and mail servers may refuse it; use letters, digits and hyphens (for example '_' to '-').`,
        data: underscoreFix(ownerText(index, hostRecord)),
      });
    }
  }
  if (head.owner.indexOf('*') >= 0) {
    const problem = wildcardProblem(head.owner.toLowerCase());
    if (problem) {
      let r = head;
      for (let k = from; k < to; k++) {
        if (list[k].ownerSpan) {
          r = list[k];
          break;
        }
      }
      facts.wildcardNotLeftmost.push({ at: ownerLocation(r), message: `Owner '${r.owner}' ${problem}` });
    }
  }
}

function collect(index: ZoneIndex): StructureFacts {
  const facts: StructureFacts = {
    cnameTargets: new Map(),
    dnameOwners: new Set(),
    soa: [],
    ns: [],
    ownersContiguous: true,
    addressMemo: { names: [], answers: [], next: 0 },
    ttlMismatch: [],
    duplicateRecord: [],
    ownerOutside: [],
    hostnameOwners: [],
    hostnameMx: [],
    hostnameNs: [],
    wildcardNotLeftmost: [],
    relativeRecords: [],
    relativeCname: [],
    relativeMx: [],
    relativeNs: [],
    relativeSrv: [],
    cnameOtherData: [],
    cnameMultiple: [],
    mxTargetAddress: [],
    mxTargetCname: [],
    mxTargetNoAddress: [],
    mxNullPreference: [],
    mxNullWithOthers: [],
    mxDuplicateHost: [],
    srvTargetCname: [],
    srvTargetNoAddress: [],
  };
  // The MX and SRV checks below ask for the DNAME owners while the pass runs.
  cache.set(index, facts);
  try {
    return fill(index, facts);
  } catch (error) {
    // A pass that failed half-way must not leave its partial facts to the next rule.
    cache.delete(index);
    throw error;
  }
}

function fill(index: ZoneIndex, facts: StructureFacts): StructureFacts {
  const records = index.parsed.records;
  const n = records.length;
  // First pass: aliases and DNAMEs, so that MX and SRV targets can be judged as they are read.
  // As many runs of one owner as owners also tells that no owner comes back after another.
  let runs = 0;
  let previous: string | undefined;
  let previousKey = '';
  const validCnames: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = records[i];
    const owner = r.owner;
    if (owner !== previous) {
      if (previous === undefined || !sameName(owner, previous)) runs++;
      previous = owner;
      previousKey = '';
    }
    const type = r.type;
    if (type !== 'CNAME' && type !== 'DNAME') continue;
    if (previousKey === '') previousKey = owner.toLowerCase();
    if (type === 'DNAME') {
      facts.dnameOwners.add(previousKey);
      continue;
    }
    const t = nameTarget(r, 'target', previousKey);
    if (!t) continue;
    validCnames.push(i);
    if (!facts.cnameTargets.has(previousKey)) facts.cnameTargets.set(previousKey, t.key);
    // CNAMEs under _domainkey delegate DKIM selectors: dkim-cname-relative reports their targets.
    const dkim = previousKey.startsWith('_domainkey.') || previousKey.includes('._domainkey.');
    const found = r.generated || dkim ? undefined : relativeTarget(index, r, t.field);
    if (found) facts.relativeCname.push(found);
  }
  const contiguous = runs === index.byOwner.size;
  facts.ownersContiguous = contiguous;
  const splitSeen = new Set<string>();
  /** Owners in several runs, by the index of their first CNAME with a target, and their MX records. */
  const splitCnames = new Map<string, number>();
  const splitMx: NameTarget[] = [];
  const splitMxIndex: number[] = [];
  const sets = new RrsetScratch();
  const runMx: NameTarget[] = [];
  let nextValidCname = 0;
  for (let i = 0; i < n; ) {
    const owner = records[i].owner;
    let j = i + 1;
    while (j < n && (records[j].owner === owner || sameName(records[j].owner, owner))) j++;
    let ownerKey: string | undefined;
    let whole = true;
    if (!contiguous && countAt(index, owner) > j - i) {
      whole = false;
      ownerKey = owner.toLowerCase();
      if (!splitSeen.has(ownerKey)) {
        splitSeen.add(ownerKey);
        const list = index.byOwner.get(owner) ?? [];
        sets.group(list, 0, list.length);
        sets.keys.length = 0;
        ownerFindings(index, facts, list, 0, list.length, sets, null);
      }
    }
    const keyed = whole && sets.group(records, i, j);
    if (keyed) sets.keys.length = 0;
    let firstCname = -1;
    let firstMx = -1;
    let served: boolean | undefined;
    let hostRecord: ZoneRecord | undefined;
    let hostSpanned = false;
    for (let k = i; k < j; k++) {
      const r = records[k];
      const type = r.type;
      const generated = r.generated;
      // The owner's span is read once here, for the relative-owner check and the host record.
      let span: Span | undefined | null = null;
      if (!generated && r.ownerRelative) {
        span = r.ownerSpan;
        const found = relativeOwner(index, r, span);
        if (found) facts.relativeRecords.push(found);
      }
      if (whole && !hostSpanned && isHostType(type)) {
        if (span === null) span = r.ownerSpan;
        if (!hostRecord || span) {
          hostRecord = r;
          hostSpanned = span !== undefined;
        }
      }
      if (type === 'SOA') facts.soa.push(r);
      else if (type === 'CNAME') {
        if (validCnames[nextValidCname] === k) {
          nextValidCname++;
          if (firstCname < 0) {
            firstCname = k;
            if (!whole && !splitCnames.has((ownerKey ??= owner.toLowerCase()))) splitCnames.set(ownerKey, k);
          }
        }
      } else if (type === 'PTR' || type === 'DNAME') {
        if (!generated) {
          const f = field(r, 'target');
          const found = f && relativeTarget(index, r, f);
          if (found) facts.relativeRecords.push(found);
        }
      } else if (type === 'NS' || type === 'MX' || type === 'SRV') {
        const t = nameTarget(r, type === 'MX' ? 'exchange' : 'target', (ownerKey ??= owner.toLowerCase()));
        if (t) {
          const f = t.field;
          if (type === 'NS') {
            facts.ns.push(t);
            const found = generated ? undefined : relativeTarget(index, r, f);
            if (found) facts.relativeNs.push(found);
            const host = hostnameTarget(r, f);
            if (host) facts.hostnameNs.push(host);
          } else {
            const found = generated ? undefined : relativeTarget(index, r, f);
            if (found) (type === 'MX' ? facts.relativeMx : facts.relativeSrv).push(found);
            if (t.key !== '.') {
              // Records inside a delegated child are the child's business (zone-occluded-data says so).
              if (served === undefined) served = !isAtOrBelowCut(index, ownerKey);
              if (served) servedTargetFindings(index, facts, type as 'MX' | 'SRV', t);
            }
            if (type === 'MX') {
              const host = hostnameTarget(r, f);
              if (host) facts.hostnameMx.push(host);
              if (t.key === '.' && t.preference !== undefined && t.preference !== 0) {
                const pref = field(r, 'preference');
                if (pref) facts.mxNullPreference.push({ at: fieldAt(r, pref), message: `A null MX ('.') must have preference 0, not ${t.preference}. Set it to 0.`, data: { replacement: '0' } });
              }
              if (whole) {
                if (firstMx < 0) firstMx = k;
                runMx.push(t);
              } else {
                splitMx.push(t);
                splitMxIndex.push(k);
              }
            }
          }
        }
      }
      // Read right after the target, the key reuses the fields the record keeps for its last reader.
      if (keyed && sets.shared(k - i)) sets.keys[k - i] = rdataKey(r);
    }
    if (whole) {
      ownerFindings(index, facts, records, i, j, sets, hostRecord);
      if (firstCname >= 0) cnameFindings(index, (ownerKey ??= owner.toLowerCase()), records, i, j, firstCname, facts);
      if (runMx.length > 0) {
        if (runMx.length > 1) mxSetFindings(facts, runMx, firstMx);
        runMx.length = 0;
      }
    }
    i = j;
  }
  sets.keys.length = 0;
  if (splitCnames.size > 0) {
    for (const [key, first] of splitCnames) {
      const list = index.byOwner.get(key) ?? [];
      cnameFindings(index, key, list, 0, list.length, first, facts);
    }
    // CNAME findings come in the order of each owner's first CNAME.
    facts.cnameOtherData.sort((a, b) => a.order - b.order);
    facts.cnameMultiple.sort((a, b) => a.order - b.order);
  }
  if (splitMx.length > 0) {
    const byOwner = new Map<string, { first: number; mx: NameTarget[] }>();
    for (let m = 0; m < splitMx.length; m++) {
      const t = splitMx[m];
      const set = byOwner.get(t.ownerKey);
      if (set) set.mx.push(t);
      else byOwner.set(t.ownerKey, { first: splitMxIndex[m], mx: [t] });
    }
    for (const { first, mx } of byOwner.values()) if (mx.length > 1) mxSetFindings(facts, mx, first);
    // MX set findings come in the order of each owner's first MX.
    facts.mxNullWithOthers.sort((a, b) => a.order - b.order);
    facts.mxDuplicateHost.sort((a, b) => a.order - b.order);
  }
  return facts;
}

/** A rule that reports what the shared pass found for it: the lists it names, in order. */
export function factRule(info: RuleInfo, findings: (facts: StructureFacts) => readonly (readonly Finding[])[]): Rule {
  return {
    ...info,
    check(index, report) {
      for (const list of findings(structureFacts(index))) for (const f of list) report(info.id, f.at, f.message, f.data);
    },
  };
}
