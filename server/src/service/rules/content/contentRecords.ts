// The records the content rules read, gathered in one pass over the zone and shared by every
// content rule of the same lint, plus the TXT helpers those rules have in common.
import { decodeText, textValue } from '../../zone/text';
import { TokenKind, type RdataField, type Token, type ZoneRecord } from '../../zone/types';
import type { RuleInfo } from '../ruleInfo';
import { perLint, type Report, type Rule, type ZoneIndex } from '../rule';

/** What a TXT record's tokens show at a glance: each rule skips records without the trait its fault needs. */
export const enum TextTraits {
  /** Two or more strings, none quoted. */
  UnquotedWords = 1,
  /** The last string is not quoted. */
  LastUnquoted = 2,
  /** The first string begins with v, V, k or K, as every mail record's version or key tag does. */
  MailStart = 4,
  /** Two or more strings, one of them quoted, whose text may begin with v=spf1 or v=DMARC1. */
  MaySplitTerm = 8,
  /** The first string is quoted and begins with a blank. */
  LeadingBlank = 16,
  /** Escapes, non-ASCII text or generic RDATA: rules examine the record in full. */
  Complex = 32,
  /** Every trait that makes a rule look at the record. */
  All = 63,
  /** The record is an SPF record, not a TXT. */
  Spf = 64,
  /** The owner is a wildcard (*.). */
  Wildcard = 128,
}

export const enum TextForm {
  /** One string without escapes (not generated): its text as written, at textRdataStarts, is its value. */
  SinglePlain = 1,
}

export interface CaaRecord {
  record: ZoneRecord;
  flags: string | number | undefined;
  tag: string | number | undefined;
  value: string | number | undefined;
  /** The tag in lower case, when it is a string. */
  tagKey: string | undefined;
}

export interface ContentRecords {
  /** TXT and SPF records whose RDATA parsed, in file order. */
  texts: ZoneRecord[];
  /** For each of `texts`, the TextTraits that tell which rules need to look at it. */
  textTraits: Uint8Array;
  /** For each of `texts`, the octets of its RDATA on the wire. */
  textOctets: Int32Array;
  /** For each of `texts`, a 30-bit hash of its owner in lower case. */
  textOwnerHashes: Int32Array;
  /**
   * For each of `texts` not generated, the span of its strings in the file, from the first
   * string's start to the last one's end (quotes included); -1 for generated records. Records
   * whose strings read the same there have the same value.
   */
  textRdataStarts: Int32Array;
  textRdataEnds: Int32Array;
  /** For each of `texts`, TextForm bits. */
  textForms: Uint8Array;
  caa: CaaRecord[];
  /** DS and CDS records. */
  delegationSigners: ZoneRecord[];
  /** DNSKEY and CDNSKEY records. */
  keys: ZoneRecord[];
  /** The lint's clock as a signature timestamp (YYYYMMDDHHmmSS). */
  signatureNow: string;
  /** RRSIGs whose expiration is before signatureNow. */
  expiredSignatures: ZoneRecord[];
  /** RRSIGs whose inception is after signatureNow. */
  futureSignatures: ZoneRecord[];
  nsec3: ZoneRecord[];
  nsec3params: ZoneRecord[];
  /** MX records, fields not read. */
  mx: ZoneRecord[];
  /** CNAME records, fields not read. */
  cnames: ZoneRecord[];
  /** TLSA records, fields not read. */
  tlsa: ZoneRecord[];
  /** For each of `tlsa`, its index in zone.parsed.records. */
  tlsaOrders: Int32Array;
  /** The zone holds a DNSKEY or an RRSIG record (parsed or not). */
  signed: boolean;
}


