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

/** What a check of DER data found: the element asked for, or why the data is not one. */
export type DerResult = { element: DerElement } | { fault: string };

const DER_CONTEXT_0 = 0xa0;
const DER_CONTEXT_1_PRIMITIVE = 0x81;
const DER_CONTEXT_2_PRIMITIVE = 0x82;
const DER_CONTEXT_3 = 0xa3;

/** The single element that fills `bytes` exactly, with the tag expected, or why there is none. */
function wholeElement(bytes: Uint8Array, tag: number, what: string): DerResult {
  if (bytes.length === 0) return { fault: 'the data is empty' };
  if (bytes[0] !== tag) return { fault: `it does not begin with the DER SEQUENCE of ${what} (first octet 0x${hex2(bytes[0])}, expected 0x${hex2(tag)})` };
  const e = readDer(bytes, 0);
  if (!e) return { fault: `the length of its outer SEQUENCE is not a DER length that fits in the ${bytes.length} octets` };
  if (e.end !== bytes.length) return { fault: `its outer SEQUENCE ends after ${e.end} of the ${bytes.length} octets` };
  return { element: e };
}

function hex2(n: number): string {
  return (n < 16 ? '0' : '') + n.toString(16);
}

/**
 * Checks the SubjectPublicKeyInfo at `e` (RFC 5280 §4.1.2.7): an AlgorithmIdentifier (an OID with
 * optional parameters) and a BIT STRING. Returns why it is not one, or undefined.
 */
function spkiShapeFault(bytes: Uint8Array, e: DerElement): string | undefined {
  const parts = derChildren(bytes, e);
  if (!parts || parts.length !== 2 || parts[0].tag !== DER_SEQUENCE || parts[1].tag !== DER_BIT_STRING) {
    return 'the SubjectPublicKeyInfo does not hold an algorithm identifier and a BIT STRING key';
  }
  const algorithm = derChildren(bytes, parts[0]);
  if (!algorithm || algorithm.length < 1 || algorithm.length > 2 || algorithm[0].tag !== DER_OID || algorithm[0].end === algorithm[0].contentStart) {
    return 'the algorithm identifier of the SubjectPublicKeyInfo is not an OID with optional parameters';
  }
  const key = parts[1];
  if (key.end - key.contentStart < 2 || bytes[key.contentStart] > 7) return 'the public key BIT STRING is empty or malformed';
  return undefined;
}

/** The data as one DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), or why it is not one. */
export function readSubjectPublicKeyInfo(bytes: Uint8Array): DerResult {
  const whole = wholeElement(bytes, DER_SEQUENCE, 'a SubjectPublicKeyInfo');
  if ('fault' in whole) return whole;
  const fault = spkiShapeFault(bytes, whole.element);
  return fault ? { fault } : whole;
}

/**
 * The SubjectPublicKeyInfo inside the data read as one DER X.509 certificate (RFC 5280 §4.1),
 * or why the data is not one. Only the structure is checked, not the signature or the values.
 */
export function readCertificateSpki(bytes: Uint8Array): DerResult {
  const whole = wholeElement(bytes, DER_SEQUENCE, 'a certificate');
  if ('fault' in whole) return whole;
  const top = derChildren(bytes, whole.element);
  if (!top || top.length !== 3 || top[0].tag !== DER_SEQUENCE || top[1].tag !== DER_SEQUENCE || top[2].tag !== DER_BIT_STRING) {
    return { fault: 'its SEQUENCE does not hold the three parts of a certificate (tbsCertificate, signatureAlgorithm, signature)' };
  }
  const tbs = derChildren(bytes, top[0]);
  if (!tbs) return { fault: 'the tbsCertificate is not well-formed DER' };
  let i = tbs[0]?.tag === DER_CONTEXT_0 ? 1 : 0;
  const expected = [DER_INTEGER, DER_SEQUENCE, DER_SEQUENCE, DER_SEQUENCE, DER_SEQUENCE, DER_SEQUENCE];
  for (const tag of expected) {
    if (tbs[i]?.tag !== tag) return { fault: 'the tbsCertificate does not hold serial number, signature algorithm, issuer, validity, subject and public key in that order' };
    i++;
  }
  const spki = tbs[i - 1];
  // Then only the optional issuerUniqueID [1], subjectUniqueID [2] and extensions [3], in order.
  let last = 0;
  for (; i < tbs.length; i++) {
    const rank = tbs[i].tag === DER_CONTEXT_1_PRIMITIVE ? 1 : tbs[i].tag === DER_CONTEXT_2_PRIMITIVE ? 2 : tbs[i].tag === DER_CONTEXT_3 ? 3 : 0;
    if (rank <= last) return { fault: 'the tbsCertificate has unexpected elements after the public key' };
    last = rank;
  }
  const fault = spkiShapeFault(bytes, spki);
  return fault ? { fault } : { element: spki };
}
