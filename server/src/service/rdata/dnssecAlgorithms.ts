// Mnemonics BIND accepts in place of numbers: DNSSEC algorithms (RFC 4034 App. A.1, IANA),
// DS digest types and CERT certificate types (RFC 4398 §2.1).
import type { Token } from '../zone/types';
import { MAX_U16, MAX_U8, RdataReader, decimalValue } from './fieldReader';
import type { RdataField } from '../zone/types';

export const ALGORITHM_MNEMONICS: ReadonlyMap<number, string> = new Map([
  [1, 'RSAMD5'],
  [2, 'DH'],
  [3, 'DSA'],
  [5, 'RSASHA1'],
  [6, 'NSEC3DSA'],
  [7, 'NSEC3RSASHA1'],
  [8, 'RSASHA256'],
  [10, 'RSASHA512'],
  [12, 'ECCGOST'],
  [13, 'ECDSAP256SHA256'],
  [14, 'ECDSAP384SHA384'],
  [15, 'ED25519'],
  [16, 'ED448'],
  [252, 'INDIRECT'],
  [253, 'PRIVATEDNS'],
  [254, 'PRIVATEOID'],
]);

export const DIGEST_MNEMONICS: ReadonlyMap<string, number> = new Map([
  ['SHA-1', 1],
  ['SHA1', 1],
  ['SHA-256', 2],
  ['SHA256', 2],
  ['GOST', 3],
  ['SHA-384', 4],
  ['SHA384', 4],
]);

export const CERT_TYPE_MNEMONICS: ReadonlyMap<number, string> = new Map([
  [1, 'PKIX'],
  [2, 'SPKI'],
  [3, 'PGP'],
  [4, 'IPKIX'],
  [5, 'ISPKI'],
  [6, 'IPGP'],
  [7, 'ACPKIX'],
  [8, 'IACPKIX'],
  [253, 'URI'],
  [254, 'OID'],
]);

function invert(map: ReadonlyMap<number, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of map) out.set(v, k);
  return out;
}
const ALGORITHM_BY_NAME = invert(ALGORITHM_MNEMONICS);
const CERT_TYPE_BY_NAME = invert(CERT_TYPE_MNEMONICS);

/** A number field that may also be written as a mnemonic from `names` (any case). */
function numberOrMnemonic(
  reader: RdataReader,
  name: string,
  label: string,
  max: number,
  names: ReadonlyMap<string, number>,
  examples: string,
): RdataField | undefined {
  const token: Token | undefined = reader.nextWord(label);
  if (!token) return undefined;
  if (decimalValue(token.text) >= 0) return reader.numberFrom(token, name, label, max);
  const value = names.get(token.text.toUpperCase());
  if (value === undefined) {
    return reader.fieldFault(token, `'${token.text}' is not a valid ${label}: write a number from 0 to ${max} or a mnemonic such as ${examples}.`);
  }
  return { name, value, start: token.start, end: token.end };
}

export function readAlgorithm(reader: RdataReader, name = 'algorithm'): RdataField | undefined {
  return numberOrMnemonic(reader, name, 'algorithm', MAX_U8, ALGORITHM_BY_NAME, 'RSASHA256 (8) or ECDSAP256SHA256 (13)');
}

export function readDigestType(reader: RdataReader): RdataField | undefined {
  return numberOrMnemonic(reader, 'digestType', 'digest type', MAX_U8, DIGEST_MNEMONICS, 'SHA-256 (2)');
}

export function readCertType(reader: RdataReader): RdataField | undefined {
  return numberOrMnemonic(reader, 'certType', 'certificate type', MAX_U16, CERT_TYPE_BY_NAME, 'PKIX (1) or PGP (3)');
}