/** Unix seconds as the 14-digit YYYYMMDDHHmmSS form RRSIG fields use, so times compare as strings. */
export function signatureTimestamp(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function fieldValue(fields: readonly RdataField[], name: string): string | number | undefined {
  for (let i = 0; i < fields.length; i++) if (fields[i].name === name) return fields[i].value;
  return undefined;
}

/** A backslash or a character above '~': the string may decode to other text than it is written as. */
const NOT_PLAIN = /[\\\u007f-\uffff]/;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Traits and wire size of a TXT record from its tokens alone; false when a string has escapes,
 * non-ASCII text or more than 255 characters. Other strings are their own decoded value and
 * always parse, so the record's fields need not be parsed to know either.
 */
function plainTextSummary(tokens: readonly Token[], out: { traits: number; octets: number }): boolean {
  if (tokens.length === 0) return false;
  let octets = 0;
  let quoted = 0;
  for (let i = 0; i < tokens.length; i++) {
    const text = tokens[i].text;
    if (text.length > 255 || NOT_PLAIN.test(text)) return false;
    octets += 1 + text.length;
    if (tokens[i].kind === TokenKind.Quoted) quoted++;
  }
  const first = tokens[0];
  const c = first.text.charCodeAt(0);
  let traits = 0;
  if (tokens.length > 1 && quoted === 0) traits |= TextTraits.UnquotedWords;
  if (tokens[tokens.length - 1].kind === TokenKind.Word) traits |= TextTraits.LastUnquoted;
  if (c === 0x76 || c === 0x56 || c === 0x6b || c === 0x4b) traits |= TextTraits.MailStart;
  if (tokens.length > 1 && quoted > 0 && (c === 0x76 || c === 0x56)) {
    // The strings join into the text, so a first string of 8 or more characters shows its head.
    const head = first.text.length >= 8 ? first.text.slice(0, 8).toLowerCase() : undefined;
    if (head === undefined || head.startsWith('v=spf1') || head === 'v=dmarc1') traits |= TextTraits.MaySplitTerm;
  }
  if (first.kind === TokenKind.Quoted && isBlank(c)) traits |= TextTraits.LeadingBlank;
  out.traits = traits;
  out.octets = octets;
  return true;
}

/** The content records of the zone; the first rule to ask pays for the one pass. */
export const contentRecords = perLint((zone): ContentRecords => {
  const now = signatureTimestamp(zone.options.now ?? Date.now() / 1000);
  const found: ContentRecords = {
    texts: [],
    textTraits: new Uint8Array(0),
    textOctets: new Int32Array(0),
    textOwnerHashes: new Int32Array(0),
    textRdataStarts: new Int32Array(0),
    textRdataEnds: new Int32Array(0),
    textForms: new Uint8Array(0),
    caa: [],
    delegationSigners: [],
    keys: [],
    signatureNow: now,
    expiredSignatures: [],
    futureSignatures: [],
    nsec3: [],
    nsec3params: [],
    mx: [],
    cnames: [],
    tlsa: [],
    tlsaOrders: new Int32Array(0),
    signed: false,
  };
  const summary = { traits: 0, octets: 0 };
  // Typed arrays: numbers for a hundred thousand TXT records cost the garbage collector nothing.
  let traitsOf = new Uint8Array(1024);
  let octetsOf = new Int32Array(1024);
  let hashesOf = new Int32Array(1024);
  let rdataStarts = new Int32Array(1024);
  let rdataEnds = new Int32Array(1024);
  let forms = new Uint8Array(1024);
  let tlsaOrders = new Int32Array(256);
  const caaValues = new Map<string, string>();
  const records = zone.parsed.records;
  // Only records of the types listed here are ever parsed: fields are re-parsed on each access.
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    switch (r.type) {
      case 'TXT':
      case 'SPF': {
        const tokens = r.rdata;
        let traits: number;
        let octets: number;
        let form = 0;
        if (!r.generic && plainTextSummary(tokens, summary)) {
          traits = summary.traits;
          octets = summary.octets;
          if (tokens.length === 1) form = TextForm.SinglePlain;
        } else {
          if (!r.fields) break;
          traits = TextTraits.All;
          octets = textOctets(textStrings(r, tokens));
        }
        // The owner is read here, while the record is at hand, rather than in a pass of its own.
        const owner = r.owner;
        if (r.type === 'SPF') traits |= TextTraits.Spf;
        if (owner.charCodeAt(0) === 0x2a && owner.charCodeAt(1) === 0x2e) traits |= TextTraits.Wildcard;
        const n = found.texts.push(r) - 1;
        if (n === traitsOf.length) {
          traitsOf = grown(traitsOf, new Uint8Array(n * 2));
          octetsOf = grown(octetsOf, new Int32Array(n * 2));
          hashesOf = grown(hashesOf, new Int32Array(n * 2));
          rdataStarts = grown(rdataStarts, new Int32Array(n * 2));
          rdataEnds = grown(rdataEnds, new Int32Array(n * 2));
          forms = grown(forms, new Uint8Array(n * 2));
        }
        traitsOf[n] = traits;
        octetsOf[n] = octets;
        hashesOf[n] = foldedHash(owner);
        // Spans of generated records are the directive's: they tell nothing of the strings.
        const spanned = !r.generated && tokens.length > 0;
        rdataStarts[n] = spanned ? tokens[0].start : -1;
        rdataEnds[n] = spanned ? tokens[tokens.length - 1].end : -1;
        forms[n] = spanned ? form : 0;
        break;
      }
      case 'CAA': {
        const fields = r.fields;
        if (!fields) break;
        const tag = fieldValue(fields, 'tag');
        let value = fieldValue(fields, 'value');
        if (typeof value === 'string') {
          // Zones repeat a few CA values: one string each, whose equality is then a pointer test.
          const known = caaValues.get(value);
          if (known === undefined) caaValues.set(value, value);
          else value = known;
        }
        found.caa.push({ record: r, flags: fieldValue(fields, 'flags'), tag, value, tagKey: typeof tag === 'string' ? tag.toLowerCase() : undefined });
        break;
      }
      case 'DS':
      case 'CDS':
        if (r.fields) found.delegationSigners.push(r);
        break;
      case 'MX':
        found.mx.push(r);
        break;
      case 'CNAME':
        found.cnames.push(r);
        break;
      case 'TLSA': {
        const n = found.tlsa.push(r) - 1;
        if (n === tlsaOrders.length) tlsaOrders = grown(tlsaOrders, new Int32Array(n * 2));
        tlsaOrders[n] = i;
        break;
      }
      case 'DNSKEY':
        found.signed = true;
        if (r.fields) found.keys.push(r);
        break;
      case 'CDNSKEY':
        if (r.fields) found.keys.push(r);
        break;
      case 'RRSIG': {
        found.signed = true;
        const fields = r.fields;
        if (!fields) break;
        const expiration = fieldValue(fields, 'expiration');
        const inception = fieldValue(fields, 'inception');
        if (typeof expiration === 'string' && expiration.length === 14 && expiration < now) found.expiredSignatures.push(r);
        if (typeof inception === 'string' && inception.length === 14 && inception > now) found.futureSignatures.push(r);
        break;
      }
      case 'NSEC3':
        if (r.fields) found.nsec3.push(r);
        break;
      case 'NSEC3PARAM':
        if (r.fields) found.nsec3params.push(r);
        break;
    }
  }
  const count = found.texts.length;
  found.textTraits = traitsOf.subarray(0, count);
  found.textOctets = octetsOf.subarray(0, count);
  found.textOwnerHashes = hashesOf.subarray(0, count);
  found.textRdataStarts = rdataStarts.subarray(0, count);
  found.textRdataEnds = rdataEnds.subarray(0, count);
  found.textForms = forms.subarray(0, count);
  found.tlsaOrders = tlsaOrders.subarray(0, found.tlsa.length);
  return found;
});

