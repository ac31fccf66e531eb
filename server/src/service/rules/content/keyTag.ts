// The key tag of a DNSKEY (RFC 4034 Appendix B), computed from its presentation fields so that
// CDS records and signatures can be matched with the keys they name.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_VALUE[BASE64.charCodeAt(i)] = i;

/** Octets of base64 text (whitespace ignored), or undefined when it is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let bits = 0;
  let buffer = 0;
  let padding = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c === 0x3d) {
      padding = true;
      continue;
    }
    const v = c < 128 ? BASE64_VALUE[c] : -1;
    if (v < 0 || padding) return undefined;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Key tag of a DNSKEY/CDNSKEY with these fields, or undefined when the key is not base64. */
export function keyTag(flags: number, protocol: number, algorithm: number, publicKey: string): number | undefined {
  const key = decodeBase64(publicKey);
  if (!key) return undefined;
  if (algorithm === 1) {
    // RSA/MD5 keys use the second-to-last two octets of the modulus (RFC 4034 Appendix B.1).
    return key.length < 3 ? undefined : (key[key.length - 3] << 8) | key[key.length - 2];
  }
  let sum = ((flags >> 8) << 8) + (flags & 0xff) + (protocol << 8) + algorithm;
  for (let i = 0; i < key.length; i++) sum += i & 1 ? key[i] : key[i] << 8;
  sum += (sum >> 16) & 0xffff;
  return sum & 0xffff;
}
