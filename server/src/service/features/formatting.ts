// Formatting that only moves whitespace: owner, TTL, class, type and RDATA start in columns
// sized by the widest values in the file, trailing comments line up, blank runs shrink to two.
// Every token keeps its text and order, so the records are the ones that were written; a line
// the parser found fault with is left as it is, and the result is parsed again and compared
// with the original before any edit is returned.
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import { printRecord } from '../zone/canonical';
import { LineIndex } from '../zone/lineIndex';
import { parseZone } from '../zone/parser';
import type { Directive, ParsedZone, ZoneRecord } from '../zone/types';
import { layoutZone, PieceKind, type LayoutEntry, type PhysicalLine, type Piece, type ZoneLayout } from './zoneLayout';

export type ZoneFormattingOptions = Pick<FormattingOptions, 'tabSize' | 'insertSpaces'>;

/** Widest owner that still sets the column of the TTL; longer owners push only their own line. */
export const MAX_OWNER_WIDTH = 40;
const MAX_TTL_WIDTH = 12;
const MAX_CLASS_WIDTH = 8;
const MAX_TYPE_WIDTH = 10;
/** Trailing comments line up only on lines whose code ends before this column. */
export const MAX_COMMENT_COLUMN = 72;
/** Longest run of blank lines kept. */
export const MAX_BLANK_LINES = 2;

/** Parser diagnostics that find no fault with the text of the line where they are reported. */
const NOT_LINE_FAULTS = new Set(['syntax-crlf', 'syntax-bom', 'syntax-include-skipped']);

export interface FormatResult {
  text: string;
  /**
   * False when the formatted text did not parse to the same records, comments and directives
   * as the original; `text` is then the original, unchanged.
   */
  verified: boolean;
}

/** Columns: 0 owner, 1 and 2 the TTL and class (in the order written), 3 type, 4 RDATA. */
type Slot = 0 | 1 | 2 | 3 | 4;

interface RecordHead {
  /** The leading pieces of the first line with the slot each one goes to. */
  slots: { piece: Piece; slot: Slot }[];
}

interface Plan {
  layout: ZoneLayout;
  /** Per entry: its record head when the entry is a record that may be formatted. */
  heads: Map<LayoutEntry, RecordHead>;
  verbatim: Set<LayoutEntry>;
}

function isToken(p: Piece): boolean {
  return p.kind === PieceKind.Word || p.kind === PieceKind.Quoted;
}

function pieceText(text: string, p: Piece): string {
  return text.slice(p.start, p.end);
}

/** Lines with a parser diagnostic on them (a diagnostic spanning lines marks each of them). */
function faultyLines(parsed: ParsedZone, layout: ZoneLayout, index: LineIndex): Uint8Array {
  const marks = new Uint8Array(layout.lines.length + 1);
  for (const d of parsed.diagnostics) {
    if (d.file !== 0 || NOT_LINE_FAULTS.has(d.code)) continue;
    const first = index.position(d.start).line;
    const last = index.position(Math.max(d.start, d.end)).line;
    for (let l = first; l <= last && l < marks.length; l++) marks[l] = 1;
  }
  layout.lines.forEach((line, l) => {
    if (line.faulty || line.joinsNext) marks[l] = 1;
  });
  return marks;
}

/**
 * Which slot each head token of a record goes to, or undefined when the head is not the plain
 * run of words at the start of the first line that the formatter knows how to align.
 */
function recordHead(record: ZoneRecord, entry: LayoutEntry, layout: ZoneLayout): RecordHead | undefined {
  const pieces = layout.lines[entry.firstLine].pieces;
  const wanted: { start: number; slot: Slot }[] = [];
  if (record.ownerSpan) wanted.push({ start: record.ownerSpan.start, slot: 0 });
  const ttl = record.ttlSpan;
  const cls = record.classSpan;
  if (ttl && cls) {
    const ttlFirst = ttl.start < cls.start;
    wanted.push({ start: ttlFirst ? ttl.start : cls.start, slot: 1 }, { start: ttlFirst ? cls.start : ttl.start, slot: 2 });
  } else if (ttl) wanted.push({ start: ttl.start, slot: 1 });
  else if (cls) wanted.push({ start: cls.start, slot: 2 });
  wanted.push({ start: record.typeSpan.start, slot: 3 });
  if (pieces.length < wanted.length) return undefined;
  const slots: RecordHead['slots'] = [];
  for (let k = 0; k < wanted.length; k++) {
    const piece = pieces[k];
    if (piece.start !== wanted[k].start || (piece.kind !== PieceKind.Word && !(k === 0 && wanted[k].slot === 0 && piece.kind === PieceKind.Quoted))) return undefined;
    slots.push({ piece, slot: wanted[k].slot });
  }
  // Columns put space between the head and what follows; where none was written, keep it so.
  for (let k = 1; k <= slots.length && k < pieces.length; k++) if (pieces[k].start === pieces[k - 1].end) return undefined;
  return { slots };
}