function grown<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** 30-bit FNV-1a hash of name.toLowerCase(), ASCII folded in place. */
function foldedHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    // Beyond ASCII, toLowerCase has rules of its own: hash its result instead.
    if (c > 0x7f) return rawHash(name.toLowerCase());
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 2;
}

function rawHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 2;
}

const utf8 = new TextEncoder();

function octets(value: string): number {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return utf8.encode(value).length;
  return value.length;
}

/** Octets of a TXT record's RDATA on the wire: each string with its length octet. */
function textOctets(strings: readonly TextString[]): number {
  let n = 0;
  for (const s of strings) n += 1 + octets(s.value);
  return n;
}

export function defineRule(info: RuleInfo, check: (zone: ZoneIndex, report: Report) => void): Rule {
  return { ...info, check };
}

/** One character-string of a TXT record: the token as written and its decoded text. */
export interface TextString {
  token: Token;
  value: string;
}

/** The character-strings of a TXT/SPF record, each with its token. */
export function textStrings(record: ZoneRecord, tokens: readonly Token[] = record.rdata): TextString[] {
  const fields = record.fields;
  const out: TextString[] = new Array(tokens.length);
  const fieldsMatch = fields !== undefined && fields.length === tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    const value = fieldsMatch ? fields[i].value : undefined;
    out[i] = { token: tokens[i], value: typeof value === 'string' ? value : textValue(decodeText(tokens[i].text).bytes) };
  }
  return out;
}

/** textStrings for a record of `texts`: a record without TextTraits.Complex has its tokens' text as values. */
export function textStringsOf(record: ZoneRecord, tokens: readonly Token[], traits: number): TextString[] {
  if (traits & TextTraits.Complex) return textStrings(record, tokens);
  const out: TextString[] = new Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) out[i] = { token: tokens[i], value: tokens[i].text };
  return out;
}

export function joinedText(strings: readonly TextString[]): string {
  if (strings.length === 1) return strings[0].value;
  let s = '';
  for (const t of strings) s += t.value;
  return s;
}

