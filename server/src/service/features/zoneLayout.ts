// The physical layout of a zone file as the editor features need it: lines, the pieces on each
// line (words, quoted strings, parentheses, a comment) and the entries (logical lines) they form.
// It follows the scanner's rules exactly, so an entry here is an entry the parser saw.
import { wordEnd } from '../zone/scanner';
import { BACKSLASH, CR, LF, LPAREN, QUOTE, RPAREN, SEMI, SPACE, TAB } from '../zone/charCodes';
import { lastAtOrBefore } from '../zone/search';
import type { ParsedZone } from '../zone/types';

export const enum PieceKind {
  Word = 0,
  Quoted = 1,
  Open = 2,
  Close = 3,
}

/** A word, quoted string or parenthesis; `start`/`end` are offsets into the text. */
export interface Piece {
  kind: PieceKind;
  start: number;
  end: number;
}

export interface PhysicalLine {
  /** Offset where the line's content starts (after a byte order mark on the first line). */
  start: number;
  /** Offset of the end of the content: before the LF, and before one CR that precedes it. */
  end: number;
  /** Offset where the next line starts (the text's length for the last line). */
  next: number;
  pieces: Piece[];
  /** The comment from ';' to the content end, as the scanner records it. */
  comment?: { start: number; end: number };
  /** The scanner reports a fault here (a backslash before the line end, an unclosed quote). */
  faulty?: boolean;
  /** A quoted string with an escaped line end continues on the next line. */
  joinsNext?: boolean;
}

export interface LayoutEntry {
  firstLine: number;
  lastLine: number;
  /** The first line began with a space or tab: a record with the previous owner. */
  indented: boolean;
  /** Offset of the first token, or -1 for a group of lines without tokens (blank or comment). */
  firstToken: number;
  /** End of the last piece (token or parenthesis), or -1 without pieces. */
  codeEnd: number;
}

export interface ZoneLayout {
  text: string;
  /** 1 when the text starts with a byte order mark, else 0. */
  bomLength: number;
  lines: PhysicalLine[];
  /** Entries in file order, including groups of lines that hold no token. */
  entries: LayoutEntry[];
  /** The entry whose first token starts at an offset. */
  entryAt(firstToken: number): LayoutEntry | undefined;
}


/** Lines of the text, split at LF (a final LF does not start another line), with their pieces. */
function lexLines(text: string, bomLength: number): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  const len = text.length;
  let start = bomLength;
  while (start < len) {
    let lf = text.indexOf('\n', start);
    if (lf < 0) lf = len;
    const end = lf > start && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    lines.push({ start, end, next: lf < len ? lf + 1 : len, pieces: [] });
    start = lf + 1;
  }
  let l = 0;
  let pos = bomLength;
  while (pos < len && l < lines.length) {
    const line = lines[l];
    const c = text.charCodeAt(pos);
    if (c === LF) {
      l++;
      pos++;
    } else if (c === SPACE || c === TAB || c === CR) {
      pos++;
    } else if (c === SEMI) {
      line.comment = { start: pos, end: Math.max(pos, line.end) };
      const lf = text.indexOf('\n', pos);
      pos = lf < 0 ? len : lf;
    } else if (c === LPAREN || c === RPAREN) {
      line.pieces.push({ kind: c === LPAREN ? PieceKind.Open : PieceKind.Close, start: pos, end: pos + 1 });
      pos++;
    } else if (c === QUOTE) {
      // As the scanner reads it: a backslash escapes any character, the line end included.
      let q = pos + 1;
      let closed = false;
      while (q < len) {
        const d = text.charCodeAt(q);
        if (d === BACKSLASH) q += 2;
        else if (d === QUOTE) {
          closed = true;
          break;
        } else if (d === LF) break;
        else q++;
      }
      if (closed) {
        line.pieces.push({ kind: PieceKind.Quoted, start: pos, end: q + 1 });
        // An escaped line end inside the string joins the lines it crosses into one.
        while (l < lines.length - 1 && lines[l].next <= q) {
          lines[l].joinsNext = true;
          l++;
        }
        pos = q + 1;
      } else {
        const lineEnd = Math.min(q, len);
        const rawEnd = lineEnd > pos + 1 && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
        line.pieces.push({ kind: PieceKind.Quoted, start: pos, end: rawEnd });
        line.faulty = true;
        while (l < lines.length - 1 && lines[l].next <= lineEnd) {
          lines[l].joinsNext = true;
          l++;
        }
        pos = lineEnd;
      }
    } else {
      const e = wordEnd(text, pos);
      if (e > pos) line.pieces.push({ kind: PieceKind.Word, start: pos, end: e });
      pos = e;
      if (pos < len && text.charCodeAt(pos) === BACKSLASH) {
        // A backslash before the line end escapes nothing; the scanner reports and skips it.
        line.faulty = true;
        pos++;
      }
    }
  }
  return lines;
}

