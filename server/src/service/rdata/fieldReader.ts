// Reading RDATA tokens field by field: numbers, names, character-strings, hex and base64,
// each checked the way BIND checks it and reported at the characters at fault.
import { TokenKind, type RdataField, type Token } from '../zone/types';
import { parseName } from '../zone/names';
import { parseTtl } from '../zone/ttl';
import { decodeText, printText, textValue } from '../zone/text';
import type { RdataContext } from './types';
import { bytesToHex, decodeBase64, encodeBase64, hexDigitValue } from './encodings';

export const MAX_U8 = 255;
export const MAX_U16 = 65535;
export const MAX_U32 = 4294967295;

const MAX_CHARACTER_STRING = 255;

function isPlainAscii(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x5c || c > 0x7e || c < 0x20) return false;
  }
  return true;
}

/** Where the raw text of a token begins in the file (after the opening quote of a quoted string). */
export function rawStart(token: Token): number {
  return token.kind === TokenKind.Quoted ? token.start + 1 : token.start;
}

/** Value of a plain decimal number, or -1 when the text is not one (no sign, digits only). */
export function decimalValue(text: string): number {
  if (text.length === 0 || text.length > 15) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value;
}

/**
 * Seconds of a BIND TTL-style duration (3600, 1h, 1w2d3h4m5s): -1 for bad syntax, -2 when
 * above 2^32-1. The zone parser's TTL reader, in the shape field readers want.
 */
export function durationValue(text: string): number {
  const r = parseTtl(text);
  return 'value' in r ? r.value : r.tooLarge ? -2 : -1;
}

/** Reads the RDATA tokens of one record in order, reporting faults; `failed` is set by any fault. */
export class RdataReader {
  index = 0;
  failed = false;
  private reportedMissing = false;

  constructor(
    readonly tokens: readonly Token[],
    readonly ctx: RdataContext,
    /** The record layout for messages, e.g. "MX <preference> <exchange>". */
    readonly layout: string,
  ) {}

  get type(): string {
    const space = this.layout.indexOf(' ');
    return space < 0 ? this.layout : this.layout.slice(0, space);
  }

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  fault(code: string, message: string, start: number, end: number, data?: unknown): undefined {
    this.failed = true;
    this.ctx.report(code, message, start, end, data);
    return undefined;
  }

  /** `data` carries what a quick fix needs, such as `{ replacement }` for the token. */
  fieldFault(token: Token, message: string, data?: unknown): undefined {
    return this.fault('syntax-rdata-field', message, token.start, token.end, data);
  }

  /** Reports that the field called `label` is missing, at the end of the last token. */
  missing(label: string): undefined {
    // Only the first missing field is reported: the rest are missing for the same reason.
    if (this.reportedMissing) return undefined;
    this.reportedMissing = true;
    const last = this.tokens[this.tokens.length - 1];
    const at = last ? { start: last.end, end: last.end } : this.ctx.typeSpan ?? { start: 0, end: 0 };
    return this.fault('syntax-rdata-missing', `The ${label} is missing: write ${this.layout}.`, at.start, at.end);
  }

  /** The next token, or undefined after reporting the field as missing. */
  next(label: string): Token | undefined {
    const token = this.tokens[this.index];
    if (!token) return this.missing(label);
    this.index++;
    return token;
  }

  /** The next token, which must be a word (BIND takes no quoted string there). */
  nextWord(label: string): Token | undefined {
    const token = this.next(label);
    if (token && token.kind === TokenKind.Quoted) {
      return this.fieldFault(token, `The ${label} cannot be a quoted string: remove the quotes.`);
    }
    return token;
  }

  /** Reports tokens left after the last field. Returns true when there are none. */
  finish(): boolean {
    if (this.index < this.tokens.length) {
      const first = this.tokens[this.index];
      const last = this.tokens[this.tokens.length - 1];
      const shown = this.tokens.length - this.index === 1 ? `'${first.text}'` : `'${first.text}' and what follows`;
      this.fault('syntax-rdata-extra', `Unexpected ${shown} after the RDATA: ${this.type} takes ${this.layout.slice(this.type.length + 1) || 'no data'}.`, first.start, last.end);
      return false;
    }
    return !this.failed;
  }

