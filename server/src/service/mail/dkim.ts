// DKIM key records (RFC 6376 §3.6.1, RFC 8301, RFC 8463): the tags of a key record and the
// public key its p= tag carries, decoded far enough to tell the key type and size. Offsets are
// indexes into the joined TXT value, as tagList gives them.
import { parseTagList, type TagList, type TagSpec } from './tagList';
import { decodeBase64Lenient, encodeBase64 } from '../rdata/encodings';
import { DER_BIT_STRING, DER_INTEGER, DER_OID, DER_SEQUENCE, derChildren, derOid, readDer, type DerElement } from '../rdata/der';

/** The tags RFC 6376 §3.6.1 defines for key records. Tag names are case-sensitive. */
export const DKIM_KEY_TAGS: readonly string[] = ['v', 'h', 'k', 'n', 'p', 's', 't'];
const KNOWN_TAGS: ReadonlySet<string> = new Set(DKIM_KEY_TAGS);

export interface DkimKeyRecord {
  tagList: TagList;
  /** The first element of each tag name, as written (case kept). */
  first: Map<string, TagSpec>;
  /** Elements whose tag name came earlier in the record. */
  duplicates: TagSpec[];
  /** Elements with a name but no '='. */
  bare: TagSpec[];
  /** Elements whose names are not key record tags (bare elements excluded). */
  unknown: TagSpec[];
  version?: TagSpec;
  key?: TagSpec;
  keyType?: TagSpec;
  hashes?: TagSpec;
  services?: TagSpec;
  flags?: TagSpec;
}

/** Reads the tags of a key record's joined value. */
export function readDkimKeyRecord(value: string): DkimKeyRecord {
  const tagList = parseTagList(value);
  const first = new Map<string, TagSpec>();
  const duplicates: TagSpec[] = [];
  const bare: TagSpec[] = [];
  const unknown: TagSpec[] = [];
  for (const tag of tagList.tags) {
    if (!tag.hasEquals) {
      bare.push(tag);
      continue;
    }
    if (first.has(tag.name)) duplicates.push(tag);
    else first.set(tag.name, tag);
    if (!KNOWN_TAGS.has(tag.name)) unknown.push(tag);
  }
  return {
    tagList,
    first,
    duplicates,
    bare,
    unknown,
    version: first.get('v'),
    key: first.get('p'),
    keyType: first.get('k'),
    hashes: first.get('h'),
    services: first.get('s'),
    flags: first.get('t'),
  };
}

/** The colon-separated items of h=, s= and t= values, trimmed of blanks. */
export function tagValueList(value: string): string[] {
  return value.split(':').map((v) => v.replace(/[ \t\r\n]+/g, ''));
}

// ---- p=: base64 ---------------------------------------------------------------------------------

/** A range of the p= value, [start, end) as indexes into the value. */
export interface ValueRange {
  start: number;
  end: number;
}

export type KeyDataFault =
  /** PEM armour (-----BEGIN PUBLIC KEY-----) around the key; `strip` are the ranges to remove. */
  | { kind: 'armour'; ranges: ValueRange[]; strip: ValueRange[]; restValid: boolean }
  /** Quote characters inside the value; `ranges` are the quotes. */
  | { kind: 'quotes'; ranges: ValueRange[]; restValid: boolean }
  /** A character outside the base64 alphabet. */
  | { kind: 'character'; ranges: ValueRange[]; character: string; placeholder: boolean }
  /** Padding in the middle (`padding`), or a length no base64 text can have; `characters` counts the non-blank ones. */
  | { kind: 'length'; ranges: ValueRange[]; characters: number; padding: boolean };

export interface KeyData {
  /** The decoded octets; undefined when the value is not base64. */
  bytes?: Uint8Array;
  fault?: KeyDataFault;
}

