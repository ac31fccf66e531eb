// APL (RFC 3123): a list of address prefixes, each `[!]family:address/prefix`.
// Fields: one `item` per prefix, its value in canonical form (e.g. "!1:192.0.2.0/24").
import type { RdataField } from '../zone/types';
import type { RdataType } from './types';
import { RdataReader, decimalValue, stringOf } from './fieldReader';
import { formatIPv6, ipv6FromBytes, parseIPv4, parseIPv6 } from './ipAddress';
import { wireField } from './wireData';

const LAYOUT = 'APL [[!]family:address/prefix ...]';

/** The canonical text of one item, or a message saying what is wrong. */
function canonicalItem(text: string): { value: string } | { fault: string } {
  const negated = text.charCodeAt(0) === 0x21;
  const body = negated ? text.slice(1) : text;
  const colon = body.indexOf(':');
  const slash = body.lastIndexOf('/');
  if (colon < 0 || slash < colon) return { fault: `'${text}' is not an APL item: write family:address/prefix, e.g. 1:192.0.2.0/24 or 2:2001:db8::/32 (! in front negates).` };
  const family = decimalValue(body.slice(0, colon));
  const address = body.slice(colon + 1, slash);
  const prefix = decimalValue(body.slice(slash + 1));
  if (family !== 1 && family !== 2) return { fault: `The address family in '${text}' must be 1 (IPv4) or 2 (IPv6).` };
  const max = family === 1 ? 32 : 128;
  if (prefix < 0 || prefix > max) return { fault: `The prefix length in '${text}' must be a number from 0 to ${max}.` };
  let printed: string;
  if (family === 1) {
    if (!parseIPv4(address)) return { fault: `'${address}' in '${text}' is not an IPv4 address: write four numbers 0-255 separated by dots.` };
    printed = address;
  } else {
    const groups = parseIPv6(address);
    if (!groups) return { fault: `'${address}' in '${text}' is not an IPv6 address.` };
    printed = formatIPv6(groups);
  }
  return { value: `${negated ? '!' : ''}${family}:${printed}/${prefix}` };
}

export const APL: RdataType = {
  type: 'APL',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, LAYOUT);
    const items: RdataField[] = [];
    while (!reader.done) {
      const token = reader.nextWord('item');
      if (!token) continue;
      const item = canonicalItem(token.text);
      if ('fault' in item) reader.fieldFault(token, item.fault);
      else items.push({ name: 'item', value: item.value, start: token.start, end: token.end });
    }
    return reader.failed ? undefined : items;
  },
  print(fields) {
    return fields.map((f) => stringOf(f)).join(' ');
  },
  fromWire(wire) {
    const items: RdataField[] = [];
    let o = 0;
    while (o < wire.length) {
      if (o + 4 > wire.length) return undefined;
      const family = (wire[o] << 8) | wire[o + 1];
      const prefix = wire[o + 2];
      const negated = (wire[o + 3] & 0x80) !== 0;
      const length = wire[o + 3] & 0x7f;
      const size = family === 1 ? 4 : family === 2 ? 16 : 0;
      if (size === 0 || length > size || prefix > size * 8 || o + 4 + length > wire.length) return undefined;
      // Trailing zero octets are left out on the wire (RFC 3123 §4).
      const bytes = new Uint8Array(size);
      bytes.set(wire.subarray(o + 4, o + 4 + length));
      const address = family === 1 ? bytes.join('.') : formatIPv6(ipv6FromBytes(bytes));
      items.push(wireField('item', `${negated ? '!' : ''}${family}:${address}/${prefix}`));
      o += 4 + length;
    }
    return items;
  },
};
