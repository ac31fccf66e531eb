// SPF records (RFC 7208) read from the joined value of a TXT record: the version, each term with
// its qualifier, mechanism or modifier name, domain-spec, address and prefix lengths, and the
// faults a receiver would stop at. Every part carries [start, end) indexes into the joined value,
// so rules can map it back to the file through JoinedTxt.
import { formatIPv6 } from '../rdata/ipAddress';
import { editDistance } from '../editDistance';

export type SpfQualifier = '+' | '-' | '~' | '?';

export const SPF_MECHANISMS = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'] as const;
export type SpfMechanism = (typeof SPF_MECHANISMS)[number];
export const SPF_MODIFIERS = ['redirect', 'exp'] as const;
export type SpfKnownModifier = (typeof SPF_MODIFIERS)[number];

/** Mechanisms whose evaluation queries DNS (RFC 7208 §4.6.4); the redirect modifier does too. */
export const SPF_LOOKUP_MECHANISMS: ReadonlySet<string> = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

export interface SpfPart {
  text: string;
  start: number;
  end: number;
}

export type SpfFaultKind =
  /** A mechanism name SPF does not define: permerror. */
  | 'unknown-mechanism'
  /** `all` followed by anything. */
  | 'all-argument'
  /** A term glued to the all that follows it (`mx-all`). */
  | 'missing-space'
  /** A mechanism or modifier that needs a domain-spec has none. */
  | 'domain-empty'
  /** A domain-spec that is not a valid domain-spec. */
  | 'domain-invalid'
  /** Its argument was written as the next term (`include: spf.example.net`, `ip4 192.0.2.1`). */
  | 'detached-argument'
  /** An ip4/ip6 network that does not parse, or of the other family, or a bare address. */
  | 'ip-invalid'
  /** A CIDR prefix length that does not parse or is too long. */
  | 'cidr-invalid'
  /** A network with bits set below its prefix length (information). */
  | 'host-bits'
  /** A macro that does not follow RFC 7208 §7.1. */
  | 'macro-invalid';

export interface SpfEdit {
  /** Joined-value indexes of the text to replace. */
  start: number;
  end: number;
  text: string;
  /** True when the edit is right in every case (the only reading of what was written). */
  certain: boolean;
  /** Words for the fix's title. */
  title: string;
}

export interface SpfFault {
  kind: SpfFaultKind;
  /** Joined-value indexes of the offending characters. */
  start: number;
  end: number;
  /** What exactly is wrong, in words fit for a message (no final period). */
  detail: string;
  /** What to do, as a sentence, when the fault suggests something more precise than the rule's general advice. */
  advice?: string;
  edit?: SpfEdit;
}

export interface SpfMacro extends SpfPart {
  /** The macro letter, lower case, for %{...} macros. */
  letter?: string;
  /** Why the macro is invalid, when it is. */
  problem?: string;
}

export interface SpfDomainSpec extends SpfPart {
  macros: SpfMacro[];
  /** The name depends on macros: known only while a message is checked. */
  hasMacros: boolean;
  /** Lower case without a final dot, when the spec has no macros and is valid. */
  name?: string;
}

export interface SpfCidr extends SpfPart {
  /** The prefix length, when it is a number. */
  length?: number;
}

export interface SpfTerm extends SpfPart {
  /** Position among the record's terms. */
  index: number;
  /** A mechanism (known or not) or a modifier (name=value). */
  type: 'mechanism' | 'modifier';
  /** The qualifier as written, if any. */
  qualifier?: SpfQualifier;
  /** The result of a match: the qualifier, '+' when none is written. */
  result: SpfQualifier;
  /** The name as written, and where. */
  name: SpfPart;
  /** The name in lower case. */
  key: string;
  /** The known mechanism this term is, if any. */
  mechanism?: SpfMechanism;
  /** For modifiers: redirect or exp, or undefined for a modifier SPF does not define. */
  modifier?: SpfKnownModifier;
  /** Everything after the name and its ':' or '=', if anything is written there. */
  argument?: SpfPart;
  domain?: SpfDomainSpec;
  /** ip4/ip6 network as written and its family. */
  network?: SpfPart & { family?: 4 | 6 };
  cidr4?: SpfCidr;
  cidr6?: SpfCidr;
  faults: SpfFault[];
  /** This term is the argument of the previous one, detached by a space: its faults are the previous term's. */
  absorbed?: boolean;
}

