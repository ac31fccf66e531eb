// A quick reading of an SPF record for the zone-wide rules: which terms it has, without building
// them. A zone of a million records holds tens of thousands of SPF records, nearly all without a
// fault, and most rules look for terms few records have (ptr, a second redirect, +all). The
// rules read a record in full (parseSpf) only when this reading finds a fault or a term they look
// for. The reading follows parseSpf exactly for the terms it knows (all, include, a, mx, ip4,
// redirect and exp written plainly); any other term is read with parseTerm, and a term with a
// fault sends the whole record to parseSpf, whose later passes join faulty terms.
import { parseTerm } from './spf';

/** What spfShape tells of a record, as bits. */
export const enum SpfShape {
  /** A term has a fault (host bits included), or the value has a '<' (a template's placeholder): read the record with parseSpf. */
  Faulty = 1,
  /** An all mechanism. */
  All = 2,
  /** The first all passes every sender (+ or no qualifier) or is neutral (?). */
  PermissiveAll = 4,
  /** A mechanism after the first all. */
  TermsAfterAll = 8,
  /** A redirect modifier. */
  Redirect = 16,
  /** redirect= or exp= more than once. */
  SeveralModifiers = 32,
  /** include more than once. */
  SeveralIncludes = 64,
  Ptr = 128,
  /** A modifier SPF does not define. */
  UnknownModifier = 256,
  /** A term that may query DNS other than include, a, mx or redirect with a plain name: only a walk of the record counts it. */
  OtherLookup = 512,
}

/** The DNS-querying terms SpfLookups lists. */
export const enum SpfLookupKind {
  Include = 1,
  A = 2,
  Mx = 3,
  Redirect = 4,
}

/**
 * The include, a, mx and redirect terms of the last record spfShape read with this list, in
 * order. One list serves record after record: its arrays only grow.
 */
export class SpfLookups {
  count = 0;
  readonly kinds: number[] = [];
  /** Value indexes of the domain as written; -1 for a and mx without one. */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** 1 when no all comes before the term, else 0. */
  readonly beforeAll: number[] = [];

  add(kind: SpfLookupKind, start: number, end: number, beforeAll: boolean): void {
    const i = this.count++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.beforeAll[i] = beforeAll ? 1 : 0;
  }
}

/** The name of a listed term's domain as parseSpf keeps it: lower case, without the final dot. */
export function lookupName(value: string, list: SpfLookups, i: number): string {
  return domainName(value, list.starts[i], list.ends[i]);
}

const DOT = 0x2e;
const COLON = 0x3a;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x7a;
}