/** Offset in the file of the first character inside a token (after an opening quote). */
export function contentStart(token: Token): number {
  return token.kind === TokenKind.Quoted ? token.start + 1 : token.start;
}

/** Offset in the file just after the last character inside a token (before a closing quote). */
export function contentEnd(token: Token): number {
  return token.kind === TokenKind.Quoted ? token.end - 1 : token.end;
}

export type MailRecordKind = 'spf' | 'dmarc' | 'dkim' | 'mta-sts' | 'tls-rpt' | 'bimi';

export const MAIL_RECORD_NAMES: Record<MailRecordKind, string> = {
  spf: 'SPF',
  dmarc: 'DMARC',
  dkim: 'DKIM',
  'mta-sts': 'MTA-STS',
  'tls-rpt': 'TLS-RPT',
  bimi: 'BIMI',
};

const VERSION_TAGS: readonly [string, MailRecordKind][] = [
  ['v=spf1', 'spf'],
  ['v=dmarc1', 'dmarc'],
  ['v=dkim1', 'dkim'],
  ['v=stsv1', 'mta-sts'],
  ['v=tlsrptv1', 'tls-rpt'],
  ['v=bimi1', 'bimi'],
];

/** True when `text` starts with `tag` (lower-case ASCII) in any ASCII case. */
function startsWithFolded(text: string, tag: string): boolean {
  if (text.length < tag.length) return false;
  for (let i = 0; i < tag.length; i++) if ((text.charCodeAt(i) | (isUpper(text.charCodeAt(i)) ? 0x20 : 0)) !== tag.charCodeAt(i)) return false;
  return true;
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/**
 * mailKindOfText for a text whose first 12 characters are ASCII, with a version tag: read in
 * place, where the general form lower-cases a copy of the head for each record.
 */
function versionKindOfAscii(text: string): MailRecordKind | undefined {
  for (const [tag, kind] of VERSION_TAGS) {
    if (startsWithFolded(text, tag)) {
      const next = tag.length < text.length ? text.charCodeAt(tag.length) : NaN;
      if (Number.isNaN(next) || next === 0x20 || next === 0x09 || (kind !== 'spf' && next === 0x3b)) return kind;
      return undefined;
    }
  }
  return undefined;
}

function asciiHead(text: string): boolean {
  const n = Math.min(text.length, 12);
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The mail protocol whose version tag (or DKIM key tag) the text starts with, if any. */
export function mailKindOfText(text: string): MailRecordKind | undefined {
  const c = text.charCodeAt(0);
  // Cheap exit: every mail record starts with 'v' or, for DKIM keys without v=, 'k'.
  if (c !== 0x76 && c !== 0x56 && c !== 0x6b && c !== 0x4b) return undefined;
  // Beyond ASCII, lower-casing has rules of its own (a Kelvin sign becomes 'k'): the copy below reads those.
  if ((c === 0x76 || c === 0x56) && asciiHead(text)) return versionKindOfAscii(text);
  const head = text.slice(0, 12).toLowerCase();
  for (const [tag, kind] of VERSION_TAGS) {
    if (head.startsWith(tag)) {
      const next = head.charCodeAt(tag.length);
      // SPF needs a space or the end after the version; the tag-list protocols a ';' too.
      if (Number.isNaN(next) || next === 0x20 || next === 0x09 || (kind !== 'spf' && next === 0x3b)) return kind;
      return undefined;
    }
  }
  if (/^k=(rsa|ed25519)\s*(;|$)/.test(head)) return 'dkim';
  return undefined;
}

/** The mail protocol a TXT at this owner serves by its name (_dmarc, _domainkey, ...), if any. */
export function mailKindOfOwner(owner: string): MailRecordKind | undefined {
  if (!owner.includes('_')) return undefined;
  // As if read in '.' + the owner: a label at the start or after a dot.
  const lower = owner.toLowerCase();
  if (lower.startsWith('_dmarc.')) return 'dmarc';
  if (lower.startsWith('_mta-sts.')) return 'mta-sts';
  if (lower.startsWith('_smtp._tls.')) return 'tls-rpt';
  if (lower.startsWith('_domainkey.') || lower.includes('._domainkey.')) return 'dkim';
  if (lower.startsWith('_bimi.') || lower.includes('._bimi.')) return 'bimi';
  return undefined;
}

/** Text as the user wrote it, shortened for a message. */
export function shorten(text: string, max = 40): string {
  return text.length <= max ? text : text.slice(0, max - 3) + '...';
}