function plan(parsed: ParsedZone, layout: ZoneLayout, index: LineIndex): Plan {
  const faulty = faultyLines(parsed, layout, index);
  const heads = new Map<LayoutEntry, RecordHead>();
  const verbatim = new Set<LayoutEntry>();
  for (const record of parsed.records) {
    if (record.file !== 0 || record.generated) continue;
    const entry = layout.entryAt(record.start);
    if (!entry) continue;
    const head = recordHead(record, entry, layout);
    if (head) heads.set(entry, head);
  }
  for (const entry of layout.entries) {
    let bad = false;
    for (let l = entry.firstLine; l <= entry.lastLine && !bad; l++) bad = faulty[l] === 1;
    if (bad) {
      verbatim.add(entry);
      continue;
    }
    if (entry.firstToken < 0) {
      // Lines without tokens: a blank line or a comment line may be re-indented, nothing else.
      const line = layout.lines[entry.firstLine];
      if (entry.lastLine !== entry.firstLine || line.pieces.length > 0) verbatim.add(entry);
      continue;
    }
    if (isDirective(layout, entry)) {
      // Only one-line directives without parentheses are respaced.
      if (entry.lastLine !== entry.firstLine || layout.lines[entry.firstLine].pieces.some((p) => !isToken(p))) verbatim.add(entry);
      continue;
    }
    // A record the parser kept, whose head the formatter understands; anything else stays.
    if (!heads.has(entry)) verbatim.add(entry);
  }
  return { layout, heads, verbatim };
}

function isDirective(layout: ZoneLayout, entry: LayoutEntry): boolean {
  if (entry.indented) return false;
  const first = layout.lines[entry.firstLine].pieces[0];
  return first !== undefined && first.kind === PieceKind.Word && first.start === entry.firstToken && layout.text.charCodeAt(first.start) === 0x24;
}

interface Columns {
  at: [number, number, number, number, number];
}

function roundUp(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}

function computeColumns(p: Plan, useTabs: boolean, tabSize: number): Columns {
  const widths = [0, 0, 0, 0, 0];
  const caps = [MAX_OWNER_WIDTH, MAX_TTL_WIDTH, MAX_CLASS_WIDTH, MAX_TYPE_WIDTH, 0];
  for (const [entry, head] of p.heads) {
    if (p.verbatim.has(entry)) continue;
    for (const { piece, slot } of head.slots) {
      // An item wider than its cap sets no column; it pushes the rest of its own line.
      const w = piece.end - piece.start;
      if (w <= caps[slot] && w > widths[slot]) widths[slot] = w;
    }
  }
  const at: Columns['at'] = [0, 0, 0, 0, 0];
  for (let k = 1; k < 5; k++) {
    let col = at[k - 1] + (widths[k - 1] > 0 ? widths[k - 1] + 1 : 0);
    // Records without an owner must start with whitespace: the first column is never 0.
    if (k === 1) col = Math.max(col, 1);
    at[k] = useTabs ? roundUp(col, tabSize) : col;
  }
  return { at };
}

/** Builds one output line, tracking the visual column. */
class LineWriter {
  text = '';
  col = 0;

  constructor(
    private readonly useTabs: boolean,
    private readonly tabSize: number,
  ) {}

  /** Whitespace up to `target`; one space when the line is already there or past it. */
  padTo(target: number): void {
    if (this.col >= target) {
      if (this.col > 0) this.write(' ');
      return;
    }
    if (this.useTabs) {
      for (let next = (Math.floor(this.col / this.tabSize) + 1) * this.tabSize; next <= target; next += this.tabSize) {
        this.text += '\t';
        this.col = next;
      }
    }
    if (this.col < target) {
      this.text += ' '.repeat(target - this.col);
      this.col = target;
    }
  }

  write(s: string): void {
    this.text += s;
    this.col += s.length;
  }

  /**
   * Pieces separated by single spaces. Pieces written without a space between them stay
   * joined: SVCB reads `key="value"` as one parameter only when the quote follows the '='.
   */
  writePieces(text: string, pieces: Piece[]): void {
    pieces.forEach((piece, k) => {
      if (k > 0 && pieces[k - 1].end !== piece.start) this.write(' ');
      this.write(pieceText(text, piece));
    });
  }
}

