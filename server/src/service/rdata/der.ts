// A reader of DER (ITU-T X.690) encodings, enough to walk the structure of a certificate or a
// SubjectPublicKeyInfo: tag, length and contents of each element, definite lengths only.

export interface DerElement {
  /** The identifier octet (class, constructed bit and tag number below 31). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just after the last content octet. */
  end: number;
}

export const DER_INTEGER = 0x02;
export const DER_BIT_STRING = 0x03;
export const DER_OCTET_STRING = 0x04;
export const DER_NULL = 0x05;
export const DER_OID = 0x06;
export const DER_SEQUENCE = 0x30;

/** The element at `at` that must end by `limit`, or undefined when the bytes are not DER. */
export function readDer(bytes: Uint8Array, at: number, limit = bytes.length): DerElement | undefined {
  if (at + 2 > limit) return undefined;
  const tag = bytes[at];
  // High tag numbers (low five bits all set) never occur in the structures read here.
  if ((tag & 0x1f) === 0x1f) return undefined;
  let pos = at + 1;
  let length = bytes[pos++];
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0x80 is BER's indefinite length; DER needs the shortest form and no more than 4 octets here.
    if (count === 0 || count > 4 || pos + count > limit || bytes[pos] === 0) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++];
    if (length < 0x80) return undefined;
  }
  if (pos + length > limit) return undefined;
  return { tag, start: at, contentStart: pos, end: pos + length };
}

/** The elements inside a constructed element, or undefined when they do not fill it exactly. */
export function derChildren(bytes: Uint8Array, parent: DerElement): DerElement[] | undefined {
  const out: DerElement[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readDer(bytes, pos, parent.end);
    if (!child) return undefined;
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** The dotted form of an OBJECT IDENTIFIER's contents. */
export function derOid(bytes: Uint8Array, e: DerElement): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = e.contentStart; i < e.end; i++) {
    value = value * 128 + (bytes[i] & 0x7f);
    if (!(bytes[i] & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}
