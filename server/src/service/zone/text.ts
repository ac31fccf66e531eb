// <character-string> (RFC 1035 §3.3, §5.1): decoding escapes, counting octets, printing.

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

export interface DecodedText {
  /** The octets of the string. */
  bytes: Uint8Array;
  /** Offset (in the raw text) of a malformed escape, when there is one. */
  badEscape?: { start: number; end: number; message: string };
}

function isAsciiWithoutEscapes(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x5c || c > 0x7e) return false;
  }
  return true;
}

/** Decode the raw text of a character-string (quotes already removed). */
export function decodeText(raw: string): DecodedText {
  if (isAsciiWithoutEscapes(raw)) {
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return { bytes };
  }
  const out: number[] = [];
  let badEscape: DecodedText['badEscape'];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x5c) {
      const d = raw.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(d)) {
        const v = Number(d);
        if (v > 255 && !badEscape) badEscape = { start: i, end: i + 4, message: `Escape '\\${d}' is above 255.` };
        out.push(v & 0xff);
        i += 3;
      } else if (/^[0-9]/.test(d)) {
        if (!badEscape) badEscape = { start: i, end: i + 1 + d.length, message: `Escape '\\${d}' needs exactly three digits.` };
        out.push(raw.charCodeAt(i + 1));
        i += 1;
      } else if (i + 1 < raw.length) {
        const cp = raw.codePointAt(i + 1)!;
        for (const b of utf8.encode(String.fromCodePoint(cp))) out.push(b);
        i += cp > 0xffff ? 2 : 1;
      } else if (!badEscape) {
        badEscape = { start: i, end: i + 1, message: 'A backslash ends the string.' };
      }
    } else if (c < 0x80) {
      out.push(c);
    } else {
      const cp = raw.codePointAt(i)!;
      for (const b of utf8.encode(String.fromCodePoint(cp))) out.push(b);
      if (cp > 0xffff) i++;
    }
  }
  return badEscape ? { bytes: Uint8Array.from(out), badEscape } : { bytes: Uint8Array.from(out) };
}

/** Octets as a JS string for semantic checks (UTF-8 decoded; invalid sequences become U+FFFD). */
export function textValue(bytes: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) { ascii = false; break; }
  if (ascii) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }
  return utf8Decoder.decode(bytes);
}

/** A character-string in canonical presentation form, quoted, as BIND prints it. */
export function printText(bytes: Uint8Array): string {
  let s = '"';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\' + String(b).padStart(3, '0');
  }
  return s + '"';
}
