// SVCB and HTTPS (RFC 9460): priority, target, then SvcParams `key=value`, printed as BIND 9.18
// prints them (sorted by key; keys it has no name for as keyNNN).
import { TokenKind, type RdataField, type Token } from '../zone/types';
import { decodeText, printText } from '../zone/text';
import type { RdataType } from './types';
import { MAX_U16, RdataReader, decimalValue, numberOf, stringOf } from './fieldReader';
import { decodeBase64, encodeBase64 } from './encodings';
import { formatIPv6, ipv6FromBytes, parseIPv4, parseIPv6 } from './ipAddress';
import { WireCursor, wireField } from './wireData';

const KEY_DOHPATH = 7;

/** Why a dohpath value is not an RFC 8484 URI template BIND takes, or undefined. */
function dohpathFault(value: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(value);
  if (text.includes('\ufffd')) return 'the dohpath is not valid UTF-8';
  if (text.charCodeAt(0) !== 0x2f) return `the dohpath is a relative URI template and starts with '/', e.g. dohpath=/dns-query{?dns}`;
  const open = text.indexOf('{');
  const close = open < 0 ? -1 : text.indexOf('}', open);
  if (close < 0 || !text.slice(open, close).includes('dns')) return `the dohpath needs the dns variable, e.g. dohpath=/dns-query{?dns}`;
  return undefined;
}

/** Keys BIND 9.18 names when printing; dohpath (7) is read but printed as key7. */
const KEY_NAMES = ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint'];
const INPUT_KEYS = new Map<string, number>([...KEY_NAMES.map((k, i) => [k, i] as [string, number]), ['dohpath', 7]]);

function keyName(key: number): string {
  return KEY_NAMES[key] ?? `key${key}`;
}

/** Key number of a key as written (a name or keyNNN), or -1. */
export function svcKeyNumber(text: string): number {
  const named = INPUT_KEYS.get(text);
  if (named !== undefined) return named;
  if (text.length > 3 && text.startsWith('key')) {
    const digits = text.slice(3);
    // keyNNN has no leading zeros.
    if (digits.length > 1 && digits.charCodeAt(0) === 0x30) return -1;
    const n = decimalValue(digits);
    return n >= 0 && n <= MAX_U16 ? n : n > MAX_U16 ? -2 : -1;
  }
  return -1;
}

/** Splits a decoded value on commas not escaped by a backslash (RFC 9460 App. A.1). */
function splitCommaList(bytes: Uint8Array): number[][] | undefined {
  const items: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x5c) {
      if (i + 1 >= bytes.length) return undefined;
      current.push(bytes[++i]);
    } else if (b === 0x2c) {
      items.push(current);
      current = [];
    } else current.push(b);
  }
  items.push(current);
  return items;
}