/** True when value[at, at + word.length) is `word` (lower-case ASCII) in any case. */
function wordAt(value: string, at: number, word: string): boolean {
  if (at + word.length > value.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = value.charCodeAt(at + i);
    if ((isLetter(c) ? c | 0x20 : c) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * True when value[start, end) is a domain-spec parseSpf takes without a fault and without
 * macros: labels of letters, digits, '-' and '_' of 1 to 63 characters, at least two of them, at
 * most 253 characters, an optional final dot, and a top-level label of letters and digits with
 * a letter. Others (a hyphen in the top-level label, macros) are left to parseTerm.
 */
function isPlainDomain(value: string, start: number, end: number): boolean {
  let bodyEnd = end;
  if (bodyEnd > start && value.charCodeAt(bodyEnd - 1) === DOT) bodyEnd--;
  if (bodyEnd <= start || bodyEnd - start > 253) return false;
  let labelStart = start;
  let dots = 0;
  let topLetter = false;
  let topAlnum = true;
  for (let k = start; k < bodyEnd; k++) {
    const c = value.charCodeAt(k);
    if (c === DOT) {
      if (k === labelStart || k - labelStart > 63) return false;
      labelStart = k + 1;
      dots++;
      topLetter = false;
      topAlnum = true;
    } else if (isLetter(c)) topLetter = true;
    else if (c === 0x2d || c === 0x5f) topAlnum = false;
    else if (!isDigit(c)) return false;
  }
  if (bodyEnd === labelStart || bodyEnd - labelStart > 63) return false;
  return dots > 0 && topLetter && topAlnum;
}

/**
 * True when value[start, end) is an IPv4 network parseSpf takes without a fault: a dotted quad
 * without leading zeros, optionally '/' and a prefix length of at most 32 without a leading
 * zero, with no bits set below the prefix.
 */
function isPlainIp4(value: string, start: number, end: number): boolean {
  let i = start;
  let address = 0;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (i >= end || value.charCodeAt(i) !== DOT) return false;
      i++;
    }
    const from = i;
    let n = 0;
    while (i < end && i - from < 4 && isDigit(value.charCodeAt(i))) n = n * 10 + value.charCodeAt(i++) - 0x30;
    const digits = i - from;
    if (digits === 0 || digits > 3 || n > 255 || (digits > 1 && value.charCodeAt(from) === 0x30)) return false;
    address = address * 256 + n;
  }
  if (i === end) return true;
  if (value.charCodeAt(i) !== 0x2f) return false;
  const from = ++i;
  let length = 0;
  while (i < end && i - from < 3 && isDigit(value.charCodeAt(i))) length = length * 10 + value.charCodeAt(i++) - 0x30;
  const digits = i - from;
  if (i !== end || digits === 0 || digits > 2 || length > 32 || (digits > 1 && value.charCodeAt(from) === 0x30)) return false;
  // Bits below the prefix make parseSpf report host-bits.
  const hostBits = 2 ** (32 - length);
  return address % hostBits === 0;
}

/** The end of the term (or version) that starts at `from`: the next blank, or the end of the value. */
function termEnd(value: string, from: number, tabs: boolean): number {
  if (!tabs) {
    const space = value.indexOf(' ', from);
    return space < 0 ? value.length : space;
  }
  let i = from;
  while (i < value.length && !isBlank(value.charCodeAt(i))) i++;
  return i;
}

// Term kinds spfShape tells apart.
const OTHER = 0;
const ALL = 1;
const INCLUDE = 2;
const A = 3;
const MX = 4;
const IP4 = 5;
const REDIRECT = 6;
const EXP = 7;

/** The length of the name of each kind of mechanism. */
const NAME_LENGTHS: readonly number[] = [0, 3, 7, 1, 2, 3, 0, 0];

/** Value indexes of the domain of the last term plainTerm read, or -1. */
let domainStart = -1;
let domainEnd = -1;

/**
 * The kind of the term value[start, end) when it is written plainly and has no fault, with its
 * domain in domainStart/domainEnd; OTHER for any other term.
 */
function plainTerm(value: string, start: number, end: number): number {
  domainStart = domainEnd = -1;
  const first = value.charCodeAt(start);
  if (first === 0x72 || first === 0x52 || first === 0x65 || first === 0x45) {
    // A modifier: no qualifier before it.
    const name = wordAt(value, start, 'redirect=') ? 9 : wordAt(value, start, 'exp=') ? 4 : 0;
    if (name > 0) {
      if (!isPlainDomain(value, start + name, end)) return OTHER;
      domainStart = start + name;
      domainEnd = end;
      return name === 9 ? REDIRECT : EXP;
    }
  }
  const q = first === 0x2b || first === 0x2d || first === 0x7e || first === 0x3f ? 1 : 0;
  const at = start + q;
  let kind = OTHER;
  if (wordAt(value, at, 'all')) kind = ALL;
  else if (wordAt(value, at, 'include')) kind = INCLUDE;
  else if (wordAt(value, at, 'ip4')) kind = IP4;
  else if (wordAt(value, at, 'mx')) kind = MX;
  else if (wordAt(value, at, 'a')) kind = A;
  else return OTHER;
  const nameEnd = at + NAME_LENGTHS[kind];
  if (nameEnd === end) return kind === ALL || kind === A || kind === MX ? kind : OTHER;
  if (value.charCodeAt(nameEnd) !== COLON || kind === ALL) return OTHER;
  if (kind === IP4) return isPlainIp4(value, nameEnd + 1, end) ? IP4 : OTHER;
  if (!isPlainDomain(value, nameEnd + 1, end)) return OTHER;
  domainStart = nameEnd + 1;
  domainEnd = end;
  return kind;
}

const LOOKUP_KINDS: readonly number[] = [0, 0, SpfLookupKind.Include, SpfLookupKind.A, SpfLookupKind.Mx, 0, SpfLookupKind.Redirect, 0];

/**
 * The SpfShape bits of an SPF record's value, read as parseSpf reads it. With `lookups`, the
 * include, a, mx and redirect terms read without parseTerm are listed there, in order (a record
 * with SpfShape.OtherLookup may have more).
 */
export function spfShape(value: string, lookups?: SpfLookups): number {
  if (lookups) lookups.count = 0;
  if (value.indexOf('<') >= 0) return SpfShape.Faulty;
  const length = value.length;
  // Terms are mostly separated by spaces alone: then the end of each is found by indexOf.
  const tabs = value.indexOf('\t') >= 0;
  let i = termEnd(value, 0, tabs);
  let shape = 0;
  let all = false;
  let includes = 0;
  let redirects = 0;
  let exps = 0;
  while (i < length) {
    while (i < length && isBlank(value.charCodeAt(i))) i++;
    const start = i;
    if (i === length) break;
    i = termEnd(value, i, tabs);
    let kind = plainTerm(value, start, i);
    let mechanism = kind !== REDIRECT && kind !== EXP;
    let qualifier = value.charCodeAt(start);
    if (kind === OTHER) {
      const term = parseTerm(value.slice(start, i), start, 0);
      if (term.faults.length > 0) return SpfShape.Faulty;
      mechanism = term.type === 'mechanism';
      qualifier = term.result.charCodeAt(0);
      switch (term.mechanism ?? term.modifier) {
        case 'all':
          kind = ALL;
          break;
        case 'include':
          includes++;
          shape |= SpfShape.OtherLookup;
          break;
        case 'ptr':
          shape |= SpfShape.Ptr | SpfShape.OtherLookup;
          break;
        case 'a':
        case 'mx':
        case 'exists':
          shape |= SpfShape.OtherLookup;
          break;
        case 'redirect':
          redirects++;
          shape |= SpfShape.OtherLookup;
          break;
        case 'exp':
          exps++;
          break;
        case undefined:
          if (!mechanism) shape |= SpfShape.UnknownModifier;
          break;
      }
    } else if (kind === INCLUDE) includes++;
    else if (kind === REDIRECT) redirects++;
    else if (kind === EXP) exps++;
    if (mechanism && all) shape |= SpfShape.TermsAfterAll;
    if (lookups && LOOKUP_KINDS[kind] !== 0) lookups.add(LOOKUP_KINDS[kind], domainStart, domainEnd, !all);
    if (kind === ALL && !all) {
      all = true;
      // '+' or no qualifier passes; '?' is neutral.
      if (qualifier !== 0x2d && qualifier !== 0x7e) shape |= SpfShape.PermissiveAll;
    }
  }
  if (all) shape |= SpfShape.All;
  if (redirects > 0) shape |= SpfShape.Redirect;
  if (redirects > 1 || exps > 1) shape |= SpfShape.SeveralModifiers;
  if (includes > 1) shape |= SpfShape.SeveralIncludes;
  return shape;
}

/**
 * The terms an evaluation of a record without faults walks, as a walk takes them: include, a and
 * mx before the first all, then the redirect when the record has no all and one redirect. For
 * records with SpfShape.OtherLookup there is none: only the walk knows their terms.
 */
export interface SpfLookupPlan {
  /** SpfLookupKind of each term. */
  readonly kinds: readonly number[];
  /** The name each term asks about, lower case without the final dot; '' for a and mx without a domain. */
  readonly names: readonly string[];
}

const NO_LOOKUPS: SpfLookupPlan = { kinds: [], names: [] };

/**
 * Plans of the records read last: zones repeat the same includes in record after record, and
 * those records share one plan (and its strings) instead of each making its own.
 */
export class SpfLookupPlans {
  private readonly recent: SpfLookupPlan[] = [];
  private next = 0;
  private readonly kinds: number[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** The plan of a record spfShape has just read with `lookups` and found `shape`; undefined for Faulty or OtherLookup. */
  planOf(value: string, shape: number, lookups: SpfLookups): SpfLookupPlan | undefined {
    if (shape & (SpfShape.Faulty | SpfShape.OtherLookup)) return undefined;
    const { kinds, starts, ends } = this;
    kinds.length = starts.length = ends.length = 0;
    let redirect = -1;
    let redirects = 0;
    for (let i = 0; i < lookups.count; i++) {
      const kind = lookups.kinds[i];
      if (kind === SpfLookupKind.Redirect) {
        redirect = i;
        redirects++;
      } else if (lookups.beforeAll[i]) {
        kinds.push(kind);
        starts.push(lookups.starts[i]);
        ends.push(lookups.ends[i]);
      }
    }
    if (!(shape & SpfShape.All) && redirects === 1) {
      kinds.push(SpfLookupKind.Redirect);
      starts.push(lookups.starts[redirect]);
      ends.push(lookups.ends[redirect]);
    }
    if (kinds.length === 0) return NO_LOOKUPS;
    for (const plan of this.recent) if (this.matches(plan, value)) return plan;
    const names: string[] = [];
    for (let i = 0; i < kinds.length; i++) names.push(starts[i] < 0 ? '' : domainName(value, starts[i], ends[i]));
    const plan: SpfLookupPlan = { kinds: kinds.slice(), names };
    this.recent[this.next] = plan;
    this.next = (this.next + 1) % 8;
    return plan;
  }

  private matches(plan: SpfLookupPlan, value: string): boolean {
    const { kinds, starts, ends } = this;
    if (plan.kinds.length !== kinds.length) return false;
    for (let i = 0; i < kinds.length; i++) {
      if (plan.kinds[i] !== kinds[i]) return false;
      const name = plan.names[i];
      if (starts[i] < 0 ? name !== '' : !sameDomain(value, starts[i], ends[i], name)) return false;
    }
    return true;
  }
}

/** value[start, end) as parseSpf keeps a domain-spec's name: lower case, without the final dot. */
function domainName(value: string, start: number, end: number): string {
  if (value.charCodeAt(end - 1) === DOT) end--;
  return value.slice(start, end).toLowerCase();
}

/** True when value[start, end) is `name` (lower case, without the final dot) in any ASCII case, with or without a final dot. */
function sameDomain(value: string, start: number, end: number, name: string): boolean {
  if (value.charCodeAt(end - 1) === DOT) end--;
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) {
    const c = value.charCodeAt(start + i);
    if ((isLetter(c) ? c | 0x20 : c) !== name.charCodeAt(i)) return false;
  }
  return true;
}