export interface SpfRecord {
  value: string;
  /** The version tag: `v=spf1` when the record is SPF. */
  version: SpfPart;
  terms: SpfTerm[];
  /** The first `all` mechanism, if any. */
  all?: SpfTerm;
  /** Every redirect and exp modifier, in order. */
  redirects: SpfTerm[];
  exps: SpfTerm[];
}

const QUALIFIERS = '+-~?';
const MODIFIER = /^([A-Za-z][A-Za-z0-9_.-]*)=/;
const MACRO_LETTERS = 'slodiphcrtv';
/** Letters allowed only in explanation text fetched through exp=, never in the record (RFC 7208 §7.1). */
const EXPLANATION_LETTERS = 'crt';
const DELIMITERS = '.-+,/_=';
const ALNUM_LABEL = /^[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$/;
const HYPHEN_LABEL = /^[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]$/;
/** A fully qualified name of letters, digits, '-' and '_', ending in a top-level label with a letter. */
const DOMAIN_LIKE = /^(?:[A-Za-z0-9_-]+\.)+[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*\.?$/;

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t';
}

/** Reads an SPF record's value (the joined strings of its TXT record). */
export function parseSpf(value: string): SpfRecord {
  let i = 0;
  while (i < value.length && !isBlank(value[i])) i++;
  const version: SpfPart = { text: value.slice(0, i), start: 0, end: i };
  const terms: SpfTerm[] = [];
  const record: SpfRecord = { value, version, terms, redirects: [], exps: [] };
  while (i < value.length) {
    while (i < value.length && isBlank(value[i])) i++;
    const start = i;
    while (i < value.length && !isBlank(value[i])) i++;
    if (i > start) terms.push(parseTerm(value.slice(start, i), start, terms.length));
  }
  joinDetachedArguments(value, terms);
  joinPlaceholders(value, terms);
  for (const t of terms) {
    if (t.absorbed) continue;
    if (t.mechanism === 'all' && !record.all) record.all = t;
    if (t.modifier === 'redirect') record.redirects.push(t);
    if (t.modifier === 'exp') record.exps.push(t);
  }
  return record;
}

/** True when the value starts with the SPF version tag and a space or the end (RFC 7208 §4.5). */
export function isSpfValue(value: string): boolean {
  if (value.length < 6 || value.slice(0, 6).toLowerCase() !== 'v=spf1') return false;
  return value.length === 6 || value[6] === ' ';
}

/** Parses one term; `base` is the index of its first character in the value. */
export function parseTerm(text: string, base: number, index: number): SpfTerm {
  const term = parseTermOnly(text, base, index);
  return mayBeGluedAll(term) ? (gluedAll(term) ?? term) : term;
}

/** A faulty term, or one whose domain ends in a '-all' label (no top-level domain has a hyphen there). */
function mayBeGluedAll(term: SpfTerm): boolean {
  if (term.faults.some((f) => f.kind !== 'host-bits')) return true;
  const name = term.domain?.name;
  if (!name || term.cidr4 || term.cidr6) return false;
  const top = name.slice(name.lastIndexOf('.') + 1);
  return top.endsWith('-all') && !top.startsWith('xn--');
}

function part(text: string, start: number): SpfPart {
  return { text, start, end: start + text.length };
}

/** A term with every field present from the start: one object shape for all terms keeps the parse fast. */
function newTerm(text: string, base: number, index: number, type: SpfTerm['type'], qualifier: SpfQualifier | undefined, name: SpfPart, key: string): SpfTerm {
  return {
    text,
    start: base,
    end: base + text.length,
    index,
    type,
    qualifier,
    result: qualifier ?? '+',
    name,
    key,
    mechanism: undefined,
    modifier: undefined,
    argument: undefined,
    domain: undefined,
    network: undefined,
    cidr4: undefined,
    cidr6: undefined,
    faults: [],
    absorbed: undefined,
  };
}

function parseTermOnly(text: string, base: number, index: number): SpfTerm {
  const modifier = MODIFIER.exec(text);
  if (modifier) return parseModifier(text, base, index, modifier[1]);
  let q = 0;
  let qualifier: SpfQualifier | undefined;
  if (QUALIFIERS.includes(text[0])) {
    qualifier = text[0] as SpfQualifier;
    q = 1;
  }
  let n = q;
  while (n < text.length && text[n] !== ':' && text[n] !== '/' && text[n] !== '=') n++;
  // 'all' followed by punctuation ('-all.' copied with a sentence's full stop) is all with an argument.
  if (/^all[^A-Za-z0-9]/i.test(text.slice(q)) && text.slice(q, n).toLowerCase() !== 'all') n = q + 3;
  const name = part(text.slice(q, n), base + q);
  const key = name.text.toLowerCase();
  const term = newTerm(text, base, index, 'mechanism', qualifier, name, key);
  if ((SPF_MECHANISMS as readonly string[]).includes(key)) {
    term.mechanism = key as SpfMechanism;
    readMechanism(term, text.slice(n), base + n);
  } else {
    unknownMechanism(term, text, base, q, n);
  }
  return term;
}

function parseModifier(text: string, base: number, index: number, name: string): SpfTerm {
  const key = name.toLowerCase();
  const value = text.slice(name.length + 1);
  const valueStart = base + name.length + 1;
  const term = newTerm(text, base, index, 'modifier', undefined, part(name, base), key);
  if (value.length) term.argument = part(value, valueStart);
  if (key === 'redirect' || key === 'exp') {
    term.modifier = key;
    term.domain = domainSpec(term, value, valueStart, `${key}=`);
  } else {
    // Unknown modifiers are ignored, but their value must still be a macro-string.
    const macros = readMacros(value, valueStart);
    for (const m of macros) if (m.problem) term.faults.push({ kind: 'macro-invalid', start: m.start, end: m.end, detail: m.problem });
  }
  return term;
}

/** Fills in a known mechanism from what follows its name (`rest` starts at `at`). */
function readMechanism(term: SpfTerm, rest: string, at: number): void {
  const mechanism = term.mechanism!;
  if (rest.length) term.argument = part(rest, at);
  switch (mechanism) {
    case 'all':
      if (rest.length) {
        // Stray punctuation is never meant as an argument; anything else may be a term that lost its space.
        const punctuation = /^[.,;]+$/.test(rest);
        term.faults.push({
          kind: 'all-argument',
          start: at,
          end: at + rest.length,
          detail: `'all' takes no argument, but '${term.text}' has '${rest}' after it`,
          edit: { start: at, end: at + rest.length, text: '', certain: punctuation, title: `Remove '${rest}'` },
        });
      }
      return;
    case 'include':
    case 'exists':
      if (rest[0] !== ':') {
        if (rest.length === 0) term.faults.push({ kind: 'domain-empty', start: term.name.start, end: term.end, detail: `'${mechanism}' has no domain after it`, advice: `Write '${mechanism}:' and the domain, or remove the term.` });
        else term.faults.push({ kind: 'domain-invalid', start: at, end: at + rest.length, detail: `'${mechanism}' is followed by '${rest[0]}' where a ':' and a domain belong` });
        return;
      }
      term.domain = domainSpec(term, rest.slice(1), at + 1, `${mechanism}:`);
      return;
    case 'ptr':
      if (rest.length === 0) return;
      if (rest[0] !== ':') {
        term.faults.push({ kind: 'domain-invalid', start: at, end: at + rest.length, detail: `'ptr' is followed by '${rest[0]}' where a ':' and a domain belong` });
        return;
      }
      term.domain = domainSpec(term, rest.slice(1), at + 1, 'ptr:');
      return;
    case 'a':
    case 'mx': {
      let domainText = '';
      let cidrText = rest;
      let cidrAt = at;
      if (rest[0] === ':') {
        const slash = cidrStart(rest, 1);
        domainText = rest.slice(1, slash);
        cidrText = rest.slice(slash);
        cidrAt = at + slash;
        term.domain = domainSpec(term, domainText, at + 1, `${mechanism}:`);
      } else if (rest.length && rest[0] !== '/') {
        term.faults.push({ kind: 'domain-invalid', start: at, end: at + rest.length, detail: `'${mechanism}' is followed by '${rest[0]}' where ':' and a domain, or '/' and a prefix length, belong` });
        return;
      }
      if (cidrText.length) dualCidr(term, cidrText, cidrAt);
      return;
    }
    case 'ip4':
    case 'ip6':
      readNetwork(term, rest, at);
      return;
  }
}

/** Index of the '/' that starts a prefix length in a/mx arguments: the first one outside %{...}. */
function cidrStart(text: string, from: number): number {
  let inMacro = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inMacro) {
      if (c === '}') inMacro = false;
    } else if (c === '%' && text[i + 1] === '{') {
      inMacro = true;
      i++;
    } else if (c === '/') return i;
  }
  return text.length;
}