function isFws(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function isBase64Char(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
}

const QUOTES = /["'\u2018\u2019\u201c\u201d]/g;
const ARMOUR = /-----(?:BEGIN|END)[A-Z0-9 ]*-----/g;
const PLACEHOLDER = /<[^<>]*>|\{[^{}]*\}|\[[^[\]]*\]|%[A-Za-z_]+%/;

/**
 * The base64 text without blanks (FWS may stand anywhere in p=, RFC 6376 §3.6.1), decoded as
 * verifiers decode it: missing final padding is supplied and the bits a last character has
 * over are dropped. Undefined when it is not base64 (a length of 4n+1, misplaced padding).
 */
function decodeLenient(value: string): Uint8Array | undefined {
  let text = '';
  for (let i = 0; i < value.length; i++) if (!isFws(value.charCodeAt(i))) text += value[i];
  const body = text.replace(/=+$/, '');
  if (text.length - body.length > 2 || body.includes('=')) return undefined;
  return decodeBase64Lenient(body);
}

/** The p= value decoded from base64, or what keeps it from decoding. */
export function decodeKeyData(value: string): KeyData {
  // PEM armour: copied from a .pem file with its first and last lines.
  ARMOUR.lastIndex = 0;
  const armour: ValueRange[] = [];
  for (let m = ARMOUR.exec(value); m; m = ARMOUR.exec(value)) armour.push({ start: m.index, end: m.index + m[0].length });
  if (armour.length > 0) {
    // Each marker goes with the blanks that separate it from the key.
    const strip = armour.map((r) => {
      let { start, end } = r;
      while (end < value.length && isFws(value.charCodeAt(end))) end++;
      if (end === value.length) while (start > 0 && isFws(value.charCodeAt(start - 1))) start--;
      return { start, end };
    });
    let rest = '';
    let at = 0;
    for (const r of strip) {
      rest += value.slice(at, r.start);
      at = r.end;
    }
    rest += value.slice(at);
    const bytes = rest.trim() === '' ? undefined : decodeLenient(rest);
    return { fault: { kind: 'armour', ranges: armour, strip, restValid: bytes !== undefined }, bytes };
  }
  QUOTES.lastIndex = 0;
  const quotes: ValueRange[] = [];
  for (let m = QUOTES.exec(value); m; m = QUOTES.exec(value)) quotes.push({ start: m.index, end: m.index + 1 });
  if (quotes.length > 0) {
    const rest = value.replace(QUOTES, '');
    const bytes = rest === '' ? undefined : decodeLenient(rest);
    return { fault: { kind: 'quotes', ranges: quotes, restValid: bytes !== undefined }, bytes };
  }
  const placeholder = PLACEHOLDER.exec(value);
  if (placeholder) {
    return { fault: { kind: 'character', ranges: [{ start: placeholder.index, end: placeholder.index + placeholder[0].length }], character: placeholder[0], placeholder: true } };
  }
  let count = 0;
  let firstPad = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isFws(c)) continue;
    if (c === 0x3d) {
      if (firstPad < 0) firstPad = i;
      count++;
      continue;
    }
    if (!isBase64Char(c)) {
      // A character and its UTF-16 partner count as one.
      const wide = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      return { fault: { kind: 'character', ranges: [{ start: i, end: i + wide }], character: value.slice(i, i + wide), placeholder: false } };
    }
    if (firstPad >= 0) return { fault: { kind: 'length', ranges: [{ start: firstPad, end: firstPad + 1 }], characters: value.replace(/[ \t\r\n]/g, '').length, padding: true } };
    count++;
  }
  const bytes = decodeLenient(value);
  if (!bytes) return { fault: { kind: 'length', ranges: [{ start: 0, end: value.length }], characters: count, padding: false } };
  return { bytes };
}

// ---- The key itself -------------------------------------------------------------------------

export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_ED25519 = '1.3.101.112';
const ALGORITHM_NAMES: Record<string, string> = {
  '1.2.840.10045.2.1': 'an elliptic-curve (ECDSA) key',
  '1.3.101.113': 'an Ed448 key',
  '1.2.840.10040.4.1': 'a DSA key',
  '1.2.840.113549.1.1.10': 'an RSASSA-PSS key',
};

export type KeyAnalysis =
  /** An RSA key: a SubjectPublicKeyInfo, or a bare RSAPublicKey (`bare`). */
  | { kind: 'rsa'; bits: number; bare: boolean }
  /** Raw Ed25519 key octets (RFC 8463 §4.2 publishes exactly 32). */
  | { kind: 'ed25519'; octets: number }
  /** An Ed25519 key wrapped in a SubjectPublicKeyInfo; `raw` are its 32 key octets. */
  | { kind: 'ed25519-spki'; raw: Uint8Array }
  /** A SubjectPublicKeyInfo of another algorithm. */
  | { kind: 'other-algorithm'; oid: string; name: string }
  /** Not a key structure these records hold; `octets` is the length of the data. */
  | { kind: 'invalid'; octets: number };

