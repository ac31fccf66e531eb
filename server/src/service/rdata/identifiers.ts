// Hardware and ILNP identifiers: EUI48/EUI64 (RFC 7043), NID, L32, L64 (RFC 6742).
import type { RdataField } from '../zone/types';
import type { RdataType } from './types';
import { MAX_U16, RdataReader, numberOf, stringOf } from './fieldReader';
import { hexDigitValue } from './encodings';
import { ipv4Fault } from './address';
import { parseIPv4 } from './ipAddress';
import { wireField } from './wireData';

/** xx-xx-...-xx with `octets` pairs of hex digits, lower-cased, or undefined. */
function parseEui(text: string, octets: number): string | undefined {
  if (text.length !== octets * 3 - 1) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (i % 3 === 2 ? c !== 0x2d : hexDigitValue(c) < 0) return undefined;
  }
  return text.toLowerCase();
}

function euiType(type: 'EUI48' | 'EUI64', octets: number): RdataType {
  const example = Array.from({ length: octets }, (_, i) => (i === octets - 1 ? '2a' : '00')).join('-');
  const layout = `${type} <address>`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      const token = reader.nextWord('address');
      let field: RdataField | undefined;
      if (token) {
        const value = parseEui(token.text, octets);
        if (value) field = { name: 'address', value, start: token.start, end: token.end };
        else reader.fieldFault(token, `'${token.text}' is not an ${type} address: write ${octets} pairs of hex digits separated by '-', e.g. ${example}.`);
      }
      return reader.finish() && field ? [field] : undefined;
    },
    print(fields) {
      return stringOf(fields[0]);
    },
    fromWire(wire) {
      if (wire.length !== octets) return undefined;
      const parts: string[] = [];
      for (let i = 0; i < wire.length; i++) parts.push(wire[i].toString(16).padStart(2, '0'));
      return [wireField('address', parts.join('-'))];
    },
  };
}

export const EUI48 = euiType('EUI48', 6);
export const EUI64 = euiType('EUI64', 8);

/** Four colon-separated groups of 1-4 hex digits, printed without leading zeros, or undefined. */
function parseLocator64(text: string): string | undefined {
  const groups = text.split(':');
  if (groups.length !== 4) return undefined;
  const out: string[] = [];
  for (const g of groups) {
    if (g.length === 0 || g.length > 4) return undefined;
    let v = 0;
    for (let i = 0; i < g.length; i++) {
      const d = hexDigitValue(g.charCodeAt(i));
      if (d < 0) return undefined;
      v = v * 16 + d;
    }
    out.push(v.toString(16));
  }
  return out.join(':');
}

function ilnpType(type: 'NID' | 'L64' | 'L32', valueName: string, label: string): RdataType {
  const layout = `${type} <preference> <${label}>`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      const preference = reader.number('preference', 'preference', MAX_U16);
      const token = reader.nextWord(label);
      let field: RdataField | undefined;
      if (token) {
        if (type === 'L32') {
          if (parseIPv4(token.text)) field = { name: valueName, value: token.text, start: token.start, end: token.end };
          else reader.fieldFault(token, ipv4Fault(token.text));
        } else {
          const value = parseLocator64(token.text);
          if (value) field = { name: valueName, value, start: token.start, end: token.end };
          else reader.fieldFault(token, `'${token.text}' is not a valid ${label}: write four groups of 1-4 hex digits separated by ':', e.g. 2001:db8:1140:1000.`);
        }
      }
      return reader.finish() && preference && field ? [preference, field] : undefined;
    },
    print(fields) {
      return `${numberOf(fields[0])} ${stringOf(fields[1])}`;
    },
    fromWire(wire) {
      if (wire.length !== (type === 'L32' ? 6 : 10)) return undefined;
      const preference = (wire[0] << 8) | wire[1];
      let value: string;
      if (type === 'L32') value = `${wire[2]}.${wire[3]}.${wire[4]}.${wire[5]}`;
      else {
        const groups: string[] = [];
        for (let i = 2; i < 10; i += 2) groups.push(((wire[i] << 8) | wire[i + 1]).toString(16));
        value = groups.join(':');
      }
      return [wireField('preference', preference), wireField(valueName, value)];
    },
  };
}

export const NID = ilnpType('NID', 'nodeId', 'node identifier');
export const L64 = ilnpType('L64', 'locator', 'locator');
export const L32 = ilnpType('L32', 'locator', 'locator');
