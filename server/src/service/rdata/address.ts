// A (RFC 1035) and AAAA (RFC 3596): one address each.
import { TokenKind, type RdataField, type Token } from '../zone/types';
import type { RdataContext, RdataType } from './types';
import { RdataReader, stringOf } from './fieldReader';
import { formatIPv6, ipv6FromBytes, parseIPv4, parseIPv6 } from './ipAddress';

function missingAddress(tokens: readonly Token[], ctx: RdataContext, layout: string): undefined {
  new RdataReader(tokens, ctx, layout).missing('address');
  return undefined;
}

export const A: RdataType = {
  type: 'A',
  parse(tokens, ctx) {
    const token = tokens[0];
    // The common case, one plain word, avoids the reader.
    if (!token) return missingAddress(tokens, ctx, 'A <IPv4 address>');
    if (token.kind === TokenKind.Word && tokens.length === 1) {
      const octets = parseIPv4(token.text);
      if (octets) return [{ name: 'address', value: token.text, start: token.start, end: token.end }];
    }
    const reader = new RdataReader(tokens, ctx, 'A <IPv4 address>');
    const word = reader.nextWord('address');
    let field: RdataField | undefined;
    if (word) {
      if (parseIPv4(word.text)) field = { name: 'address', value: word.text, start: word.start, end: word.end };
      else reader.fieldFault(word, ipv4Fault(word.text));
    }
    return reader.finish() && field ? [field] : undefined;
  },
  print(fields) {
    return stringOf(fields[0]);
  },
  fromWire(wire) {
    if (wire.length !== 4) return undefined;
    return [{ name: 'address', value: `${wire[0]}.${wire[1]}.${wire[2]}.${wire[3]}`, start: 0, end: 0 }];
  },
};

/** Why a text is not a dotted quad, in words. */
export function ipv4Fault(text: string): string {
  let dots = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x2e) dots++;
  if (dots !== 3) return `'${text}' is not an IPv4 address: write four numbers 0-255 separated by dots, e.g. 192.0.2.1.`;
  for (const part of text.split('.')) {
    if (part.length > 1 && part.charCodeAt(0) === 0x30 && /^[0-9]+$/.test(part)) {
      return `'${text}' is not an IPv4 address: '${part}' has a leading zero, which BIND rejects; write it without.`;
    }
  }
  return `'${text}' is not an IPv4 address: each of the four numbers must be 0-255.`;
}

export const AAAA: RdataType = {
  type: 'AAAA',
  parse(tokens, ctx) {
    const token = tokens[0];
    if (!token) return missingAddress(tokens, ctx, 'AAAA <IPv6 address>');
    if (token.kind === TokenKind.Word && tokens.length === 1) {
      const groups = parseIPv6(token.text);
      if (groups) return [{ name: 'address', value: formatIPv6(groups), start: token.start, end: token.end }];
    }
    const reader = new RdataReader(tokens, ctx, 'AAAA <IPv6 address>');
    const word = reader.nextWord('address');
    let field: RdataField | undefined;
    if (word) {
      const groups = parseIPv6(word.text);
      if (groups) field = { name: 'address', value: formatIPv6(groups), start: word.start, end: word.end };
      else reader.fieldFault(word, ipv6Fault(word.text));
    }
    return reader.finish() && field ? [field] : undefined;
  },
  print(fields) {
    return stringOf(fields[0]);
  },
  fromWire(wire) {
    if (wire.length !== 16) return undefined;
    return [{ name: 'address', value: formatIPv6(ipv6FromBytes(wire)), start: 0, end: 0 }];
  },
};

export function ipv6Fault(text: string): string {
  if (parseIPv4(text)) return `'${text}' is an IPv4 address: put it in an A record, or write it as ::ffff:${text} if you mean an IPv4-mapped IPv6 address.`;
  if (text.includes('%')) return `'${text}' is not an IPv6 address: a zone index ('%...') is not allowed in DNS data.`;
  return `'${text}' is not an IPv6 address: write up to eight groups of 1-4 hex digits separated by ':', with at most one '::'.`;
}
