// IPv4 and IPv6 addresses in presentation form, parsed and printed as BIND does (inet_pton and
// inet_ntop rules): no leading zeros in IPv4 parts, RFC 5952-style compression for IPv6.

/** The four octets of a dotted quad, or undefined when it is not one. */
export function parseIPv4(text: string, start = 0, end = text.length): number[] | undefined {
  const parts: number[] = [];
  let value = -1;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || parts.length === 4) return undefined;
      parts.push(value);
      value = -1;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      // A part may not start with 0 unless it is 0 itself.
      if (digits === 1 && value === 0) return undefined;
      value = (value < 0 ? 0 : value) * 10 + (c - 0x30);
      digits++;
      if (value > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return parts.length === 4 ? parts : undefined;
}

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
export function parseIPv6(text: string): number[] | undefined {
  const groups: number[] = [];
  let gapAt = -1;
  let i = 0;
  const n = text.length;
  if (n < 2) return undefined;
  if (text.charCodeAt(0) === 0x3a) {
    if (text.charCodeAt(1) !== 0x3a) return undefined;
    gapAt = 0;
    i = 2;
    if (i === n) return [0, 0, 0, 0, 0, 0, 0, 0];
  }
  while (i < n) {
    let value = 0;
    let digits = 0;
    const groupStart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
      else break;
      value = value * 16 + d;
      digits++;
      i++;
    }
    if (i < n && text.charCodeAt(i) === 0x2e) {
      // Embedded IPv4 address in the last 32 bits.
      const v4 = parseIPv4(text, groupStart, n);
      if (!v4 || groups.length > 6) return undefined;
      groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      i = n;
      break;
    }
    if (digits === 0 || digits > 4) return undefined;
    groups.push(value);
    if (groups.length > 8) return undefined;
    if (i === n) break;
    if (text.charCodeAt(i) !== 0x3a) return undefined;
    i++;
    if (i < n && text.charCodeAt(i) === 0x3a) {
      if (gapAt >= 0) return undefined;
      gapAt = groups.length;
      i++;
      if (i === n) break;
    } else if (i === n) {
      return undefined;
    }
  }
  if (gapAt < 0) return groups.length === 8 ? groups : undefined;
  if (groups.length > 7) return undefined;
  const zeros = new Array<number>(8 - groups.length).fill(0);
  return [...groups.slice(0, gapAt), ...zeros, ...groups.slice(gapAt)];
}

/** IPv6 in the form BIND prints: lower case, longest run of two or more zero groups as '::'. */
export function formatIPv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) addresses keep a dotted tail.
  if (bestStart === 0 && (bestLen === 6 || (bestLen === 5 && groups[5] === 0xffff))) {
    const tail = `${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
    return bestLen === 6 ? '::' + tail : '::ffff:' + tail;
  }
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    s += groups[i].toString(16);
    if (i < 7) s += ':';
  }
  return s;
}

export function ipv6FromBytes(bytes: Uint8Array, offset = 0): number[] {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[offset + 2 * i] << 8) | bytes[offset + 2 * i + 1]);
  return groups;
}
