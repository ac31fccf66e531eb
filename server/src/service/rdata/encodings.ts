// Hex, base64 and base32hex (RFC 4648) as used in RDATA presentation form.

const HEX_DIGITS = '0123456789abcdef';
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE32HEX_ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** Value of one hex digit, or -1. */
export function hexDigitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_DIGITS[bytes[i] >> 4] + HEX_DIGITS[bytes[i] & 15];
  return s;
}

/** Octets of a string of hex digits (even length, digits only), or undefined. */
export function hexToBytes(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexDigitValue(hex.charCodeAt(2 * i));
    const lo = hexDigitValue(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/**
 * The octets that `width`-bit characters [0, end) of `text` pack into (base64: 6, base32hex: 5),
 * with the bits left over after the last whole octet; or the index of the first character
 * `valueOf` rejects.
 */
function unpackBits(text: string, end: number, width: number, valueOf: (c: number) => number): { bytes: Uint8Array; rest: number; restBits: number } | number {
  const out = new Uint8Array(Math.floor((end * width) / 8));
  let bits = 0;
  let bitCount = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const v = valueOf(text.charCodeAt(i));
    if (v < 0) return i;
    bits = ((bits << width) | v) & 0xffffff;
    bitCount += width;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[o++] = (bits >> bitCount) & 0xff;
    }
  }
  return { bytes: out, rest: bits & ((1 << bitCount) - 1), restBits: bitCount };
}

function base64Value(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (c === 0x2b) return 62;
  if (c === 0x2f) return 63;
  return -1;
}

export interface Base64Fault {
  /** Offset of the offending character in the text, or -1 when the fault is the length. */
  offset: number;
  message: string;
}

/** Decode base64 with padding, strictly: the alphabet, padding only at the end, unused bits zero. */
export function decodeBase64(text: string): Uint8Array | Base64Fault {
  if (text.length % 4 !== 0) {
    return { offset: -1, message: `has ${text.length} characters; base64 comes in groups of four (pad the last group with '=')` };
  }
  let padding = 0;
  if (text.endsWith('==')) padding = 2;
  else if (text.endsWith('=')) padding = 1;
  const body = text.length - padding;
  const unpacked = unpackBits(text, body, 6, base64Value);
  if (typeof unpacked === 'number') {
    return { offset: unpacked, message: `'${text[unpacked]}' is not a base64 character (A-Z, a-z, 0-9, '+', '/', '=' at the end)` };
  }
  if (unpacked.rest !== 0) {
    return { offset: body - 1, message: `'${text[body - 1]}' before the padding leaves bits set that the padding drops; the last group is not canonical base64` };
  }
  return unpacked.bytes;
}

/**
 * Base64 without its padding, decoded as lenient readers (DKIM verifiers) do: bits a last
 * character has over are dropped. Undefined for a character outside the alphabet or a length
 * of 4n+1, which no octets can make.
 */
export function decodeBase64Lenient(body: string): Uint8Array | undefined {
  if (body.length % 4 === 1) return undefined;
  const unpacked = unpackBits(body, body.length, 6, base64Value);
  return typeof unpacked === 'number' ? undefined : unpacked.bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += BASE64_ALPHABET[n >> 18] + BASE64_ALPHABET[(n >> 12) & 63] + BASE64_ALPHABET[(n >> 6) & 63] + BASE64_ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    s += BASE64_ALPHABET[n >> 18] + BASE64_ALPHABET[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    s += BASE64_ALPHABET[n >> 18] + BASE64_ALPHABET[(n >> 12) & 63] + BASE64_ALPHABET[(n >> 6) & 63] + '=';
  }
  return s;
}

function base32HexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x76) return lower - 0x61 + 10;
  return -1;
}

/** Decode unpadded base32hex (NSEC3 hashes); undefined when a character or the length is wrong. */
export function decodeBase32Hex(text: string): Uint8Array | undefined {
  // Lengths whose trailing bits cannot form whole octets are invalid without padding.
  const rem = text.length % 8;
  if (rem === 1 || rem === 3 || rem === 6) return undefined;
  const unpacked = unpackBits(text, text.length, 5, base32HexValue);
  if (typeof unpacked === 'number' || unpacked.rest !== 0) return undefined;
  return unpacked.bytes;
}

export function encodeBase32Hex(bytes: Uint8Array): string {
  let s = '';
  let bits = 0;
  let bitCount = 0;
  for (let i = 0; i < bytes.length; i++) {
    bits = ((bits << 8) | bytes[i]) & 0xffff;
    bitCount += 8;
    while (bitCount >= 5) {
      bitCount -= 5;
      s += BASE32HEX_ALPHABET[(bits >> bitCount) & 31];
    }
  }
  if (bitCount > 0) s += BASE32HEX_ALPHABET[(bits << (5 - bitCount)) & 31];
  return s;
}