function isTokenPiece(p: Piece): boolean {
  return p.kind === PieceKind.Word || p.kind === PieceKind.Quoted;
}

/** A line where the scanner would restart after an unclosed '(' (it looks like a new record). */
function isRecoveryLine(text: string, line: PhysicalLine): boolean {
  if (line.start >= text.length) return false;
  const c = text.charCodeAt(line.start);
  return c !== SPACE && c !== TAB && c !== SEMI && c !== LF && c !== CR && c !== RPAREN;
}

export function layoutZone(text: string): ZoneLayout {
  const bomLength = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lines = lexLines(text, bomLength);
  const entries: LayoutEntry[] = [];
  let i = 0;
  while (i < lines.length) {
    const firstLine = i;
    const first = lines[i];
    const c = first.start < text.length ? text.charCodeAt(first.start) : LF;
    const indented = c === SPACE || c === TAB;
    let depth = 0;
    let recoveryLine = -1;
    let last = i;
    for (let l = i; l < lines.length; l++) {
      if (l > i && recoveryLine < 0 && !lines[l - 1].joinsNext && isRecoveryLine(text, lines[l])) recoveryLine = l;
      for (const p of lines[l].pieces) {
        if (p.kind === PieceKind.Open) depth++;
        else if (p.kind === PieceKind.Close && depth > 0) depth--;
      }
      last = l;
      if (depth === 0 && !lines[l].joinsNext) break;
    }
    // An unclosed '(' at the end of the file: the scanner goes back to the recovery line.
    if (depth > 0 && recoveryLine >= 0) last = recoveryLine - 1;
    let firstToken = -1;
    let codeEnd = -1;
    for (let l = firstLine; l <= last; l++) {
      for (const p of lines[l].pieces) {
        if (firstToken < 0 && isTokenPiece(p)) firstToken = p.start;
        codeEnd = p.end;
      }
    }
    entries.push({ firstLine, lastLine: last, indented, firstToken, codeEnd });
    i = last + 1;
  }
  let byToken: Map<number, LayoutEntry> | undefined;
  return {
    text,
    bomLength,
    lines,
    entries,
    entryAt(firstToken: number): LayoutEntry | undefined {
      if (!byToken) {
        byToken = new Map();
        for (const e of entries) if (e.firstToken >= 0) byToken.set(e.firstToken, e);
      }
      return byToken.get(firstToken);
    },
  };
}

/**
 * The end of a prefix of file 0 that holds every entry starting before `offset`: the first parse
 * checkpoint after it (a line start outside any entry), else the whole text. The layout of that
 * prefix is the layout of the whole text up to there.
 */
export function prefixEnd(parsed: ParsedZone, text: string, offset: number): number {
  const checkpoints = parsed.checkpoints;
  if (!checkpoints || parsed.files[0]?.text !== text) return text.length;
  const i = lastAtOrBefore(checkpoints, offset, (c) => c.pos) + 1;
  return i < checkpoints.length ? checkpoints[i].pos : text.length;
}

/** A bound on the items a feature computes for a document (an outline, folding ranges). */
export interface ItemLimit {
  maxItems: number;
  /** Called when the feature left items out. */
  onLimit?(): void;
}

