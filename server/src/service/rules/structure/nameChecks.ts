// Character-level checks on names as written: host-name syntax, addresses written where a name
// belongs, and relative names that look like absolute ones whose final dot was forgotten.

function isLetterOrDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export interface HostnameFault {
  label: string;
  reason: string;
}

/**
 * Why an absolute name (presentation form) is not a host name under RFC 1123 §2.1
 * (letters, digits and hyphens, no hyphen at either end of a label), or undefined when it is.
 * With `allowWildcard`, labels holding '*' pass: where a star may stand is the wildcard rule's concern.
 */
export function hostnameFault(name: string, allowWildcard: boolean): HostnameFault | undefined {
  if (name === '.') return undefined;
  return labelsFault(name, name.charCodeAt(name.length - 1) === 0x2e ? name.length - 1 : name.length, allowWildcard);
}

/** The first label of name[0, end) that is not a host-name label, as hostnameFault tells it. */
export function labelsFault(name: string, end: number, allowWildcard: boolean): HostnameFault | undefined {
  let labelStart = 0;
  for (let i = 0; i <= end; i++) {
    if (i < end && name.charCodeAt(i) !== 0x2e) continue;
    const reason = labelFault(name, labelStart, i, allowWildcard);
    if (reason) return { label: name.slice(labelStart, i), reason };
    labelStart = i + 1;
  }
  return undefined;
}

/** Why name[start, end) is not a host-name label; checked in place so valid names cost no allocation. */
function labelFault(name: string, start: number, end: number, allowWildcard: boolean): string | undefined {
  if (allowWildcard && name.indexOf('*', start) >= 0 && name.indexOf('*', start) < end) return undefined;
  for (let i = start; i < end; i++) {
    const c = name.charCodeAt(i);
    if (isLetterOrDigit(c)) continue;
    if (c === 0x2d) {
      if (i === start) return 'starts with a hyphen';
      if (i === end - 1) return 'ends with a hyphen';
      continue;
    }
    if (c === 0x5f) return "contains '_'";
    if (c === 0x5c) return 'contains an escaped character';
    return `contains '${name[i]}'`;
  }
  return undefined;
}

/** True when a name as written is really an IPv4 or IPv6 address ("192.0.2.5." or "2001:db8::1"). */
export function looksLikeAddress(raw: string): boolean {
  const end = raw.charCodeAt(raw.length - 1) === 0x2e ? raw.length - 1 : raw.length;
  if (end <= 0) return false;
  let colons = 0;
  let dots = 0;
  let digitsInPart = 0;
  let allDecimal = true;
  for (let i = 0; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x2e) {
      if (digitsInPart === 0 || digitsInPart > 3) allDecimal = false;
      dots++;
      digitsInPart = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      digitsInPart++;
    } else if (c === 0x3a) {
      colons++;
      allDecimal = false;
    } else if ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) {
      allDecimal = false;
    } else {
      return false;
    }
  }
  if (colons >= 2) return true;
  return colons === 0 && allDecimal && dots === 3 && digitsInPart > 0 && digitsInPart <= 3;
}

/** Top-level domains common enough that a relative name ending in one was almost surely meant absolute. */
const PUBLIC_TLDS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'arpa', 'biz', 'info', 'name', 'pro', 'mobi', 'aero', 'coop',
  'museum', 'asia', 'jobs', 'tel', 'travel', 'xyz', 'online', 'site', 'app', 'dev', 'cloud', 'tech', 'shop',
  'store', 'top', 'email', 'microsoft', 'google', 'amazon',
  'ac', 'ae', 'ag', 'ai', 'am', 'ar', 'at', 'au', 'be', 'bg', 'br', 'by', 'ca', 'cc', 'ch', 'cl', 'cn', 'co', 'cz',
  'de', 'dk', 'ee', 'es', 'eu', 'fi', 'fm', 'fr', 'gg', 'gr', 'hk', 'hr', 'hu', 'id', 'ie', 'il', 'im', 'in', 'io',
  'is', 'it', 'je', 'jp', 'kr', 'kz', 'li', 'lt', 'lu', 'lv', 'ma', 'me', 'mx', 'my', 'nl', 'no', 'nu', 'nz', 'pe',
  'ph', 'pk', 'pl', 'pt', 'ro', 'rs', 'ru', 'sa', 'se', 'sg', 'si', 'sk', 'su', 'th', 'tk', 'tr', 'tv', 'tw', 'ua',
  'uk', 'us', 'uz', 'vn', 'ws', 'za',
]);