function dualCidr(term: SpfTerm, text: string, at: number): void {
  const m = /^(?:\/(\d*))?(?:\/\/(\d*))?$/.exec(text);
  if (!m) {
    term.faults.push({ kind: 'cidr-invalid', start: at, end: at + text.length, detail: `'${text}' is not a prefix length`, advice: "Write '/24' for IPv4, '//64' for IPv6, or both as '/24//64'." });
    return;
  }
  if (m[1] !== undefined) term.cidr4 = cidr(term, m[1], at + 1, 32, 'IPv4');
  if (m[2] !== undefined) {
    const six = at + (m[1] !== undefined ? m[1].length + 1 : 0);
    term.cidr6 = cidr(term, m[2], six + 2, 128, 'IPv6', '//');
  }
}

/** A prefix length after its slash(es): `digits` starts at `at` (after the slashes). */
function cidr(term: SpfTerm, digits: string, at: number, max: number, family: string, slashes = '/'): SpfCidr {
  const start = at - slashes.length;
  const c: SpfCidr = { text: slashes + digits, start, end: at + digits.length, length: undefined };
  if (digits === '') {
    term.faults.push({ kind: 'cidr-invalid', start, end: c.end, detail: `'${slashes}' has no prefix length after it` });
    return c;
  }
  const length = Number(digits);
  if (length > max) {
    term.faults.push({ kind: 'cidr-invalid', start, end: c.end, detail: `the ${family} prefix length ${digits} is longer than ${max}` });
    return c;
  }
  if (digits.length > 1 && digits[0] === '0') {
    term.faults.push({
      kind: 'cidr-invalid',
      start,
      end: c.end,
      detail: `the prefix length '${digits}' has a leading zero, which the SPF grammar does not allow`,
      edit: { start: at, end: c.end, text: String(length), certain: true, title: `Write the prefix length as ${length}` },
    });
    return c;
  }
  c.length = length;
  return c;
}