/** Number of significant bits of a DER INTEGER's contents (a positive one). */
function integerBits(bytes: Uint8Array, e: DerElement): number | undefined {
  let i = e.contentStart;
  if (i >= e.end || bytes[i] & 0x80) return undefined;
  while (i < e.end && bytes[i] === 0) i++;
  if (i === e.end) return 0;
  let top = bytes[i];
  let bits = 0;
  while (top) {
    bits++;
    top >>= 1;
  }
  return (e.end - i - 1) * 8 + bits;
}

/** The modulus size of an RSAPublicKey (SEQUENCE { modulus, publicExponent }) starting at `at` and filling [at, limit). */
function rsaPublicKeyBits(bytes: Uint8Array, at: number, limit: number): number | undefined {
  const seq = readDer(bytes, at, limit);
  if (!seq || seq.tag !== DER_SEQUENCE || seq.end !== limit) return undefined;
  const parts = derChildren(bytes, seq);
  if (!parts || parts.length !== 2 || parts[0].tag !== DER_INTEGER || parts[1].tag !== DER_INTEGER) return undefined;
  const bits = integerBits(bytes, parts[0]);
  const exponent = integerBits(bytes, parts[1]);
  return bits === undefined || !exponent ? undefined : bits;
}

/** The algorithm and key of a SubjectPublicKeyInfo filling `bytes`, or undefined when it is not one. */
function readSpki(bytes: Uint8Array): { oid: string; key: Uint8Array } | undefined {
  const outer = readDer(bytes, 0);
  if (!outer || outer.tag !== DER_SEQUENCE || outer.end !== bytes.length) return undefined;
  const parts = derChildren(bytes, outer);
  if (!parts || parts.length !== 2 || parts[0].tag !== DER_SEQUENCE || parts[1].tag !== DER_BIT_STRING) return undefined;
  const algorithm = derChildren(bytes, parts[0]);
  if (!algorithm || algorithm.length < 1 || algorithm[0].tag !== DER_OID) return undefined;
  const bitString = parts[1];
  // The first content octet counts the unused bits of the last octet: a key has none.
  if (bitString.contentStart >= bitString.end || bytes[bitString.contentStart] !== 0) return undefined;
  return { oid: derOid(bytes, algorithm[0]), key: bytes.subarray(bitString.contentStart + 1, bitString.end) };
}

/** What the decoded p= octets hold; `ed25519` says k=ed25519, where 32 raw octets are the key. */
export function analyseKey(bytes: Uint8Array, ed25519 = false): KeyAnalysis {
  if (ed25519 && bytes.length === 32) return { kind: 'ed25519', octets: 32 };
  const spki = readSpki(bytes);
  if (spki) {
    if (spki.oid === OID_RSA_ENCRYPTION) {
      const bits = rsaPublicKeyBits(spki.key, 0, spki.key.length);
      return bits === undefined ? { kind: 'invalid', octets: bytes.length } : { kind: 'rsa', bits, bare: false };
    }
    if (spki.oid === OID_ED25519) {
      return spki.key.length === 32 ? { kind: 'ed25519-spki', raw: spki.key } : { kind: 'invalid', octets: bytes.length };
    }
    return { kind: 'other-algorithm', oid: spki.oid, name: ALGORITHM_NAMES[spki.oid] ?? `a key of algorithm ${spki.oid}` };
  }
  const bare = rsaPublicKeyBits(bytes, 0, bytes.length);
  if (bare !== undefined) return { kind: 'rsa', bits: bare, bare: true };
  if (bytes.length === 32) return { kind: 'ed25519', octets: 32 };
  return { kind: 'invalid', octets: bytes.length };
}

/** The base64 text of raw key octets, as p= holds an Ed25519 key. */
export function keyText(bytes: Uint8Array): string {
  return encodeBase64(bytes);
}