function asciiOf(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** An alpn-id inside the quoted alpn value: commas and backslashes escaped twice, spaces as \032. */
function printAlpnId(id: number[]): string {
  let s = '';
  for (const b of id) {
    if (b === 0x2c) s += '\\\\,';
    else if (b === 0x5c) s += '\\\\\\\\';
    else if (b === 0x22) s += '\\"';
    else if (b > 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\' + String(b).padStart(3, '0');
  }
  return s;
}

/** The canonical `key=value` of one parameter, or a message saying what is wrong with the value. */
function canonicalParam(key: number, value: Uint8Array | undefined): { text: string } | { fault: string } {
  const name = keyName(key);
  const needsValue = (what: string) => ({ fault: `${name} needs a value: write ${name}=${what}.` });
  switch (key) {
    case 0: {
      if (!value || value.length === 0) return needsValue('alpn,port (the keys a client must understand)');
      const keys: number[] = [];
      for (const item of asciiOf(value).split(',')) {
        const k = svcKeyNumber(item);
        if (k < 0) return { fault: `'${item}' in mandatory is not a parameter key: write key names such as alpn or port, or keyNNN.` };
        if (k === 0) return { fault: `mandatory cannot list itself.` };
        if (keys.includes(k)) return { fault: `mandatory lists '${item}' twice; list each key once.` };
        keys.push(k);
      }
      keys.sort((a, b) => a - b);
      return { text: `mandatory=${keys.map(keyName).join(',')}` };
    }
    case 1: {
      if (!value || value.length === 0) return needsValue('h2,h3');
      const ids = splitCommaList(value);
      if (!ids) return { fault: `the alpn value ends with a backslash.` };
      for (const id of ids) {
        if (id.length === 0) return { fault: `the alpn list has an empty protocol id (two commas in a row, or a comma at an end); remove it.` };
        if (id.length > 255) return { fault: `an alpn protocol id is ${id.length} octets long; at most 255 are allowed.` };
      }
      return { text: `alpn="${ids.map(printAlpnId).join(',')}"` };
    }
    case 2:
      if (value && value.length > 0) return { fault: `no-default-alpn takes no value: write it alone.` };
      return { text: 'no-default-alpn' };
    case 3: {
      const port = value ? decimalValue(asciiOf(value)) : -1;
      if (!value || value.length === 0) return needsValue('443');
      if (port < 0 || port > MAX_U16) return { fault: `'${asciiOf(value)}' is not a valid port: write a number from 0 to 65535.` };
      return { text: `port=${port}` };
    }
    case 4:
    case 6: {
      if (!value || value.length === 0) return needsValue(key === 4 ? '192.0.2.1' : '2001:db8::1');
      const out: string[] = [];
      for (const item of asciiOf(value).split(',')) {
        if (key === 4) {
          if (!parseIPv4(item)) return { fault: `'${item}' in ipv4hint is not an IPv4 address: write addresses such as 192.0.2.1, separated by commas.` };
          out.push(item);
        } else {
          const groups = parseIPv6(item);
          if (!groups) return { fault: `'${item}' in ipv6hint is not an IPv6 address: write addresses such as 2001:db8::1, separated by commas.` };
          out.push(formatIPv6(groups));
        }
      }
      return { text: `${name}=${out.join(',')}` };
    }
    case 5: {
      if (!value || value.length === 0) return { text: 'ech' };
      const decoded = decodeBase64(asciiOf(value));
      if (!(decoded instanceof Uint8Array)) return { fault: `the ech value is not valid base64: it ${decoded.message}.` };
      return { text: `ech=${encodeBase64(decoded)}` };
    }
    default:
      if (key === KEY_DOHPATH) {
        const fault = !value || value.length === 0 ? 'dohpath needs a value: write dohpath=/dns-query{?dns}.' : dohpathFault(value);
        if (fault) return { fault };
      }
      if (!value || value.length === 0) return { text: name };
      return { text: `${name}=${printText(value)}` };
  }
}

/** Key number of a canonical parameter text (for sorting). */
function keyOfCanonical(param: string): number {
  const eq = param.indexOf('=');
  return svcKeyNumber(eq < 0 ? param : param.slice(0, eq));
}

function serviceBindingType(type: 'SVCB' | 'HTTPS'): RdataType {
  const layout = `${type} <priority> <target> [key=value ...]`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      const priority = reader.number('priority', 'priority', MAX_U16);
      const target = reader.name('target', 'target name');
      const params: RdataField[] = [];
      const seen = new Map<number, RdataField>();
      while (!reader.done) {
        const token = reader.next('parameter')!;
        if (token.kind === TokenKind.Quoted) {
          reader.fieldFault(token, `A service parameter is written key=value, not quoted as a whole: write ${token.text.replace('=', '="')}" or remove the quotes.`);
          continue;
        }
        const eq = token.text.indexOf('=');
        const keyText = eq < 0 ? token.text : token.text.slice(0, eq);
        let valueRaw: string | undefined = eq < 0 ? undefined : token.text.slice(eq + 1);
        let end = token.end;
        const following: Token | undefined = reader.peek();
        // key="value" may arrive as a word ending in '=' directly followed by a quoted string.
        if (valueRaw === '' && following && following.kind === TokenKind.Quoted && following.start === token.end) {
          valueRaw = following.text;
          end = following.end;
          reader.index++;
        } else if (valueRaw !== undefined && valueRaw.length >= 2 && valueRaw.startsWith('"') && valueRaw.endsWith('"')) {
          valueRaw = valueRaw.slice(1, -1);
        }
        const key = svcKeyNumber(keyText);
        if (key < 0) {
          reader.fault(
            'syntax-rdata-field',
            key === -2
              ? `'${keyText}' is out of range: keyNNN takes a number from 0 to 65535.`
              : `'${keyText}' is not a service parameter key: use mandatory, alpn, no-default-alpn, port, ipv4hint, ech, ipv6hint, dohpath or keyNNN (lower case).`,
            token.start,
            token.start + keyText.length,
          );
          continue;
        }
        let value: Uint8Array | undefined;
        if (valueRaw !== undefined && endsWithLineBreakEscape(valueRaw)) {
          reader.fault('syntax-bad-escape', `The value of ${keyText} ends with a backslash: remove it, or write \\\\ for a backslash.`, token.start, end);
          continue;
        }
        if (valueRaw !== undefined) {
          const decoded = decodeText(valueRaw);
          if (decoded.badEscape) {
            reader.fault('syntax-bad-escape', `${decoded.badEscape.message} Write a backslash followed by exactly three decimal digits or by one character.`, token.start, end);
            continue;
          }
          value = decoded.bytes;
        }
        if (valueRaw === '' && key <= 6 && key !== 2 && key !== 5) {
          reader.fault('syntax-rdata-field', `${keyText} needs a value after '='.`, token.start, end);
          continue;
        }
        const canonical = canonicalParam(key, value);
        if ('fault' in canonical) {
          reader.fault('syntax-rdata-field', `In ${keyText}: ${canonical.fault}`, token.start, end);
          continue;
        }
        const param: RdataField = { name: 'param', value: canonical.text, start: token.start, end, raw: token.text + (end !== token.end ? `"${valueRaw}"` : '') };
        if (seen.has(key)) {
          reader.fault('syntax-rdata-field', `${keyName(key)} appears twice: each key may appear once; merge or remove one.`, token.start, end);
          continue;
        }
        seen.set(key, param);
        params.push(param);
      }
      if (!reader.failed) checkParamPolicy(reader, seen);
      return !reader.failed && priority && target ? [priority, target, ...params] : undefined;
    },
    print(fields) {
      const params = fields.slice(2).map((f) => stringOf(f));
      params.sort((a, b) => keyOfCanonical(a) - keyOfCanonical(b));
      const head = `${numberOf(fields[0])} ${stringOf(fields[1])}`;
      return params.length ? `${head} ${params.join(' ')}` : head;
    },
    fromWire(wire) {
      const c = new WireCursor(wire);
      const priority = c.u16();
      const target = priority === undefined ? undefined : c.name();
      if (target === undefined) return undefined;
      const params = paramsFromWire(c);
      if (!params) return undefined;
      return [wireField('priority', priority!), { ...wireField('target', target, target), relative: false }, ...params];
    },
  };
}