function readNetwork(term: SpfTerm, rest: string, at: number): void {
  const mechanism = term.mechanism as 'ip4' | 'ip6';
  if (rest[0] !== ':' || rest.length === 1) {
    term.faults.push({
      kind: 'ip-invalid',
      start: term.name.start,
      end: term.end,
      detail: rest.length === 0 || rest === ':' ? `'${mechanism}' has no address after it` : `'${mechanism}' is followed by '${rest[0]}' where a ':' and an address belong`,
      advice: `Write it as '${mechanism}:${mechanism === 'ip4' ? '192.0.2.0/24' : '2001:db8::/32'}', with your own address or range.`,
    });
    return;
  }
  const body = rest.slice(1);
  const bodyAt = at + 1;
  const slash = body.indexOf('/');
  const address = slash < 0 ? body : body.slice(0, slash);
  const v4 = parseIp4(address);
  const v6 = v4 ? undefined : parseIp6(address);
  const network = { text: address, start: bodyAt, end: bodyAt + address.length, family: v4 ? (4 as const) : v6 ? (6 as const) : undefined };
  term.network = network;
  const want = mechanism === 'ip4' ? 4 : 6;
  if (network.family && network.family !== want) {
    const other = want === 4 ? 'ip6' : 'ip4';
    term.faults.push({
      kind: 'ip-invalid',
      start: term.name.start,
      end: term.end,
      detail: `'${address}' is an IPv${network.family} address, written after '${mechanism}:'`,
      advice: `Write '${other}:${body}'.`,
      edit: { start: term.name.start, end: term.name.end, text: other, certain: true, title: `Write '${other}:'` },
    });
    return;
  }
  if (!network.family) {
    const stripped = want === 4 ? withoutLeadingZeros(address) : undefined;
    if (stripped) {
      term.faults.push({
        kind: 'ip-invalid',
        start: network.start,
        end: network.end,
        detail: `'${address}' has octets with leading zeros, which the SPF grammar does not allow (and some programs read as octal)`,
        advice: `Write the address without them, ${stripped}, if that is the one meant.`,
        edit: { start: network.start, end: network.end, text: stripped, certain: false, title: `Write ${stripped}` },
      });
    } else {
      const placeholder = /x{2,}|[<>]|\bip\b/i.test(address);
      term.faults.push({
        kind: 'ip-invalid',
        start: network.start,
        end: network.end,
        detail: placeholder ? `'${address}' is a placeholder from a template, not an address` : `'${address}' is not an IPv${want} address`,
        advice: placeholder ? `Put in the address of your sending server, such as '${mechanism}:${want === 4 ? '192.0.2.10' : '2001:db8::10'}'.` : undefined,
      });
    }
    return;
  }
  if (slash < 0) return;
  const c = cidr(term, body.slice(slash + 1), bodyAt + slash + 1, want === 4 ? 32 : 128, `IPv${want}`);
  if (want === 4) term.cidr4 = c;
  else term.cidr6 = c;
  if (c.length === undefined) return;
  const normal = want === 4 ? ip4Network(v4!, c.length) : ip6Network(v6!, c.length);
  if (normal !== undefined) {
    term.faults.push({
      kind: 'host-bits',
      start: network.start,
      end: c.end,
      detail: `'${address}/${c.length}' has bits set below the /${c.length} prefix; receivers match the whole network ${normal}/${c.length}`,
      edit: { start: network.start, end: network.end, text: normal, certain: false, title: `Write the network as ${normal}/${c.length}` },
    });
  }
}