/** Generic top-level domains that an owner label practically never is. */
const GENERIC_TLDS: ReadonlySet<string> = new Set(['com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'arpa', 'biz']);

/**
 * The absolute origin a relative name was completed with: `absolute` is `raw` + "." + origin.
 * Falls back to `fallback` when the written form and the canonical form differ (escapes).
 */
export function originOf(raw: string, absolute: string, fallback: string): string {
  if (absolute.length > raw.length + 1 && absolute.charCodeAt(raw.length) === 0x2e && absolute.slice(0, raw.length).toLowerCase() === raw.toLowerCase()) {
    return absolute.slice(raw.length + 1);
  }
  return fallback;
}

/** Longest entry of each TLD set: a longer last label cannot be one of them. */
const PUBLIC_TLD_MAX = Math.max(...[...PUBLIC_TLDS].map((t) => t.length));
const GENERIC_TLD_MAX = Math.max(...[...GENERIC_TLDS].map((t) => t.length));

function lowerAscii(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

/** True unless text[from, to) surely differs from the last label of name[0, end), ignoring ASCII case. */
function mayBeLastLabel(text: string, from: number, to: number, name: string, end: number): boolean {
  let start = end - 1;
  while (start >= 0 && name.charCodeAt(start) !== 0x2e) start--;
  start++;
  if (end - start !== to - from) return false;
  for (let i = 0; i < to - from; i++) {
    const c = name.charCodeAt(start + i);
    // Other characters may lower-case to ASCII ones: let the exact check decide.
    if (c >= 0x80) return true;
    if (lowerAscii(c) !== lowerAscii(text.charCodeAt(from + i))) return false;
  }
  return true;
}

/**
 * A cheap test that is false only when looksLikeForgottenDot(raw, originOf(raw, absolute,
 * fallback), strict) is false, raw being text[start, end): the name's last label must be a
 * listed TLD or the origin's last label. It reads the text in place, so most names cost no
 * allocation.
 */
export function mayLookLikeForgottenDot(text: string, start: number, end: number, absolute: string, fallback: string, strict: boolean): boolean {
  let dot = end - 1;
  while (dot >= start && text.charCodeAt(dot) !== 0x2e) dot--;
  if (dot <= start || dot === end - 1) return false;
  const from = dot + 1;
  for (let i = from; i < end; i++) if (text.charCodeAt(i) >= 0x80) return true;
  if (end - from <= (strict ? GENERIC_TLD_MAX : PUBLIC_TLD_MAX) && (strict ? GENERIC_TLDS : PUBLIC_TLDS).has(text.slice(from, end).toLowerCase())) return true;
  return mayBeLastLabel(text, from, end, absolute, absolute.length - 1) || mayBeLastLabel(text, from, end, fallback, fallback.length - 1);
}

/**
 * True when a relative name as written looks like an absolute name missing its final dot:
 * it ends in a public top-level domain, or it repeats the origin it is completed with.
 * Single labels never match: "mail" is the normal way to write an in-zone name.
 */
export function looksLikeForgottenDot(raw: string, origin: string, strict: boolean): boolean {
  const lastDot = raw.lastIndexOf('.');
  if (lastDot <= 0 || lastDot === raw.length - 1) return false;
  const lower = raw.toLowerCase();
  if (origin !== '.') {
    const originText = origin.slice(0, -1).toLowerCase();
    if (lower === originText || (lower.endsWith(originText) && lower.charCodeAt(lower.length - originText.length - 1) === 0x2e)) return true;
  }
  const tld = lower.slice(lastDot + 1);
  return strict ? GENERIC_TLDS.has(tld) : PUBLIC_TLDS.has(tld);
}
