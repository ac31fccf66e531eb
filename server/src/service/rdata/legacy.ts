// Old address and location types BIND still reads: X25, ISDN (RFC 1183), GPOS (RFC 1712),
// NSAP, NSAP-PTR (RFC 1706) and WKS (RFC 1035 §3.4.2).
// Fields: X25 `address`; ISDN `address` and optional `subaddress`; GPOS `longitude`, `latitude`,
// `altitude` (text, as written); NSAP `address` (lower-case hex, no 0x); NSAP-PTR `target`;
// WKS `address`, `protocol` (number), then one `port` field (number) per service.
import { TokenKind, type RdataField } from '../zone/types';
import { textValue } from '../zone/text';
import type { RdataType } from './types';
import { MAX_U16, RdataReader, decimalValue, numberOf, quotedText, stringOf } from './fieldReader';
import { bytesToHex, hexDigitValue } from './encodings';
import { field, fixedLayoutType } from './fixedLayout';
import { parseIPv4 } from './ipAddress';
import { ipv4Fault } from './address';
import { WireCursor, rawTextOf, wireField } from './wireData';

function isDigits(bytes: string): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** BIND takes an X.25 address of at least four digits. */
const X25_MIN_DIGITS = 4;

export const X25: RdataType = {
  type: 'X25',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, 'X25 <"PSDN address">');
    const address = reader.text('address', 'PSDN address')?.field;
    if (address) {
      const value = String(address.value);
      if (value.length < X25_MIN_DIGITS || !isDigits(value)) {
        reader.fault('syntax-rdata-field', `'${value}' is not an X.25 PSDN address: write at least ${X25_MIN_DIGITS} decimal digits, e.g. "311061700956".`, address.start, address.end);
      }
    }
    return reader.finish() && address ? [address] : undefined;
  },
  print(fields) {
    return quotedText(fields[0]);
  },
  fromWire(wire) {
    const c = new WireCursor(wire);
    const bytes = c.characterString();
    if (!bytes || c.remaining > 0 || bytes.length < X25_MIN_DIGITS || !isDigits(textValue(bytes))) return undefined;
    return [wireField('address', textValue(bytes), rawTextOf(bytes))];
  },
};

export const ISDN: RdataType = {
  type: 'ISDN',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, 'ISDN <"ISDN address"> ["subaddress"]');
    const address = reader.text('address', 'ISDN address')?.field;
    const subaddress = reader.done ? undefined : reader.text('subaddress', 'subaddress')?.field;
    if (!reader.finish() || !address) return undefined;
    return subaddress ? [address, subaddress] : [address];
  },
  print(fields) {
    return fields.map((f) => quotedText(f)).join(' ');
  },
  fromWire(wire) {
    const c = new WireCursor(wire);
    const fields: RdataField[] = [];
    for (const name of ['address', 'subaddress']) {
      if (c.remaining === 0) break;
      const bytes = c.characterString();
      if (!bytes) return undefined;
      fields.push(wireField(name, textValue(bytes), rawTextOf(bytes)));
    }
    return fields.length && c.remaining === 0 ? fields : undefined;
  },
};

export const GPOS = fixedLayoutType('GPOS', [field('longitude', 'text'), field('latitude', 'text'), field('altitude', 'text')]);

export const NSAP_PTR = fixedLayoutType('NSAP-PTR', [field('target', 'name', 'target name')]);

export const NSAP: RdataType = {
  type: 'NSAP',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, 'NSAP <0x hex address>');
    const token = reader.nextWord('address');
    let result: RdataField | undefined;
    if (token) {
      const text = token.text;
      let hex = '';
      let bad = text.length < 2 || text[0] !== '0' || (text[1] !== 'x' && text[1] !== 'X');
      // Dots may separate the hex digits anywhere (RFC 1706 §5).
      for (let i = 2; i < text.length && !bad; i++) {
        if (text[i] === '.') continue;
        if (hexDigitValue(text.charCodeAt(i)) < 0) bad = true;
        else hex += text[i].toLowerCase();
      }
      if (bad) reader.fieldFault(token, `'${text}' is not an NSAP address: write 0x followed by hex digits, optionally dotted, e.g. 0x47.0005.80.005a00.`);
      else if (hex.length === 0 || hex.length % 2 !== 0) reader.fieldFault(token, `The NSAP address '${text}' has ${hex.length} hex digits; it needs a whole number of octets (an even number, at least 2).`);
      else result = { name: 'address', value: hex, start: token.start, end: token.end };
    }
    return reader.finish() && result ? [result] : undefined;
  },
  print(fields) {
    return `0x${stringOf(fields[0])}`;
  },
  fromWire(wire) {
    return wire.length ? [wireField('address', bytesToHex(wire))] : undefined;
  },
};