/** Unknown mechanisms: a bare address, a modifier written with ':', a misspelled name. */
function unknownMechanism(term: SpfTerm, text: string, base: number, q: number, n: number): void {
  const body = text.slice(q);
  const slash = body.indexOf('/');
  const address = slash < 0 ? body : body.slice(0, slash);
  const family = parseIp4(address) ? 4 : parseIp6(address) ? 6 : undefined;
  const prefix = slash < 0 ? '' : body.slice(slash + 1);
  if (family && (slash < 0 || /^\d{1,3}$/.test(prefix))) {
    const mechanism = family === 4 ? 'ip4' : 'ip6';
    term.faults.push({
      kind: 'ip-invalid',
      start: base + q,
      end: base + text.length,
      detail: `'${body}' is an address without '${mechanism}:' before it, which receivers read as an unknown mechanism`,
      advice: `Write '${mechanism}:${body}'.`,
      edit: { start: base + q, end: base + q, text: mechanism + ':', certain: true, title: `Add '${mechanism}:'` },
    });
    return;
  }
  const name = term.name;
  const sep = text[n];
  if ((term.key === 'redirect' || term.key === 'exp') && sep === ':') {
    term.faults.push({
      kind: 'unknown-mechanism',
      start: name.start,
      end: base + n + 1,
      detail: `'${term.key}' is a modifier, written '${term.key}=': '${term.key}:' is read as an unknown mechanism`,
      advice: `Write '${term.key}='.`,
      edit: { start: base + n, end: base + n + 1, text: '=', certain: q === 0, title: `Write '${term.key}='` },
    });
    return;
  }
  if (DOMAIN_LIKE.test(body) && q === 0) {
    term.faults.push({
      kind: 'unknown-mechanism',
      start: name.start,
      end: base + text.length,
      detail: `'${body}' is a domain name with no mechanism before it, which receivers read as an unknown mechanism`,
      advice: `Write 'include:${body}' if it is another domain's SPF policy, or 'a:${body}' for the addresses of a host.`,
      edit: { start: name.start, end: name.start, text: 'include:', certain: false, title: `Write 'include:${body}'` },
    });
    return;
  }
  const alias = ALIASES[term.key];
  const suggestion = alias ?? closestName(term.key, SPF_MECHANISMS);
  const detail = name.text === '' ? `'${text}' has no mechanism name` : `'${name.text}' is not an SPF mechanism`;
  const fault: SpfFault = { kind: 'unknown-mechanism', start: name.start, end: name.end > name.start ? name.end : base + text.length, detail };
  if (suggestion && suggestion !== term.key && name.text !== '') {
    fault.advice = `Did you mean '${suggestion}'?`;
    // The suggested name is right for sure when the argument then reads as that mechanism's.
    const fixed = parseTermOnly(text.slice(0, q) + suggestion + text.slice(n), 0, 0);
    fault.edit = { start: name.start, end: name.end, text: suggestion, certain: alias !== undefined && fixed.faults.length === 0, title: `Write '${suggestion}'` };
  }
  term.faults.push(fault);
}

/** Names people write for mechanisms, and the mechanism they mean. */
const ALIASES: Record<string, SpfMechanism> = { ipv4: 'ip4', ipv6: 'ip6', 'ip4addr': 'ip4', 'ip6addr': 'ip6', includes: 'include' };

/** A term glued to the all that follows it: `mx-all`, `ip4:192.0.2.1~all`. */
function gluedAll(term: SpfTerm): SpfTerm | undefined {
  const m = /^(.+?)([+\-~?]?all)$/i.exec(term.text);
  if (!m || QUALIFIERS.includes(m[1]) ) return undefined;
  const head = parseTermOnly(m[1], term.start, term.index);
  if (head.faults.some((f) => f.kind !== 'host-bits')) return undefined;
  const at = term.start + m[1].length;
  term.faults = [
    {
      kind: 'missing-space',
      start: term.start,
      end: term.end,
      detail: `'${m[1]}' and '${m[2]}' are glued together without a space, so receivers read one term they do not know`,
      edit: { start: at, end: at, text: ' ', certain: true, title: `Add a space before '${m[2]}'` },
    },
  ];
  return term;
}

