// IPSECKEY (RFC 4025): precedence, gateway type, algorithm, gateway and public key.
// Fields: `precedence`, `gatewayType`, `algorithm`, `gateway` (".", an address or a name),
// `publicKey` (base64).
import type { RdataField } from '../zone/types';
import type { RdataType } from './types';
import { MAX_U8, RdataReader, numberOf, stringOf } from './fieldReader';
import { encodeBase64 } from './encodings';
import { formatIPv6, ipv6FromBytes, parseIPv4, parseIPv6 } from './ipAddress';
import { ipv4Fault, ipv6Fault } from './address';
import { WireCursor, wireField } from './wireData';

const LAYOUT = 'IPSECKEY <precedence> <gateway type> <algorithm> <gateway> <public key>';

export const IPSECKEY: RdataType = {
  type: 'IPSECKEY',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, LAYOUT);
    const precedence = reader.number('precedence', 'precedence', MAX_U8);
    const gatewayType = reader.number('gatewayType', 'gateway type', 3);
    const algorithm = reader.number('algorithm', 'algorithm', MAX_U8);
    let gateway: RdataField | undefined;
    const kind = gatewayType ? numberOf(gatewayType) : -1;
    if (kind === 3) gateway = reader.name('gateway', 'gateway name');
    else {
      const token = reader.nextWord('gateway');
      if (token) {
        const text = token.text;
        if (kind === 0 && text !== '.') reader.fieldFault(token, `Gateway type 0 means no gateway: write '.' here.`);
        else if (kind === 1 && !parseIPv4(text)) reader.fieldFault(token, ipv4Fault(text));
        else if (kind === 2 && !parseIPv6(text)) reader.fieldFault(token, ipv6Fault(text));
        else gateway = { name: 'gateway', value: kind === 2 ? formatIPv6(parseIPv6(text)!) : text, start: token.start, end: token.end };
      }
    }
    const publicKey = reader.base64Rest('publicKey', 'public key')?.field;
    return !reader.failed && precedence && gatewayType && algorithm && gateway && publicKey ? [precedence, gatewayType, algorithm, gateway, publicKey] : undefined;
  },
  print(fields) {
    return fields.map((f) => stringOf(f)).join(' ');
  },
  fromWire(wire) {
    const c = new WireCursor(wire);
    const precedence = c.u8();
    const gatewayType = c.u8();
    const algorithm = c.u8();
    if (algorithm === undefined) return undefined;
    let gateway: string | undefined;
    if (gatewayType === 0) gateway = '.';
    else if (gatewayType === 1) gateway = c.take(4)?.join('.');
    else if (gatewayType === 2) {
      const bytes = c.take(16);
      gateway = bytes && formatIPv6(ipv6FromBytes(bytes));
    } else if (gatewayType === 3) gateway = c.name();
    if (gateway === undefined || c.remaining === 0) return undefined;
    return [wireField('precedence', precedence!), wireField('gatewayType', gatewayType!), wireField('algorithm', algorithm), wireField('gateway', gateway), wireField('publicKey', encodeBase64(c.rest()))];
  },
};