  number(name: string, label: string, max: number): RdataField | undefined {
    const token = this.nextWord(label);
    if (!token) return undefined;
    return this.numberFrom(token, name, label, max);
  }

  numberFrom(token: Token, name: string, label: string, max: number): RdataField | undefined {
    const value = decimalValue(token.text);
    if (value < 0) {
      return this.fieldFault(token, `'${token.text}' is not a valid ${label}: write a decimal number from 0 to ${max}.`);
    }
    if (value > max) {
      return this.fieldFault(token, `'${token.text}' is out of range for the ${label}: write a number from 0 to ${max}.`);
    }
    return { name, value, start: token.start, end: token.end };
  }

  /** A duration such as the SOA timers: seconds, or BIND units (1w2d3h4m5s). */
  duration(name: string, label: string): RdataField | undefined {
    const token = this.nextWord(label);
    if (!token) return undefined;
    const value = durationValue(token.text);
    if (value === -2) {
      return this.fieldFault(token, `'${token.text}' is out of range for the ${label}: at most 4294967295 seconds.`);
    }
    if (value < 0) {
      return this.fieldFault(token, `'${token.text}' is not a valid ${label}: write seconds, or a duration such as 1h30m or 2w (units w, d, h, m, s).`);
    }
    return { name, value, start: token.start, end: token.end };
  }

  name(name: string, label: string): RdataField | undefined {
    const token = this.next(label);
    if (!token) return undefined;
    return this.nameFrom(token, name, label);
  }

  nameFrom(token: Token, name: string, label: string): RdataField | undefined {
    if (token.kind === TokenKind.Quoted) {
      return this.fieldFault(token, `The ${label} is a domain name and cannot be quoted: remove the quotes.`);
    }
    const parsed = parseName(token.text, this.ctx.origin);
    if (parsed.error) {
      const e = parsed.error;
      return this.fault(e.code, `${e.message} (${this.type} ${label})`, token.start + e.start, token.start + Math.max(e.end, e.start + 1));
    }
    return { name, value: parsed.name, start: token.start, end: token.end, relative: parsed.relative, raw: token.text };
  }

  /** A <character-string>, quoted or not; `limit` is false where BIND takes longer text (CAA value). */
  text(name: string, label: string, limit = true): { field: RdataField } | undefined {
    const token = this.next(label);
    if (!token) return undefined;
    return this.textFrom(token, name, label, limit);
  }

  textFrom(token: Token, name: string, label: string, limit = true): { field: RdataField } | undefined {
    const raw = token.text;
    if (isPlainAscii(raw)) {
      // Most strings have no escapes: the text is its own value, nothing to decode.
      if (limit && raw.length > MAX_CHARACTER_STRING) return this.tooLong(token, label, raw.length);
      return { field: { name, value: raw, start: token.start, end: token.end, raw } };
    }
    const decoded = decodeText(raw);
    const base = rawStart(token);
    if (decoded.badEscape) {
      const b = decoded.badEscape;
      return this.fault('syntax-bad-escape', `${b.message} Write a backslash followed by exactly three decimal digits (000-255) or by one character.`, base + b.start, base + b.end);
    }
    if (limit && decoded.bytes.length > MAX_CHARACTER_STRING) return this.tooLong(token, label, decoded.bytes.length);
    return { field: { name, value: textValue(decoded.bytes), start: token.start, end: token.end, raw } };
  }

  private tooLong(token: Token, label: string, octets: number): undefined {
    return this.fault(
      'txt-string-too-long',
      `This ${label} is ${octets} octets long; one character-string holds at most 255. Split it into several quoted strings of up to 255 octets each.`,
      token.start,
      token.end,
    );
  }