/** Joins `include: name`, `ip4: 192.0.2.1` and `ip4 192.0.2.1`: an argument written as the next term. */
function joinDetachedArguments(value: string, terms: SpfTerm[]): void {
  for (let i = 0; i + 1 < terms.length; i++) {
    const t = terms[i];
    const next = terms[i + 1];
    const m = t.mechanism ?? t.modifier;
    if (!m || t.faults.length === 0) continue;
    const emptyArgument = t.faults.some((f) => f.kind === 'domain-empty' || (f.kind === 'ip-invalid' && !t.network));
    if (!emptyArgument) continue;
    const separator = t.type === 'modifier' ? '=' : ':';
    const endsWithSeparator = t.text.endsWith(separator);
    const candidate = (endsWithSeparator ? t.text : t.text + separator) + next.text;
    const joined = t.type === 'modifier' ? parseModifier(candidate, 0, 0, t.name.text) : parseTermOnly(candidate, 0, 0);
    if (joined.faults.some((f) => f.kind !== 'host-bits') || next.qualifier || next.type === 'modifier') continue;
    const between = value.slice(t.end, next.start);
    const edit: SpfEdit = endsWithSeparator
      ? { start: t.end, end: next.start, text: '', certain: true, title: `Remove the space after '${t.text}'` }
      : { start: t.end, end: next.start, text: separator, certain: true, title: `Write '${t.text}${separator}${next.text}'` };
    t.faults = [
      {
        kind: 'detached-argument',
        start: t.start,
        end: next.end,
        detail: endsWithSeparator
          ? `the space after '${t.text}' splits the term: receivers read '${t.text}' with nothing after it and '${next.text}' as a term of its own`
          : `'${t.text}' and '${next.text}' are separated by ${between.length > 1 ? 'spaces' : 'a space'} instead of '${separator}': receivers read '${t.text}' with no ${t.mechanism === 'ip4' || t.mechanism === 'ip6' ? 'address' : 'domain'} and '${next.text}' as a term of its own`,
        edit,
      },
    ];
    next.faults = [];
    next.absorbed = true;
    i++;
  }
}

/** A template placeholder with spaces in it ('ip4:<IP address>') is one fault, not one per word. */
function joinPlaceholders(value: string, terms: SpfTerm[]): void {
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    if (t.absorbed || !t.text.includes('<') || t.text.includes('>')) continue;
    let j = i + 1;
    while (j < terms.length && j <= i + 4 && !terms[j].text.includes('>') && !terms[j].text.includes('<')) j++;
    if (j >= terms.length || j > i + 4 || !terms[j].text.includes('>') || terms[j].text.includes('<')) continue;
    const open = t.start + t.text.indexOf('<');
    const close = terms[j].start + terms[j].text.indexOf('>') + 1;
    const placeholder = value.slice(open, close);
    const kind: SpfFaultKind = t.mechanism === 'ip4' || t.mechanism === 'ip6' ? 'ip-invalid' : t.mechanism || t.modifier ? 'domain-invalid' : 'unknown-mechanism';
    t.faults = [{ kind, start: open, end: close, detail: `'${placeholder}' is a placeholder from a template, not ${kind === 'ip-invalid' ? 'an address' : kind === 'domain-invalid' ? 'a domain' : 'a term'}`, advice: kind === 'ip-invalid' ? 'Put in the address of your sending server.' : 'Put in the value the provider gives.' }];
    for (let k = i + 1; k <= j; k++) {
      terms[k].faults = [];
      terms[k].absorbed = true;
    }
    i = j;
  }
}

// ---- domain-spec and macros ----------------------------------------------------------------

