// Reading RDATA in wire form (RFC 3597 generic RDATA of known types): a bounds-checked cursor.
import { printText } from '../zone/text';
import type { RdataField } from '../zone/types';

function isSpecialInName(b: number): boolean {
  // " $ ( ) . ; @ \ need a backslash in a label.
  return b === 0x22 || b === 0x24 || b === 0x28 || b === 0x29 || b === 0x2e || b === 0x3b || b === 0x40 || b === 0x5c;
}

export class WireCursor {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(): number | undefined {
    if (this.remaining < 1) return undefined;
    return this.bytes[this.offset++];
  }

  u16(): number | undefined {
    if (this.remaining < 2) return undefined;
    const v = (this.bytes[this.offset] << 8) | this.bytes[this.offset + 1];
    this.offset += 2;
    return v;
  }

  u32(): number | undefined {
    if (this.remaining < 4) return undefined;
    const b = this.bytes;
    const o = this.offset;
    this.offset += 4;
    return b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
  }

  take(n: number): Uint8Array | undefined {
    if (n > this.remaining) return undefined;
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  rest(): Uint8Array {
    return this.take(this.remaining)!;
  }

  /** A <character-string>: length octet and octets. */
  characterString(): Uint8Array | undefined {
    const len = this.u8();
    return len === undefined ? undefined : this.take(len);
  }

  /** An uncompressed domain name, in presentation form (absolute). */
  name(): string | undefined {
    const labels: string[] = [];
    let total = 0;
    for (;;) {
      const len = this.u8();
      if (len === undefined || len > 63) return undefined;
      total += len + 1;
      if (total > 255) return undefined;
      if (len === 0) break;
      const label = this.take(len);
      if (!label) return undefined;
      let s = '';
      for (let i = 0; i < label.length; i++) {
        const b = label[i];
        if (isSpecialInName(b)) s += '\\' + String.fromCharCode(b);
        else if (b > 0x20 && b < 0x7f) s += String.fromCharCode(b);
        else s += '\\' + String(b).padStart(3, '0');
      }
      labels.push(s);
    }
    return labels.length === 0 ? '.' : labels.join('.') + '.';
  }
}

/** The raw form of a character-string that decodes back to `bytes` (printText without quotes). */
export function rawTextOf(bytes: Uint8Array): string {
  const quoted = printText(bytes);
  return quoted.slice(1, -1);
}

/** A field decoded from wire data (spans are set by the caller). */
export function wireField(name: string, value: string | number, raw?: string): RdataField {
  const f: RdataField = { name, value, start: 0, end: 0 };
  if (raw !== undefined) f.raw = raw;
  return f;
}

/** Type codes of an NSEC-style type bitmap (RFC 4034 §4.1.2), or undefined when malformed. */
export function readTypeBitmap(cursor: WireCursor): number[] | undefined {
  const codes: number[] = [];
  let lastWindow = -1;
  while (cursor.remaining > 0) {
    const window = cursor.u8()!;
    const length = cursor.u8();
    // Windows ascend, each holds 1-32 octets and does not end in a zero octet.
    if (length === undefined || window <= lastWindow || length === 0 || length > 32) return undefined;
    const bits = cursor.take(length);
    if (!bits || bits[length - 1] === 0) return undefined;
    lastWindow = window;
    for (let i = 0; i < length; i++) {
      for (let b = 0; b < 8; b++) if (bits[i] & (0x80 >> b)) codes.push(window * 256 + i * 8 + b);
    }
  }
  return codes;
}
