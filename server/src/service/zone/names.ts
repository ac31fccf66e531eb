// Domain names in presentation form (RFC 1035 §5.1, RFC 4343): parsing relative and absolute
// names with escapes, and printing them the way BIND prints them.

export interface ParsedName {
  /** Absolute name in canonical presentation form ("." for the root). */
  name: string;
  relative: boolean;
  /** Set when the name is not valid; `name` is then a best effort. */
  error?: NameError;
}

export interface NameError {
  code: 'syntax-label-too-long' | 'syntax-name-too-long' | 'syntax-empty-label' | 'syntax-bad-escape';
  message: string;
  /** Offsets of the fault inside the raw text. */
  start: number;
  end: number;
}

const MAX_LABEL = 63;
const MAX_NAME = 255;

/** Characters that need a backslash in presentation form. */
function isSpecial(c: number): boolean {
  // " $ ( ) . ; @ \
  return c === 0x22 || c === 0x24 || c === 0x28 || c === 0x29 || c === 0x2e || c === 0x3b || c === 0x40 || c === 0x5c;
}

function isPlain(c: number): boolean {
  return c > 0x20 && c < 0x7f && !isSpecial(c);
}

const utf8 = new TextEncoder();

/** Appends the octets of one label in presentation form. */
function escapeOctet(b: number): string {
  if (isPlain(b)) return String.fromCharCode(b);
  if (b > 0x20 && b < 0x7f) return '\\' + String.fromCharCode(b);
  return '\\' + String(b).padStart(3, '0');
}

/**
 * Parse a name as written in a zone file. `@` is the origin; a name without a final dot is
 * relative to `origin` (which must be absolute).
 */
export function parseName(raw: string, origin: string): ParsedName {
  if (raw === '@') return { name: origin, relative: true };
  // Fast path: plain ASCII without escapes, the overwhelming majority of names.
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 0x2e && !isPlain(c)) {
      plain = false;
      break;
    }
  }
  if (plain) return parsePlainName(raw, origin);
  return parseEscapedName(raw, origin);
}

function parsePlainName(raw: string, origin: string): ParsedName {
  if (raw === '.') return { name: '.', relative: false };
  const absolute = raw.charCodeAt(raw.length - 1) === 0x2e;
  let labelStart = 0;
  let error: NameError | undefined;
  const body = absolute ? raw.length - 1 : raw.length;
  for (let i = 0; i <= body; i++) {
    if (i === body || raw.charCodeAt(i) === 0x2e) {
      const len = i - labelStart;
      if (len === 0 && !error) {
        error = { code: 'syntax-empty-label', message: `Empty label in '${raw}': two dots in a row or a leading dot.`, start: labelStart, end: Math.min(i + 1, raw.length) };
      } else if (len > MAX_LABEL && !error) {
        error = { code: 'syntax-label-too-long', message: `Label '${raw.slice(labelStart, i)}' is ${len} octets long; a label has at most ${MAX_LABEL}.`, start: labelStart, end: i };
      }
      labelStart = i + 1;
    }
  }
  const name = absolute ? raw : origin === '.' ? raw + '.' : raw + '.' + origin;
  if (!error) error = checkNameLength(name, raw);
  return error ? { name, relative: !absolute, error } : { name, relative: !absolute };
}

function checkNameLength(name: string, raw: string): NameError | undefined {
  const octets = wireLength(name);
  if (octets > MAX_NAME) {
    return { code: 'syntax-name-too-long', message: `Name '${name}' is ${octets} octets long in wire form; a name has at most ${MAX_NAME}.`, start: 0, end: raw.length };
  }
  return undefined;
}

/** Wire-format length of an absolute name in canonical presentation form. */
export function wireLength(name: string): number {
  if (name === '.') return 1;
  // Each dot becomes a length octet and the root adds one; an escape stands for one octet.
  let octets = name.length + 1;
  for (let i = name.indexOf('\\'); i >= 0 && i < name.length; i = name.indexOf('\\', i)) {
    const digits = name.charCodeAt(i + 1) >= 0x30 && name.charCodeAt(i + 1) <= 0x39;
    octets -= digits ? 3 : 1;
    i += digits ? 4 : 2;
  }
  return octets;
}

