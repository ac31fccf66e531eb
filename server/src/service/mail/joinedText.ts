// The value of a TXT record as SPF, DKIM and DMARC readers see it: its strings decoded and
// joined with nothing between them (RFC 7208 §3.3, RFC 6376 §3.6.2.2), with every character
// mapped back to the raw characters in the file it came from.
import { TokenKind, type Span, type ZoneRecord } from '../zone/types';

export interface JoinedTxt {
  /** The decoded strings, concatenated. */
  value: string;
  /** File offset of the first raw character that joined character i came from (an escape's backslash). */
  offsetOf(i: number): number;
  /** File offset just after the last raw character of joined character i. */
  endOffsetOf(i: number): number;
  /** Index of the joined character written at this file offset, or -1 (quotes, spaces, comments). */
  indexAt(offset: number): number;
  /** The file spans that joined characters [from, to) were written in: one per string they touch. */
  spansOf(from: number, to: number): Span[];
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Length of the UTF-8 sequence a lead octet starts, or 0 when it cannot start one. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

class Builder {
  value = '';
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** Index of the first joined character of each string. */
  readonly pieces: { first: number }[] = [];
  private pending: { bytes: number[]; start: number; end: number; need: number } | undefined;

  push(chars: string, start: number, end: number): void {
    this.flush();
    for (let k = 0; k < chars.length; k++) {
      this.value += chars[k];
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  /** An octet written as \DDD: octets above 127 gather into one UTF-8 character. */
  octet(b: number, start: number, end: number): void {
    if (b < 0x80) return this.push(String.fromCharCode(b), start, end);
    const p = this.pending;
    if (p && b >= 0x80 && b <= 0xbf) {
      p.bytes.push(b);
      p.end = end;
      if (p.bytes.length === p.need) this.flush();
      return;
    }
    this.flush();
    const need = sequenceLength(b);
    if (need === 0) return this.push('\ufffd', start, end);
    this.pending = { bytes: [b], start, end, need };
  }

  flush(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    this.push(p.bytes.length === p.need ? utf8.decode(Uint8Array.from(p.bytes)) : '\ufffd', p.start, p.end);
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Decodes one string's raw text, `base` being the file offset of its first raw character. */
function decodeInto(b: Builder, raw: string, base: number, limit: number): void {
  // Generated records carry substituted text: keep their offsets inside the token.
  const at = (i: number) => Math.min(base + i, limit);
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 0x5c) {
      const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < raw.length;
      b.push(wide ? raw.slice(i, i + 2) : raw[i], at(i), at(i + (wide ? 2 : 1)));
      if (wide) i++;
      continue;
    }
    if (isDigit(raw.charCodeAt(i + 1)) && isDigit(raw.charCodeAt(i + 2)) && isDigit(raw.charCodeAt(i + 3))) {
      b.octet(Number(raw.slice(i + 1, i + 4)) & 0xff, at(i), at(i + 4));
      i += 3;
    } else if (i + 1 < raw.length) {
      const cp = raw.codePointAt(i + 1)!;
      const len = cp > 0xffff ? 2 : 1;
      b.push(String.fromCodePoint(cp), at(i), at(i + 1 + len));
      i += len;
    }
  }
  b.flush();
}

/** The joined value of a TXT (or SPF) record with its map back to the file. */
export function joinTxt(record: ZoneRecord): JoinedTxt {
  const b = new Builder();
  for (const token of record.rdata) {
    const base = token.kind === TokenKind.Quoted ? token.start + 1 : token.start;
    b.pieces.push({ first: b.value.length });
    decodeInto(b, token.text, base, token.end);
  }
  const { value, starts, ends, pieces } = b;

  const indexAt = (offset: number): number => {
    // starts is non-decreasing: find the last character starting at or before offset.
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || offset >= ends[found]) return -1;
    // Several characters decoded from one escape sequence share a start: report the first.
    while (found > 0 && starts[found - 1] === starts[found]) found--;
    return found;
  };

  const pieceFirsts = new Set(pieces.map((p) => p.first));
  const spansOf = (from: number, to: number): Span[] => {
    const spans: Span[] = [];
    for (let i = Math.max(0, from); i < to && i < value.length; i++) {
      const last = spans[spans.length - 1];
      // A new span starts where a new string starts.
      if (last && !pieceFirsts.has(i)) last.end = ends[i];
      else spans.push({ start: starts[i], end: ends[i] });
    }
    return spans;
  };

  return {
    value,
    offsetOf: (i) => (i < starts.length ? starts[i] : ends.length ? ends[ends.length - 1] : record.start),
    endOffsetOf: (i) => (i < ends.length ? ends[i] : ends.length ? ends[ends.length - 1] : record.start),
    indexAt,
    spansOf,
  };
}
