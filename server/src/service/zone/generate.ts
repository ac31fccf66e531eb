// BIND's $GENERATE: `$GENERATE start-stop[/step] lhs [ttl] [class] type rhs`, with `$`,
// `$$` and `${offset[,width[,base]]}` substitutions (base d, o, x, X, n, N).
import { TokenKind, type Token } from './types';

export const MAX_GENERATED = 65536;

export interface GenerateIssue {
  code: 'syntax-generate-range' | 'syntax-generate-too-many' | 'syntax-bad-directive';
  message: string;
  start: number;
  end: number;
}

export interface GenerateExpansion {
  /** One token list per generated record, owner first; spans point into the directive. */
  entries: Token[][];
  issues: GenerateIssue[];
}

interface Modifier {
  offset: number;
  width: number;
  base: string;
}

type TemplatePart = string | Modifier;

function parseTemplate(text: string): TemplatePart[] | string {
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      literal += c + text[i + 1];
      i++;
    } else if (c === '$') {
      if (text[i + 1] === '$') {
        literal += '$';
        i++;
        continue;
      }
      if (literal) parts.push(literal);
      literal = '';
      if (text[i + 1] === '{') {
        const close = text.indexOf('}', i + 2);
        if (close < 0) return `'${text}' has '\${' without its closing '}'.`;
        const spec = text.slice(i + 2, close).split(',');
        const offset = Number(spec[0]);
        const width = spec.length > 1 ? Number(spec[1]) : 0;
        const base = spec.length > 2 ? spec[2] : 'd';
        if (spec.length > 3 || !/^[-+]?[0-9]+$/.test(spec[0]) || (spec.length > 1 && !/^[0-9]+$/.test(spec[1])) || !/^[doxXnN]$/.test(base)) {
          return `'\${${spec.join(',')}}' is not a valid modifier: write \${offset[,width[,base]]} with base d, o, x, X, n or N.`;
        }
        parts.push({ offset, width, base });
        i = close;
      } else {
        parts.push({ offset: 0, width: 0, base: 'd' });
      }
    } else {
      literal += c;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

/** Nibble mode: one hex digit per label, least significant first; width counts characters, dots included. */
function nibbles(value: number, width: number, upper: boolean): string {
  const digits = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = '';
  let rest = width;
  let v = value >>> 0;
  do {
    out += digits[v & 0xf];
    v >>>= 4;
    if (rest > 0) rest--;
    if (rest > 0 || v !== 0) {
      out += '.';
      if (rest > 0) rest--;
    }
  } while (v !== 0 || rest > 0);
  return out;
}

function formatValue(value: number, m: Modifier): string {
  const v = value + m.offset;
  if (m.base === 'n' || m.base === 'N') return nibbles(v, m.width, m.base === 'N');
  let s: string;
  switch (m.base) {
    case 'o':
      s = v.toString(8);
      break;
    case 'x':
      s = v.toString(16);
      break;
    case 'X':
      s = v.toString(16).toUpperCase();
      break;
    default:
      s = String(v);
  }
  return m.width > 0 ? s.padStart(m.width, '0') : s;
}

function render(parts: TemplatePart[], value: number): string {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : formatValue(value, p);
  return out;
}

/** Index of the type among [lhs, ttl?, class?, type, rhs...]: the first word after the lhs that is neither a TTL nor a class. */
function findTypeIndex(texts: string[]): number {
  for (let i = 1; i < texts.length - 1; i++) {
    const t = texts[i];
    if (/^[0-9]/.test(t) || /^(IN|CH|HS|CS|CLASS[0-9]+)$/i.test(t)) continue;
    return i;
  }
  return -1;
}

export function expandGenerate(args: readonly Token[], head: Token): GenerateExpansion {
  const issues: GenerateIssue[] = [];
  if (args.length < 4) {
    const end = args.length ? args[args.length - 1].end : head.end;
    issues.push({ code: 'syntax-bad-directive', message: '$GENERATE needs a range, an owner template, a type and a data template, e.g. $GENERATE 1-100 host$ A 192.0.2.$', start: head.start, end });
    return { entries: [], issues };
  }
  const range = args[0];
  const m = /^([0-9]+)-([0-9]+)(?:\/([0-9]+))?$/.exec(range.text);
  if (!m) {
    issues.push({ code: 'syntax-generate-range', message: `'${range.text}' is not a $GENERATE range: write start-stop or start-stop/step, e.g. 1-100 or 0-254/2.`, start: range.start, end: range.end });
    return { entries: [], issues };
  }
  const start = Number(m[1]);
  const stop = Number(m[2]);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (start > stop || step === 0 || stop > 0xffffffff) {
    issues.push({ code: 'syntax-generate-range', message: step === 0 ? 'The $GENERATE step must be at least 1.' : `The $GENERATE range ${range.text} is empty or out of range: start must not exceed stop.`, start: range.start, end: range.end });
    return { entries: [], issues };
  }
  let count = Math.floor((stop - start) / step) + 1;
  if (count > MAX_GENERATED) {
    issues.push({ code: 'syntax-generate-too-many', message: `$GENERATE ${range.text} would make ${count} records; at most ${MAX_GENERATED} are expanded and checked. Split the range.`, start: range.start, end: range.end });
    count = MAX_GENERATED;
  }
  const templates: { token: Token; parts: TemplatePart[] }[] = [];
  for (let i = 1; i < args.length; i++) {
    const t = args[i];
    const parts = parseTemplate(t.text);
    if (typeof parts === 'string') {
      issues.push({ code: 'syntax-generate-range', message: parts, start: t.start, end: t.end });
      return { entries: [], issues };
    }
    for (const part of parts) {
      if (typeof part !== 'string' && stop + part.offset > 0x7fffffff) {
        issues.push({ code: 'syntax-generate-range', message: `The offset ${part.offset} takes the generated numbers above 2147483647; BIND rejects this $GENERATE ("out of range"). Use a smaller offset.`, start: t.start, end: t.end });
        return { entries: [], issues };
      }
    }
    templates.push({ token: t, parts });
  }
  // The type is the last of the tokens before the data template; BIND substitutes the data
  // as one text and reads it again, so quoted data is split at its spaces.
  const typeAt = findTypeIndex(templates.map((t) => t.token.text));
  const entries: Token[][] = [];
  for (let n = 0, value = start; n < count; n++, value += step) {
    const tokens: Token[] = [];
    templates.forEach(({ token, parts }, k) => {
      const literal = parts.length === 1 && typeof parts[0] === 'string';
      const text = literal ? (parts[0] as string) : parts.length === 0 ? '' : render(parts, value);
      if (k > typeAt && typeAt >= 0) {
        for (const word of text.split(/[ \t]+/)) if (word) tokens.push({ kind: TokenKind.Word, text: word, start: token.start, end: token.end, file: token.file });
      } else if (literal) tokens.push(token);
      else tokens.push({ kind: TokenKind.Word, text, start: token.start, end: token.end, file: token.file });
    });
    entries.push(tokens);
  }
  return { entries, issues };
}