  /**
   * Hex digits spread over the remaining tokens (BIND allows spaces inside), as lower-case hex.
   * `allowEmpty` accepts no tokens at all (the data may be empty).
   */
  hexRest(name: string, label: string, allowEmpty = false): { field: RdataField; bytes: Uint8Array } | undefined {
    if (this.done) {
      if (allowEmpty) return { field: { name, value: '', start: this.lastEnd(), end: this.lastEnd() }, bytes: new Uint8Array(0) };
      return this.missing(label);
    }
    const first = this.tokens[this.index];
    const out: number[] = [];
    let pending = -1;
    let ok = true;
    for (; this.index < this.tokens.length; this.index++) {
      const token = this.tokens[this.index];
      if (token.kind === TokenKind.Quoted) {
        this.fieldFault(token, `The ${label} is hex and cannot be quoted: remove the quotes.`);
        ok = false;
        continue;
      }
      const text = token.text;
      for (let i = 0; i < text.length; i++) {
        const d = hexDigitValue(text.charCodeAt(i));
        if (d < 0) {
          if (ok) this.fault('syntax-rdata-field', `'${text[i]}' is not a hex digit: the ${label} is written in hex (0-9, a-f).`, token.start + i, token.start + i + 1);
          ok = false;
          continue;
        }
        if (pending < 0) pending = d;
        else {
          out.push((pending << 4) | d);
          pending = -1;
        }
      }
    }
    const last = this.tokens[this.tokens.length - 1];
    if (ok && pending >= 0) {
      this.fault('syntax-rdata-field', `The ${label} has an odd number of hex digits: each octet takes two.`, first.start, last.end);
      ok = false;
    }
    if (!ok) return undefined;
    const bytes = Uint8Array.from(out);
    return { field: { name, value: bytesToHex(bytes), start: first.start, end: last.end }, bytes };
  }

  /** Base64 spread over the remaining tokens, joined; the value is canonical base64. */
  base64Rest(name: string, label: string): { field: RdataField; bytes: Uint8Array } | undefined {
    if (this.done) return this.missing(label);
    const first = this.tokens[this.index];
    const parts: Token[] = [];
    for (; this.index < this.tokens.length; this.index++) {
      const token = this.tokens[this.index];
      if (token.kind === TokenKind.Quoted) {
        return this.fieldFault(token, `The ${label} is base64 and cannot be quoted: remove the quotes.`);
      }
      parts.push(token);
    }
    const last = parts[parts.length - 1];
    const joined = parts.length === 1 ? first.text : parts.map((p) => p.text).join('');
    const decoded = decodeBase64(joined);
    if (!(decoded instanceof Uint8Array)) {
      if (decoded.offset < 0) return this.fault('syntax-rdata-field', `The ${label} ${decoded.message}.`, first.start, last.end);
      let offset = decoded.offset;
      for (const p of parts) {
        if (offset < p.text.length) return this.fault('syntax-rdata-field', `In the ${label}, ${decoded.message}.`, p.start + offset, p.start + offset + 1);
        offset -= p.text.length;
      }
      return this.fault('syntax-rdata-field', `The ${label} ${decoded.message}.`, first.start, last.end);
    }
    return { field: { name, value: encodeBase64(decoded), start: first.start, end: last.end }, bytes: decoded };
  }

  lastEnd(): number {
    const last = this.tokens[this.tokens.length - 1];
    return last ? last.end : this.ctx.typeSpan?.end ?? 0;
  }
}

/** A field's value as a number (fields built by this layer keep numbers as numbers). */
export function numberOf(field: RdataField | undefined): number {
  return typeof field?.value === 'number' ? field.value : Number(field?.value ?? 0);
}

/** A field's value as a string. */
export function stringOf(field: RdataField | undefined): string {
  return field === undefined ? '' : String(field.value);
}

/** Canonical presentation of a text field: printText of the decoded raw text. */
export function quotedText(field: RdataField | undefined): string {
  if (!field) return '""';
  const raw = field.raw ?? String(field.value);
  return printText(decodeText(raw).bytes);
}
