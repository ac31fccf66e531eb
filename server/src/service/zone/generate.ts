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

function formatValue(value: number, m: Modifier): string {
  const v = value + m.offset;
  if (m.base === 'n' || m.base === 'N') {
    let hex = Math.abs(v).toString(16);
    if (m.base === 'N') hex = hex.toUpperCase();
    // Nibble mode: least significant nibble first, one label per nibble; width counts nibbles.
    const nibbles = Math.max(m.width > 0 ? Math.ceil(m.width / 2) : 0, hex.length);
    hex = hex.padStart(nibbles, '0');
    return hex.split('').reverse().join('.');
  }
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
    templates.push({ token: t, parts });
  }
  const entries: Token[][] = [];
  for (let n = 0, value = start; n < count; n++, value += step) {
    entries.push(templates.map(({ token, parts }) => (parts.length === 1 && typeof parts[0] === 'string' ? token : { kind: token.kind === TokenKind.Quoted ? TokenKind.Quoted : TokenKind.Word, text: render(parts, value), start: token.start, end: token.end, file: token.file })));
  }
  return { entries, issues };
}
