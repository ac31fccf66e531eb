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
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let bits = 0;
  let bitCount = 0;
  let o = 0;
  const body = text.length - padding;
  for (let i = 0; i < body; i++) {
    const v = base64Value(text.charCodeAt(i));
    if (v < 0) {
      return { offset: i, message: `'${text[i]}' is not a base64 character (A-Z, a-z, 0-9, '+', '/', '=' at the end)` };
    }
    bits = ((bits << 6) | v) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[o++] = (bits >> bitCount) & 0xff;
    }
  }
  if (bitCount > 0 && (bits & ((1 << bitCount) - 1)) !== 0) {
    return { offset: body - 1, message: `'${text[body - 1]}' before the padding leaves bits set that the padding drops; the last group is not canonical base64` };
  }
  return out;
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
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let bits = 0;
  let bitCount = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const v = base32HexValue(text.charCodeAt(i));
    if (v < 0) return undefined;
    bits = ((bits << 5) | v) & 0xffff;
    bitCount += 5;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[o++] = (bits >> bitCount) & 0xff;
    }
  }
  if (bitCount > 0 && (bits & ((1 << bitCount) - 1)) !== 0) return undefined;
  return out;
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
