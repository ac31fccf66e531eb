// NAPTR (RFC 3403): order, preference, flags, services, regexp, replacement.
import { decodeText } from '../zone/text';
import type { RdataType } from './types';
import { field, fixedLayoutType } from './fixedLayout';

const specs = [
  field('order', 'u16'),
  field('preference', 'u16'),
  field('flags', 'text'),
  field('services', 'text'),
  field('regexp', 'text', 'regular expression'),
  field('replacement', 'name', 'replacement name'),
];
const base = fixedLayoutType('NAPTR', specs);

/**
 * Why a NAPTR regexp field is malformed (RFC 3403 §3.2: delimiter, ERE, delimiter,
 * replacement, delimiter, flags), or undefined when it is well formed. BIND checks the same.
 */
export function naptrRegexpFault(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  const delim = bytes[0];
  if ((delim >= 0x30 && delim <= 0x39) || delim === 0x5c || delim === 0x69 || delim === 0) {
    return `the delimiter '${String.fromCharCode(delim)}' cannot be a digit, a backslash or 'i'; use '!' as in "!^.*$!sip:info@example.com!"`;
  }
  let delimiters = 1;
  let groups = 0;
  for (let i = 1; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0) return 'it contains a NUL octet';
    if (c === delim) {
      delimiters++;
      if (delimiters > 3) return `it has more than three '${String.fromCharCode(delim)}' delimiters`;
      continue;
    }
    if (delimiters === 3) {
      if (c !== 0x69) return `'${String.fromCharCode(c)}' after the last delimiter is not a flag; only 'i' is allowed`;
      continue;
    }
    if (c === 0x5c) {
      if (i + 1 >= bytes.length) return 'it ends with a backslash';
      const next = bytes[++i];
      if (delimiters === 2 && next >= 0x30 && next <= 0x39) {
        const ref = next - 0x30;
        if (ref === 0 || ref > groups) return `the back-reference \\${ref} has no matching group in the expression (it has ${groups})`;
      }
      continue;
    }
    if (delimiters === 1 && c === 0x28) groups++;
  }
  if (delimiters < 3) return `it needs three '${String.fromCharCode(delim)}' delimiters: delimiter, expression, delimiter, replacement, delimiter`;
  return undefined;
}

export const NAPTR: RdataType = {
  type: 'NAPTR',
  parse(tokens, ctx) {
    const fields = base.parse(tokens, ctx);
    if (!fields) return undefined;
    const regexp = fields[4];
    const fault = naptrRegexpFault(decodeText(regexp.raw ?? '').bytes);
    if (fault) {
      ctx.report('syntax-rdata-field', `The NAPTR regexp is malformed: ${fault}. Write "" when no regexp is used.`, regexp.start, regexp.end);
      return undefined;
    }
    return fields;
  },
  print: base.print,
  fromWire: base.fromWire,
};