/** Reads a domain-spec (RFC 7208 §7.1) written after `what`; faults go to the term. */
function domainSpec(term: SpfTerm, text: string, at: number, what: string): SpfDomainSpec {
  const spec: SpfDomainSpec = { text, start: at, end: at + text.length, macros: [], hasMacros: false, name: undefined };
  if (text === '') {
    term.faults.push({ kind: 'domain-empty', start: term.name.start, end: at, detail: `'${what}' has no domain after it` });
    return spec;
  }
  spec.macros = readMacros(text, at);
  let bad = false;
  for (const m of spec.macros) {
    if (m.problem) {
      term.faults.push({ kind: 'macro-invalid', start: m.start, end: m.end, detail: m.problem });
      bad = true;
    }
  }
  spec.hasMacros = spec.macros.some((m) => m.letter !== undefined);
  const fault = bad ? undefined : domainFault(text, at, spec.macros);
  if (fault) {
    term.faults.push(fault);
    bad = true;
  }
  if (!bad && !spec.hasMacros) spec.name = (text.endsWith('.') ? text.slice(0, -1) : text).toLowerCase();
  return spec;
}

/** Every macro of a macro-string, each with its problem when it is invalid. */
export function readMacros(text: string, at: number): SpfMacro[] {
  const macros: SpfMacro[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') continue;
    const next = text[i + 1];
    if (next === '%' || next === '_' || next === '-') {
      macros.push({ text: text.slice(i, i + 2), start: at + i, end: at + i + 2, letter: undefined, problem: undefined });
      i++;
      continue;
    }
    if (next !== '{') {
      const shown = next === undefined ? '%' : '%' + next;
      macros.push({ text: shown, start: at + i, end: at + i + shown.length, letter: undefined, problem: `'${shown}' is not a macro: a '%' starts '%{...}', '%%', '%_' or '%-'` });
      if (next !== undefined) i++;
      continue;
    }
    const close = text.indexOf('}', i + 2);
    if (close < 0) {
      macros.push({ text: text.slice(i), start: at + i, end: at + text.length, letter: undefined, problem: `the macro '${text.slice(i)}' has no closing '}'` });
      break;
    }
    const letter = text[i + 2]?.toLowerCase();
    macros.push({
      text: text.slice(i, close + 1),
      start: at + i,
      end: at + close + 1,
      letter: letter && MACRO_LETTERS.includes(letter) ? letter : undefined,
      problem: macroProblem(text.slice(i + 2, close)),
    });
    i = close;
  }
  return macros;
}

function macroProblem(inside: string): string | undefined {
  const letter = inside[0];
  if (letter === undefined) return `'%{}' names no macro letter (s, l, o, d, i, p, h or v)`;
  const lower = letter.toLowerCase();
  if (!MACRO_LETTERS.includes(lower)) return `'${letter}' in '%{${inside}}' is not a macro letter; the letters are s, l, o, d, i, p, h and v`;
  if (EXPLANATION_LETTERS.includes(lower)) return `the macro letter '${letter}' is allowed only in explanation text, not in the record`;
  const m = /^(\d*)([rR]?)(.*)$/.exec(inside.slice(1))!;
  if (m[1] !== '' && Number(m[1]) === 0) return `'%{${inside}}' asks for 0 labels; the number of labels must be at least 1`;
  for (const c of m[3]) if (!DELIMITERS.includes(c)) return `'${c}' in '%{${inside}}' is not a delimiter; delimiters are . - + , / _ =`;
  return undefined;
}

/** The first fault of a domain-spec's literal text, or undefined when it is valid. */
function domainFault(text: string, at: number, macros: readonly SpfMacro[]): SpfFault | undefined {
  const nonAscii = /[^\x21-\x7e]+/.exec(text);
  if (nonAscii) {
    const space = /^\s+$/.test(nonAscii[0]);
    return {
      kind: 'domain-invalid',
      start: at + nonAscii.index,
      end: at + nonAscii.index + nonAscii[0].length,
      detail: space ? `the domain '${text}' contains whitespace` : `the domain '${text}' contains non-ASCII characters ('${nonAscii[0]}'), and SPF names are ASCII`,
      advice: space ? undefined : 'Write an internationalized name in its ASCII form, the one starting with xn--.',
    };
  }
  if (/[<>]/.test(text) || /^\[.*\]$/.test(text)) {
    return { kind: 'domain-invalid', start: at, end: at + text.length, detail: `'${text}' is a placeholder from a template, not a domain`, advice: 'Put in the domain the provider gives for its SPF record.' };
  }
  // The literal text after the last macro-expand must end in "." toplabel [ "." ].
  const last = macros.length ? macros[macros.length - 1] : undefined;
  const tailFrom = last ? last.end - at : 0;
  if (last && last.letter !== undefined && tailFrom === text.length) return labelFault(text, at);
  const body = text.endsWith('.') ? text.slice(0, -1) : text;
  const dot = body.lastIndexOf('.');
  if (dot < tailFrom || dot < 0) {
    if (last) return { kind: 'domain-invalid', start: at, end: at + text.length, detail: `'${text}' must end with a macro or with '.' and a top-level label` };
    return {
      kind: 'domain-invalid',
      start: at,
      end: at + text.length,
      detail: `'${text}' is a single label, and SPF names are always fully qualified (no origin is appended)`,
      advice: `Write the full name, such as '${text}.example.com'.`,
    };
  }
  const top = body.slice(dot + 1);
  if (top === '') return { kind: 'domain-invalid', start: at + dot, end: at + text.length, detail: `'${text}' has an empty label` };
  if (!ALNUM_LABEL.test(top) && !HYPHEN_LABEL.test(top)) {
    if (/^\d+$/.test(top)) {
      const ip = parseIp4(body) !== undefined;
      return {
        kind: 'domain-invalid',
        start: at,
        end: at + text.length,
        detail: ip ? `'${text}' is an IP address where a domain belongs` : `the top-level label '${top}' of '${text}' is all digits, which is not a domain name`,
        advice: ip ? `Write 'ip4:${body}' instead of '${text}' after the mechanism.` : undefined,
      };
    }
    return { kind: 'domain-invalid', start: at + dot + 1, end: at + body.length, detail: `'${top}' is not a valid top-level label: letters, digits and inner hyphens only` };
  }
  return labelFault(text, at);
}