function parseEscapedName(raw: string, origin: string): ParsedName {
  const labels: number[][] = [];
  let current: number[] = [];
  let labelStart = 0;
  let error: NameError | undefined;
  let absolute = false;
  const endLabel = (i: number) => {
    if (current.length === 0 && !error) {
      error = { code: 'syntax-empty-label', message: `Empty label in '${raw}': two dots in a row or a leading dot.`, start: labelStart, end: Math.min(i + 1, raw.length) };
    } else if (current.length > MAX_LABEL && !error) {
      error = { code: 'syntax-label-too-long', message: `Label '${raw.slice(labelStart, i)}' is ${current.length} octets long; a label has at most ${MAX_LABEL}.`, start: labelStart, end: i };
    }
    labels.push(current);
    current = [];
    labelStart = i + 1;
  };
  if (raw === '.') return { name: '.', relative: false };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x5c) {
      const d = raw.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(d)) {
        const v = Number(d);
        if (v > 255 && !error) error = { code: 'syntax-bad-escape', message: `Escape '\\${d}' is above 255.`, start: i, end: i + 4 };
        current.push(v & 0xff);
        i += 3;
      } else if (/^[0-9]/.test(d)) {
        const digits = /^[0-9]+/.exec(d)![0];
        if (!error) error = { code: 'syntax-bad-escape', message: `Escape '\\${digits}' needs exactly three digits, e.g. \\0${digits.padStart(2, '0')}.`, start: i, end: i + 1 + digits.length };
        current.push(raw.charCodeAt(i + 1));
        i += 1;
      } else if (i + 1 < raw.length) {
        const next = raw.codePointAt(i + 1)!;
        for (const b of utf8.encode(String.fromCodePoint(next))) current.push(b);
        i += next > 0xffff ? 2 : 1;
      } else if (!error) {
        error = { code: 'syntax-bad-escape', message: 'A backslash ends the name.', start: i, end: i + 1 };
      }
    } else if (c === 0x2e) {
      if (i === raw.length - 1) {
        absolute = true;
        endLabel(i);
      } else endLabel(i);
    } else {
      const cp = raw.codePointAt(i)!;
      if (cp < 0x80) current.push(cp);
      else {
        for (const b of utf8.encode(String.fromCodePoint(cp))) current.push(b);
        if (cp > 0xffff) i++;
      }
    }
  }
  if (!absolute) endLabel(raw.length);
  let text = labels.map((l) => l.map(escapeOctet).join('')).join('.');
  let name: string;
  if (absolute) name = text + '.';
  else name = origin === '.' ? text + '.' : text + '.' + origin;
  if (!error) error = checkNameLength(name, raw);
  return error ? { name, relative: !absolute, error } : { name, relative: !absolute };
}

/** Octets of each label of an absolute name in presentation form (root label excluded). */
export function decodeLabels(name: string): number[][] {
  if (name === '.' || name === '') return [];
  const labels: number[][] = [];
  let cur: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) {
      const d = name.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(d)) {
        cur.push(Number(d) & 0xff);
        i += 3;
      } else {
        cur.push(name.charCodeAt(i + 1));
        i += 1;
      }
    } else if (c === 0x2e) {
      labels.push(cur);
      cur = [];
    } else {
      cur.push(c);
    }
  }
  if (cur.length) labels.push(cur);
  return labels;
}

/** Labels of an absolute name as presentation strings, leftmost first ("www.example.com." -> ["www","example","com"]). */
export function splitLabels(name: string): string[] {
  if (name === '.') return [];
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) {
      i += /[0-9]/.test(name[i + 1] ?? '') ? 3 : 1;
    } else if (c === 0x2e) {
      out.push(name.slice(start, i));
      start = i + 1;
    }
  }
  if (start < name.length) out.push(name.slice(start));
  return out;
}

/** Case-insensitive key of a name for comparisons (RFC 4343). */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** True when `name` equals `ancestor` or lies below it (both absolute). */
export function isSubdomain(name: string, ancestor: string): boolean {
  const n = name.toLowerCase();
  const a = ancestor.toLowerCase();
  if (a === '.') return true;
  if (n === a) return true;
  return n.endsWith('.' + a) && !n.endsWith('\\.' + a);
}

/** The name relative to `origin` as a user would write it, or the absolute name when outside it. */
export function relativize(name: string, origin: string): string {
  if (name.toLowerCase() === origin.toLowerCase()) return '@';
  if (origin !== '.' && isSubdomain(name, origin)) return name.slice(0, name.length - origin.length - 1);
  return name;
}

/** Parent name ("a.b.c." -> "b.c."), or undefined for the root. */
export function parentName(name: string): string | undefined {
  if (name === '.') return undefined;
  const labels = splitLabels(name);
  return labels.length <= 1 ? '.' : labels.slice(1).join('.') + '.';
}