/** Protocol names BIND resolves (the system's protocol table; upper-case aliases as listed there). */
const PROTOCOLS: Record<string, number> = { ip: 0, IP: 0, icmp: 1, ICMP: 1, igmp: 2, IGMP: 2, tcp: 6, TCP: 6, udp: 17, UDP: 17 };

/** Common service names and their ports (the same for TCP and UDP). */
const SERVICES: Record<string, number> = {
  tcpmux: 1, echo: 7, discard: 9, systat: 11, daytime: 13, netstat: 15, qotd: 17, chargen: 19, 'ftp-data': 20, ftp: 21,
  ssh: 22, telnet: 23, smtp: 25, time: 37, whois: 43, tacacs: 49, domain: 53, gopher: 70, finger: 79, http: 80, www: 80,
  kerberos: 88, pop3: 110, sunrpc: 111, auth: 113, nntp: 119, ntp: 123, 'netbios-ns': 137, 'netbios-dgm': 138,
  'netbios-ssn': 139, imap: 143, imap2: 143, snmp: 161, 'snmp-trap': 162, xdmcp: 177, bgp: 179, irc: 194, ldap: 389,
  https: 443, 'microsoft-ds': 445, kpasswd: 464, submissions: 465, urd: 465, syslog: 514, printer: 515, submission: 587,
  ldaps: 636, rsync: 873, 'domain-s': 853, ftps: 990, imaps: 993, pop3s: 995,
};

function serviceNumber(text: string): number {
  const n = decimalValue(text);
  if (n >= 0) return n <= MAX_U16 ? n : -2;
  return SERVICES[text.toLowerCase()] ?? -1;
}

export const WKS: RdataType = {
  type: 'WKS',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, 'WKS <IPv4 address> <protocol> [service ...]');
    const addressToken = reader.nextWord('address');
    let address: RdataField | undefined;
    if (addressToken) {
      if (parseIPv4(addressToken.text)) address = { name: 'address', value: addressToken.text, start: addressToken.start, end: addressToken.end };
      else reader.fieldFault(addressToken, ipv4Fault(addressToken.text));
    }
    const protocolToken = reader.nextWord('protocol');
    let protocol: RdataField | undefined;
    if (protocolToken) {
      const n = decimalValue(protocolToken.text);
      const value = n >= 0 ? n : PROTOCOLS[protocolToken.text];
      if (value === undefined) reader.fieldFault(protocolToken, `'${protocolToken.text}' is not a protocol: write tcp, udp or a protocol number (6 for TCP, 17 for UDP).`);
      else if (value > 255) reader.fieldFault(protocolToken, `'${protocolToken.text}' is out of range for the protocol: write a number from 0 to 255.`);
      else protocol = { name: 'protocol', value, start: protocolToken.start, end: protocolToken.end };
    }
    const ports: RdataField[] = [];
    while (!reader.done) {
      const token = reader.next('service')!;
      const port = token.kind === TokenKind.Word ? serviceNumber(token.text) : -1;
      if (port === -2) reader.fieldFault(token, `'${token.text}' is out of range for a port: write a number from 0 to 65535.`);
      else if (port < 0) reader.fieldFault(token, `'${token.text}' is not a service this tool knows: write its port number instead, e.g. 25 for smtp.`);
      else ports.push({ name: 'port', value: port, start: token.start, end: token.end });
    }
    return !reader.failed && address && protocol ? [address, protocol, ...ports] : undefined;
  },
  print(fields) {
    const ports = [...new Set(fields.slice(2).map((f) => numberOf(f)))].sort((a, b) => a - b);
    const head = `${stringOf(fields[0])} ${numberOf(fields[1])}`;
    return ports.length ? `${head} ${ports.join(' ')}` : head;
  },
  fromWire(wire) {
    if (wire.length < 5 || wire.length > 5 + 8192) return undefined;
    const fields = [wireField('address', `${wire[0]}.${wire[1]}.${wire[2]}.${wire[3]}`), wireField('protocol', wire[4])];
    for (let i = 5; i < wire.length; i++) {
      for (let b = 0; b < 8; b++) if (wire[i] & (0x80 >> b)) fields.push(wireField('port', (i - 5) * 8 + b));
    }
    return fields;
  },
};
