// DMARC policy records (RFC 7489, RFC 9989) read from their joined TXT value: the tags, the
// policies they ask for and the report URIs, each with its position in the value so a rule can
// map it back to the file.
import { parseTagList, type TagSpec } from './tagList';
import { editDistance } from '../editDistance';
export { editDistance };

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

/** Tags RFC 9989 defines. */
export const DMARC_CURRENT_TAGS: readonly string[] = ['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'rua', 'ruf', 'fo', 'psd', 't'];
/** Tags of RFC 7489 that RFC 9989 removed. */
export const DMARC_REMOVED_TAGS: readonly string[] = ['pct', 'rf', 'ri'];
export const DMARC_KNOWN_TAGS: readonly string[] = [...DMARC_CURRENT_TAGS, ...DMARC_REMOVED_TAGS];
const KNOWN = new Set(DMARC_KNOWN_TAGS);

export function isKnownDmarcTag(name: string): boolean {
  return KNOWN.has(name.toLowerCase());
}

export interface DmarcRecord {
  value: string;
  tags: TagSpec[];
  /** The first tag, when it is `v` (in any case). */
  version: TagSpec | undefined;
  /** The first tag is v with exactly the value DMARC1. */
  versionExact: boolean;
  /** The v tag with the value DMARC1 in any case, wherever it is: the record is meant as DMARC. */
  versionTag: TagSpec | undefined;
  /** First occurrence of a tag, by name in any case. */
  tag(name: string): TagSpec | undefined;
  /** The valid policies of p, sp and np (undefined when absent or invalid). */
  p: DmarcPolicy | undefined;
  sp: DmarcPolicy | undefined;
  np: DmarcPolicy | undefined;
  /** t=y: testing, receivers apply the next milder policy. */
  testing: boolean;
  /** pct as a number when it is a whole number 0-100. */
  pct: number | undefined;
}

export function policyOf(value: string): DmarcPolicy | undefined {
  const v = value.toLowerCase();
  return v === 'none' || v === 'quarantine' || v === 'reject' ? v : undefined;
}

export function readDmarc(value: string): DmarcRecord {
  const { tags } = parseTagList(value);
  const first = new Map<string, TagSpec>();
  for (const t of tags) {
    if (!t.hasEquals) continue;
    const key = t.name.toLowerCase();
    if (!first.has(key)) first.set(key, t);
  }
  const head = tags[0];
  const version = head && head.hasEquals && head.name.toLowerCase() === 'v' ? head : undefined;
  const pctTag = first.get('pct');
  const pct = pctTag && /^\d{1,3}$/.test(pctTag.value) && Number(pctTag.value) <= 100 ? Number(pctTag.value) : undefined;
  const policy = (name: string) => {
    const t = first.get(name);
    return t ? policyOf(t.value) : undefined;
  };
  return {
    value,
    tags,
    version,
    versionExact: version !== undefined && version.value === 'DMARC1',
    versionTag: tags.find((t) => t.hasEquals && t.name.toLowerCase() === 'v' && t.value.toLowerCase() === 'dmarc1'),
    tag: (name) => first.get(name.toLowerCase()),
    p: policy('p'),
    sp: policy('sp'),
    np: policy('np'),
    testing: (first.get('t')?.value ?? '').toLowerCase() === 'y',
    pct,
  };
}

/** True when receivers act on failing mail: quarantine or reject, not in testing mode, for all of it. */
export function isEnforcing(record: DmarcRecord, policy: DmarcPolicy | undefined): boolean {
  return (policy === 'quarantine' || policy === 'reject') && !record.testing && (record.pct === undefined || record.pct === 100);
}

export interface TagValueRule {
  /** The values in words, for a message. */
  allowed: string;
  /** Single values a misspelling may be meant as. */
  choices: readonly string[];
  /** Words written for a value, by the value they mean (relaxed for r). */
  aliases?: Readonly<Record<string, string>>;
  valid(value: string): boolean;
  /** What a receiver does with an invalid value. */
  consequence: string;
}

const POLICY_VALUE = /^(none|quarantine|reject)$/i;

/** The tags whose values are checked, with what receivers do when a value is not valid. */
export const DMARC_VALUE_RULES: Readonly<Record<string, TagValueRule>> = {
  p: {
    allowed: 'none, quarantine or reject',
    choices: ['none', 'quarantine', 'reject'],
    valid: (v) => POLICY_VALUE.test(v),
    consequence:
      'receivers cannot read the policy: under RFC 7489 they fall back to p=none when rua holds a valid address and otherwise ignore the record, so failing mail is delivered as if there were no policy',
  },
  sp: {
    allowed: 'none, quarantine or reject',
    choices: ['none', 'quarantine', 'reject'],
    valid: (v) => POLICY_VALUE.test(v),
    consequence: 'RFC 7489 receivers then treat the whole record as p=none (or ignore it), and RFC 9989 receivers apply p to subdomains instead',
  },
  np: {
    allowed: 'none, quarantine or reject',
    choices: ['none', 'quarantine', 'reject'],
    valid: (v) => POLICY_VALUE.test(v),
    consequence: 'receivers ignore it and apply sp (or p) to subdomains that do not exist',
  },
  adkim: {
    allowed: 'r (relaxed) or s (strict)',
    choices: ['r', 's'],
    aliases: { relaxed: 'r', strict: 's' },
    valid: (v) => /^[rs]$/i.test(v),
    consequence: 'receivers ignore it and use relaxed DKIM alignment',
  },
  aspf: {
    allowed: 'r (relaxed) or s (strict)',
    choices: ['r', 's'],
    aliases: { relaxed: 'r', strict: 's' },
    valid: (v) => /^[rs]$/i.test(v),
    consequence: 'receivers ignore it and use relaxed SPF alignment',
  },
  fo: {
    allowed: "0, 1, d or s, several joined with ':' (for example 1:d)",
    choices: ['0', '1', 'd', 's'],
    valid: (v) => /^[01ds](?:[ \t]*:[ \t]*[01ds])*$/i.test(v),
    consequence: 'receivers ignore it and send failure reports only when both SPF and DKIM fail (fo=0)',
  },
  psd: {
    allowed: 'y, n or u',
    choices: ['y', 'n', 'u'],
    aliases: { yes: 'y', no: 'n', true: 'y', false: 'n' },
    valid: (v) => /^[ynu]$/i.test(v),
    consequence: 'receivers ignore it (psd=u) when they look for the organizational domain',
  },
  t: {
    allowed: 'y or n',
    choices: ['y', 'n'],
    aliases: { yes: 'y', no: 'n', true: 'y', false: 'n' },
    valid: (v) => /^[yn]$/i.test(v),
    consequence: 'receivers ignore it and apply the policy as written (t=n)',
  },
};

export interface DmarcUri {
  /** The item as written, [start, end) in the joined value, blanks around it excluded. */
  text: string;
  start: number;
  end: number;
  /** The URI without its size suffix. */
  uri: string;
  uriEnd: number;
  /** The '!size' suffix, from the '!' on, if any. */
  size?: { text: string; start: number; valid: boolean };
  /** Scheme in lower case, when the URI has one. */
  scheme?: string;
  /** For mailto: the address after 'mailto:', [addressStart, uriEnd). */
  address?: string;
  addressStart?: number;
  /** For a valid mailto: address, the domain in lower case without a final dot. */
  domain?: string;
  domainStart?: number;
  domainEnd?: number;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const DOMAIN = new RegExp(`^${LABEL}(?:\\.${LABEL})+\\.?$`);
const LOCAL_PART = /^[^\s@<>"(),;:\\[\]]+$/;

/** The comma-separated URIs of a rua, ruf (DMARC) or rua (TLS-RPT) value, with positions in the joined value. */
const urisOfTag = new WeakMap<TagSpec, DmarcUri[]>();

export function reportUris(tag: TagSpec): DmarcUri[] {
  let out = urisOfTag.get(tag);
  if (out) return out;
  out = [];
  urisOfTag.set(tag, out);
  const value = tag.value;
  if (value === '') return out;
  let pos = 0;
  for (const piece of value.split(',')) {
    let s = 0;
    let e = piece.length;
    while (s < e && /[ \t\r\n]/.test(piece[s])) s++;
    while (e > s && /[ \t\r\n]/.test(piece[e - 1])) e--;
    out.push(readUri(piece.slice(s, e), tag.valueStart + pos + s));
    pos += piece.length + 1;
  }
  return out;
}

function readUri(text: string, start: number): DmarcUri {
  const bang = text.lastIndexOf('!');
  const uri = bang >= 0 ? text.slice(0, bang) : text;
  const item: DmarcUri = { text, start, end: start + text.length, uri, uriEnd: start + uri.length };
  if (bang >= 0) item.size = { text: text.slice(bang), start: start + bang, valid: /^!\d+[kmgt]?$/i.test(text.slice(bang)) };
  const scheme = SCHEME.exec(uri);
  if (!scheme) return item;
  item.scheme = scheme[1].toLowerCase();
  if (item.scheme !== 'mailto') return item;
  const address = uri.slice(scheme[0].length);
  item.address = address;
  item.addressStart = start + scheme[0].length;
  const query = address.indexOf('?');
  const mailbox = query >= 0 ? address.slice(0, query) : address;
  const at = mailbox.lastIndexOf('@');
  if (at > 0 && LOCAL_PART.test(mailbox.slice(0, at)) && DOMAIN.test(mailbox.slice(at + 1))) {
    const domain = mailbox.slice(at + 1).toLowerCase();
    item.domain = domain.endsWith('.') ? domain.slice(0, -1) : domain;
    item.domainStart = item.addressStart + at + 1;
    item.domainEnd = item.addressStart + mailbox.length;
  }
  return item;
}

/** True when the text reads as an e-mail address written without 'mailto:'. */
export function isBareAddress(text: string): boolean {
  const at = text.lastIndexOf('@');
  return at > 0 && LOCAL_PART.test(text.slice(0, at)) && DOMAIN.test(text.slice(at + 1));
}

/** Second-level labels under which country-code registries hand out names (co.uk, com.au, ...). */
const SECOND_LEVEL_SUFFIXES = new Set(['ac', 'co', 'com', 'edu', 'gob', 'go', 'gov', 'govt', 'gv', 'ltd', 'mil', 'ne', 'net', 'nhs', 'nic', 'or', 'org', 'plc', 'sch']);

/**
 * The organizational domain as far as it can be told without the public suffix list: the last
 * two labels, or three under a country code's second-level suffix such as co.uk.
 */
export function organizationalDomainGuess(name: string): string {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const tld = labels[labels.length - 1];
  const second = labels[labels.length - 2];
  const n = tld.length === 2 && SECOND_LEVEL_SUFFIXES.has(second) ? 3 : 2;
  return labels.slice(-n).join('.');
}

/** The valid value a faulty one was probably meant as: a word for it (relaxed for r) or a close misspelling. */
export function meantValue(rule: TagValueRule, value: string): string | undefined {
  const word = value.replace(/[;,.]+$/, '');
  const alias = rule.aliases?.[word.toLowerCase()];
  if (alias) return alias;
  if (word !== value && rule.valid(word)) return word;
  // Single letters are all one edit apart: only longer words are matched by spelling.
  return word.length >= 3 ? closestWord(word, rule.choices) : undefined;
}

/** The candidate closest to `word` (case ignored), when it is close enough to be a likely typo. */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance > 0 && bestDistance <= Math.max(1, Math.floor(w.length / 3)) ? best : undefined;
}