/** A backslash at the very end of the value (the line break after it is no escape to BIND). */
function endsWithLineBreakEscape(raw: string): boolean {
  const last = raw.charCodeAt(raw.length - 1);
  if (last !== 0x0a && last !== 0x0d && last !== 0x5c) return false;
  let i = last === 0x5c ? raw.length - 1 : raw.length - 2;
  let backslashes = 0;
  while (i >= 0 && raw.charCodeAt(i) === 0x5c) {
    backslashes++;
    i--;
  }
  return backslashes % 2 === 1;
}

/** The canonical text of one parameter in wire form, or undefined when BIND rejects the value. */
function paramFromWire(key: number, value: Uint8Array): string | undefined {
  const name = keyName(key);
  switch (key) {
    case 0: {
      if (value.length === 0 || value.length % 2 !== 0) return undefined;
      const keys: string[] = [];
      let last = -1;
      for (let i = 0; i < value.length; i += 2) {
        const k = (value[i] << 8) | value[i + 1];
        if (k <= last || k === 0) return undefined;
        last = k;
        keys.push(keyName(k));
      }
      return `mandatory=${keys.join(',')}`;
    }
    case 1: {
      const c = new WireCursor(value);
      const ids: number[][] = [];
      while (c.remaining > 0) {
        const id = c.characterString();
        if (!id || id.length === 0) return undefined;
        ids.push([...id]);
      }
      return ids.length ? `alpn="${ids.map(printAlpnId).join(',')}"` : undefined;
    }
    case 2:
      return value.length === 0 ? 'no-default-alpn' : undefined;
    case 3:
      return value.length === 2 ? `port=${(value[0] << 8) | value[1]}` : undefined;
    case 4: {
      if (value.length === 0 || value.length % 4 !== 0) return undefined;
      const out: string[] = [];
      for (let i = 0; i < value.length; i += 4) out.push(`${value[i]}.${value[i + 1]}.${value[i + 2]}.${value[i + 3]}`);
      return `ipv4hint=${out.join(',')}`;
    }
    case 5:
      return value.length === 0 ? 'ech' : `ech=${encodeBase64(value)}`;
    case 6: {
      if (value.length === 0 || value.length % 16 !== 0) return undefined;
      const out: string[] = [];
      for (let i = 0; i < value.length; i += 16) out.push(formatIPv6(ipv6FromBytes(value, i)));
      return `ipv6hint=${out.join(',')}`;
    }
    default: {
      if (key === KEY_DOHPATH && (value.length === 0 || dohpathFault(value))) return undefined;
      return value.length === 0 ? name : `${name}=${printText(value)}`;
    }
  }
}