interface OutLine {
  /** Code part of the line (no trailing comment), or the whole line when verbatim. */
  code: string;
  codeWidth: number;
  comment?: string;
  /** Emit `code` as it is, with the line's original end of line. */
  verbatim: boolean;
  /** The line is dropped (extra blank lines). */
  dropped?: boolean;
  /** Where the comment goes when the line holds only a comment. */
  commentOnlyColumn?: number;
}

function eolOf(text: string, line: PhysicalLine): string {
  return text.slice(line.end, line.next);
}

/** The formatted text and whether it was verified; the original text when it was not. */
export function formatZoneText(parsed: ParsedZone, text: string, options: ZoneFormattingOptions): FormatResult {
  const { text: formatted, verified } = formatLines(parsed, text, options);
  return verified ? { text: formatted, verified } : { text, verified };
}

interface FormattedLines extends FormatResult {
  layout: ZoneLayout;
  /** Per original line: its replacement with its end of line ('' when dropped). */
  lines: string[];
}

function formatLines(parsed: ParsedZone, text: string, options: ZoneFormattingOptions): FormattedLines {
  if (parsed.files[0]?.text !== text) parsed = parseZone(text, { origin: parsed.origin, path: parsed.files[0]?.path });
  const tabSize = Math.max(1, Math.floor(options.tabSize) || 1);
  const useTabs = !options.insertSpaces;
  const index = new LineIndex(text);
  const layout = layoutZone(text);
  const p = plan(parsed, layout, index);
  const columns = computeColumns(p, useTabs, tabSize).at;
  const lines = layout.lines;
  const out: OutLine[] = new Array(lines.length);

  const commentOnly = (line: PhysicalLine, column: number): OutLine => ({ code: '', codeWidth: 0, comment: text.slice(line.comment!.start, line.comment!.end), verbatim: false, commentOnlyColumn: column });
  const withComment = (w: LineWriter, line: PhysicalLine): OutLine => ({ code: w.text, codeWidth: w.col, comment: line.comment ? text.slice(line.comment.start, line.comment.end) : undefined, verbatim: false });

  for (const entry of layout.entries) {
    if (p.verbatim.has(entry)) {
      for (let l = entry.firstLine; l <= entry.lastLine; l++) out[l] = { code: text.slice(lines[l].start, lines[l].end), codeWidth: 0, verbatim: true };
      continue;
    }
    if (entry.firstToken < 0) {
      const line = lines[entry.firstLine];
      // Comments in the first column stay there; indented ones line up with owner-less records.
      if (line.comment) out[entry.firstLine] = commentOnly(line, line.comment.start === line.start ? 0 : columns[1]);
      else out[entry.firstLine] = { code: '', codeWidth: 0, verbatim: false };
      continue;
    }
    const head = p.heads.get(entry);
    const first = lines[entry.firstLine];
    const w = new LineWriter(useTabs, tabSize);
    if (!head) {
      // A directive: its words, one space apart.
      w.writePieces(text, first.pieces);
      out[entry.firstLine] = withComment(w, first);
      continue;
    }
    for (const { piece, slot } of head.slots) {
      if (slot > 0) w.padTo(columns[slot]);
      w.write(pieceText(text, piece));
    }
    const rest = first.pieces.slice(head.slots.length);
    if (rest.length) {
      w.padTo(columns[4]);
      w.writePieces(text, rest);
    }
    out[entry.firstLine] = withComment(w, first);
    for (let l = entry.firstLine + 1; l <= entry.lastLine; l++) {
      const line = lines[l];
      if (line.pieces.length === 0) {
        out[l] = line.comment ? commentOnly(line, columns[4]) : { code: '', codeWidth: 0, verbatim: false };
        continue;
      }
      const c = new LineWriter(useTabs, tabSize);
      c.padTo(columns[4]);
      c.writePieces(text, line.pieces);
      out[l] = withComment(c, line);
    }
  }

  // Trailing comments share one column: just past the longest code among the short lines.
  let commentColumn = 0;
  for (const o of out) {
    if (o.verbatim || o.comment === undefined || o.commentOnlyColumn !== undefined) continue;
    if (o.codeWidth + 1 <= MAX_COMMENT_COLUMN) commentColumn = Math.max(commentColumn, o.codeWidth + 1);
  }
  if (useTabs) commentColumn = roundUp(commentColumn, tabSize);

  collapseBlankLines(out);

  const rendered = lines.map((line, l) => {
    const o = out[l];
    const prefix = l === 0 ? text.slice(0, layout.bomLength) : '';
    return o.dropped ? '' : prefix + renderLine(o, commentColumn, useTabs, tabSize) + eolOf(text, line);
  });
  const result = rendered.join('');
  return { text: result, verified: verify(parsed, text, result), layout, lines: rendered };
}