/** Empty and over-long labels in the literal parts of a domain-spec. */
function labelFault(text: string, at: number): SpfFault | undefined {
  const body = text.endsWith('.') ? text.slice(0, -1) : text;
  if (!body.includes('%') && body.length > 253) {
    return { kind: 'domain-invalid', start: at, end: at + text.length, detail: `the name is ${body.length} characters long; a domain name has at most 253` };
  }
  let from = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i < body.length && body[i] !== '.') continue;
    const label = body.slice(from, i);
    if (!label.includes('%') && !label.includes('{') && !label.includes('}')) {
      if (label === '') return { kind: 'domain-invalid', start: at + Math.max(0, from - 1), end: at + Math.min(text.length, i + 1), detail: `'${text}' has an empty label (two dots in a row, or a dot at the start)` };
      if (label.length > 63) return { kind: 'domain-invalid', start: at + from, end: at + i, detail: `the label '${label.slice(0, 20)}...' is ${label.length} characters long; a label has at most 63` };
    }
    from = i + 1;
  }
  return undefined;
}

// ---- addresses -------------------------------------------------------------------------------

/** The four octets of a dotted quad without leading zeros, or undefined. */
export function parseIp4(text: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const octets: number[] = [];
  for (let i = 1; i <= 4; i++) {
    const s = m[i];
    if (s.length > 1 && s[0] === '0') return undefined;
    const n = Number(s);
    if (n > 255) return undefined;
    octets.push(n);
  }
  return octets;
}

/** A dotted quad whose only fault is leading zeros, written without them; undefined otherwise. */
function withoutLeadingZeros(text: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((n) => n > 255)) return undefined;
  const fixed = parts.join('.');
  return fixed !== text ? fixed : undefined;
}

/** The eight 16-bit groups of an IPv6 address (RFC 4291 §2.2 text forms), or undefined. */
export function parseIp6(text: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIp4(p);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(p)) return undefined;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return undefined;
  // An embedded IPv4 address may only end the address.
  if (halves.length === 2 && halves[0].includes('.')) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** The network of `octets`/`length` as text when host bits are set, else undefined. */
function ip4Network(octets: number[], length: number): string | undefined {
  const value = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  const network = (value & mask) >>> 0;
  if (network === value) return undefined;
  return [network >>> 24, (network >>> 16) & 255, (network >>> 8) & 255, network & 255].join('.');
}

function ip6Network(groups: number[], length: number): string | undefined {
  const out = groups.slice();
  let changed = false;
  for (let g = 0; g < 8; g++) {
    const keep = Math.max(0, Math.min(16, length - g * 16));
    const mask = keep === 0 ? 0 : (0xffff << (16 - keep)) & 0xffff;
    const v = out[g] & mask;
    if (v !== out[g]) changed = true;
    out[g] = v;
  }
  return changed ? formatIPv6(out) : undefined;
}

// ---- names -----------------------------------------------------------------------------------

/** The candidate a typo was most likely meant to be, or undefined when none is close. */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (w.length < 2) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c, true);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  const allowed = Math.max(1, Math.floor(Math.max(w.length, best?.length ?? 0) / 3));
  return bestDistance <= allowed && bestDistance < w.length ? best : undefined;
}