/** SvcParams in wire form: keys ascending, each once (RFC 9460 §2.2). */
function paramsFromWire(c: WireCursor): RdataField[] | undefined {
  const params: RdataField[] = [];
  const seen = new Map<number, RdataField>();
  let last = -1;
  while (c.remaining > 0) {
    const key = c.u16();
    const length = c.u16();
    const value = length === undefined ? undefined : c.take(length);
    if (key === undefined || !value || key <= last) return undefined;
    last = key;
    const text = paramFromWire(key, value);
    if (text === undefined) return undefined;
    const field = wireField('param', text);
    seen.set(key, field);
    params.push(field);
  }
  const mandatory = seen.get(0);
  if (mandatory) {
    for (const k of String(mandatory.value).slice('mandatory='.length).split(',')) if (!seen.has(svcKeyNumber(k))) return undefined;
  }
  if (seen.has(2) && !seen.has(1)) return undefined;
  return params;
}

/** Keys listed in mandatory must be present; no-default-alpn needs alpn (RFC 9460 §8, §7.1.1). */
function checkParamPolicy(reader: RdataReader, seen: Map<number, RdataField>): void {
  const mandatory = seen.get(0);
  if (mandatory) {
    const listed = String(mandatory.value).slice('mandatory='.length).split(',');
    for (const name of listed) {
      if (!seen.has(svcKeyNumber(name))) {
        reader.fault('syntax-rdata-field', `mandatory lists ${name}, but the record has no ${name} parameter: add it or remove it from mandatory.`, mandatory.start, mandatory.end);
      }
    }
  }
  const noDefault = seen.get(2);
  if (noDefault && !seen.has(1)) {
    reader.fault('syntax-rdata-field', `no-default-alpn needs an alpn parameter: add alpn=h2 (or the protocols served), or remove no-default-alpn.`, noDefault.start, noDefault.end);
  }
}

export const SVCB = serviceBindingType('SVCB');
export const HTTPS = serviceBindingType('HTTPS');