function isBlank(o: OutLine): boolean {
  return !o.verbatim && o.code === '' && o.comment === undefined;
}

/** Drops blank lines beyond the second of a run, and every blank line at the end of the file. */
function collapseBlankLines(out: OutLine[]): void {
  let run = 0;
  for (const o of out) {
    run = isBlank(o) ? run + 1 : 0;
    if (run > MAX_BLANK_LINES) o.dropped = true;
  }
  for (let l = out.length - 1; l >= 0 && isBlank(out[l]); l--) out[l].dropped = true;
}

function renderLine(o: OutLine, commentColumn: number, useTabs: boolean, tabSize: number): string {
  if (o.verbatim) return o.code;
  if (o.comment === undefined) return o.code;
  const w = new LineWriter(useTabs, tabSize);
  if (o.commentOnlyColumn !== undefined) {
    w.padTo(o.commentOnlyColumn);
    w.write(o.comment);
    return w.text;
  }
  w.write(o.code);
  w.col = o.codeWidth;
  w.padTo(o.codeWidth + 1 <= MAX_COMMENT_COLUMN ? commentColumn : 0);
  w.write(o.comment);
  return w.text;
}

/** True when two parses hold the same records, comments, directives and parser faults, in order. */
function sameZone(a: ParsedZone, b: ParsedZone): boolean {
  const ar = a.records.filter((r) => r.file === 0);
  const br = b.records.filter((r) => r.file === 0);
  if (ar.length !== br.length) return false;
  for (let i = 0; i < ar.length; i++) {
    if (ar[i].ownerRelative !== br[i].ownerRelative || printRecord(ar[i]) !== printRecord(br[i])) return false;
  }
  const ac = a.comments.filter((c) => c.file === 0);
  const bc = b.comments.filter((c) => c.file === 0);
  if (ac.length !== bc.length) return false;
  for (let i = 0; i < ac.length; i++) if (ac[i].text !== bc[i].text) return false;
  const directive = (d: Directive): string => d.name + ' ' + d.args.map((t) => `${t.kind}:${t.text}`).join(' ');
  const ad = a.directives.filter((d) => d.file === 0);
  const bd = b.directives.filter((d) => d.file === 0);
  if (ad.length !== bd.length) return false;
  for (let i = 0; i < ad.length; i++) if (directive(ad[i]) !== directive(bd[i])) return false;
  const ae = a.diagnostics.filter((d) => d.file === 0);
  const be = b.diagnostics.filter((d) => d.file === 0);
  if (ae.length !== be.length) return false;
  for (let i = 0; i < ae.length; i++) if (ae[i].code !== be[i].code) return false;
  return true;
}

function verify(parsed: ParsedZone, before: string, after: string): boolean {
  if (before === after) return true;
  const options = { origin: parsed.origin, path: parsed.files[0]?.path };
  // The caller's parse may have read $INCLUDE files; compare two parses made the same way.
  const readIncludes = parsed.files.length > 1 || parsed.directives.some((d) => d.name === '$INCLUDE');
  return sameZone(readIncludes ? parseZone(before, options) : parsed, parseZone(after, options));
}

/**
 * LSP formatting: one edit per run of changed lines. Returns no edits when the text is already
 * formatted, or when the formatted text would not parse to the same zone.
 */
export function formatZone(parsed: ParsedZone, text: string, options: ZoneFormattingOptions): TextEdit[] {
  const { verified, layout, lines } = formatLines(parsed, text, options);
  if (!verified) return [];
  const index = new LineIndex(text);
  const lineStart = (l: number): number => (l === 0 ? 0 : l < layout.lines.length ? layout.lines[l - 1].next : text.length);
  const range = (from: number, to: number): Range => ({ start: index.position(lineStart(from)), end: index.position(lineStart(to)) });
  const edits: TextEdit[] = [];
  let l = 0;
  while (l < lines.length) {
    if (lines[l] === text.slice(lineStart(l), layout.lines[l].next)) {
      l++;
      continue;
    }
    const from = l;
    while (l < lines.length && lines[l] !== text.slice(lineStart(l), layout.lines[l].next)) l++;
    edits.push({ range: range(from, l), newText: lines.slice(from, l).join('') });
  }
  return edits;
}
