// Splits master-file text into entries (one logical line each: parentheses join physical
// lines), words and quoted strings with their exact spans, and comments. Never throws:
// an unterminated quote ends at the end of its line, an unclosed parenthesis is closed at
// the next line that starts in the first column (or at the end of the file).
import { StoredKind, type TokenStore } from './tokenStore';
import { TokenKind, type Comment, type Token } from './types';
import { BACKSLASH, CR, LF, LPAREN, QUOTE, RPAREN, SEMI, SPACE, TAB } from './charCodes';

/** A comment whose text is read from the file only when asked for. */
class StoredComment implements Comment {
  constructor(
    readonly file: number,
    readonly start: number,
    readonly end: number,
    private readonly source: string,
  ) {}

  get text(): string {
    return this.source.slice(this.start, this.end);
  }
}

export interface Entry {
  /** Index of the entry's first token in the store, and how many it has. */
  first: number;
  count: number;
  /** The first physical line began with a space or tab: the owner is inherited. */
  indented: boolean;
  /** Offset of the start of the entry's first line. */
  lineStart: number;
}

export interface ScanIssue {
  code: 'syntax-unbalanced-parens' | 'syntax-unbalanced-quotes' | 'syntax-crlf' | 'syntax-bom' | 'syntax-bad-escape';
  message: string;
  start: number;
  end: number;
}

export interface ScanSink {
  entry(entry: Entry): void;
  comment(comment: Comment): void;
  issue(issue: ScanIssue): void;
  /**
   * Called at the start of each line outside any entry, when everything before `pos` has been
   * passed on; returning true stops the scan there.
   */
  boundary?(pos: number): boolean;
}

/** A comment of `text` moved by `delta` characters (for a re-parse that keeps the rest of a file). */
export function movedComment(c: Comment, delta: number, text: string): Comment {
  return new StoredComment(c.file, c.start + delta, c.end + delta, text);
}


/** Characters that end a word (and the backslash, which escapes the next one). */
const ENDS_WORD = new Uint8Array(0x80);
for (const c of [SPACE, TAB, LF, CR, SEMI, LPAREN, RPAREN, QUOTE, BACKSLASH]) ENDS_WORD[c] = 1;

/**
 * End of the quoted string that starts at `pos` (just after its closing quote), or the
 * bitwise complement of the line end when the line ends first.
 */
function quotedStringEnd(text: string, pos: number): number {
  const len = text.length;
  pos++;
  while (pos < len) {
    const q = text.charCodeAt(pos);
    if (q === BACKSLASH) {
      pos += 2;
      continue;
    }
    if (q === QUOTE) return pos + 1;
    if (q === LF) return ~pos;
    pos++;
  }
  return ~len;
}

/** End of the raw text of an unclosed quoted string: the line end, before a CR. */
function unclosedRawEnd(text: string, start: number, lineEnd: number): number {
  return lineEnd > start + 1 && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
}

/** End of the word that starts at `pos`; a backslash at the end of a line is left outside it. */
export function wordEnd(text: string, pos: number): number {
  const len = text.length;
  while (pos < len) {
    const w = text.charCodeAt(pos);
    if (w < 0x80 && ENDS_WORD[w] !== 0) {
      if (w !== BACKSLASH) return pos;
      const next = pos + 1 < len ? text.charCodeAt(pos + 1) : LF;
      if (next === LF || next === CR) return pos;
      pos += 2;
      continue;
    }
    pos++;
  }
  return len;
}

/**
 * The `count` tokens that start at offset `start`, read again from the text: records keep
 * only where their tokens begin, and rebuild them when a rule or feature asks.
 */
export function readTokens(text: string, file: number, start: number, count: number, skip = 0): Token[] {
  const out: Token[] = [];
  const len = text.length;
  let pos = start;
  // The first `skip` tokens are passed over without being built (a record's RDATA follows its owner, TTL, class and type).
  let index = 0;
  while (index < count && pos < len) {
    const c = text.charCodeAt(pos);
    if (c === SPACE || c === TAB || c === LF || c === CR || c === LPAREN || c === RPAREN) {
      pos++;
    } else if (c === SEMI) {
      while (pos < len && text.charCodeAt(pos) !== LF) pos++;
    } else if (c === QUOTE) {
      const e = quotedStringEnd(text, pos);
      const end = e >= 0 ? e : unclosedRawEnd(text, pos, ~e);
      if (index++ >= skip) out.push({ kind: TokenKind.Quoted, text: text.slice(pos + 1, e >= 0 ? e - 1 : end), start: pos, end, file });
      pos = e >= 0 ? e : ~e;
    } else {
      const e = wordEnd(text, pos);
      if (e > pos && index++ >= skip) out.push({ kind: TokenKind.Word, text: text.slice(pos, e), start: pos, end: e, file });
      pos = e === pos ? pos + 1 : e;
    }
  }
  return out;
}

/** Scans the file from `from` (a line start) to its end, or until sink.boundary says stop. */
export function scan(store: TokenStore, sink: ScanSink, from = 0): void {
  const text = store.text;
  const file = store.file;
  const len = text.length;
  let pos = from;
  const boundary = sink.boundary;
  if (pos === 0 && len > 0 && text.charCodeAt(0) === 0xfeff) {
    sink.issue({ code: 'syntax-bom', message: 'The file starts with a byte order mark (U+FEFF); some DNS servers read it as part of the first owner name. Save the file as UTF-8 without BOM.', start: 0, end: 1 });
    pos = 1;
  }
  let crlfReported = false;
  let commentsInEntry = 0;
  const comments: Comment[] = [];

  while (pos < len) {
    if (boundary !== undefined && boundary(pos)) return;
    // One entry starts at the beginning of a physical line.
    const lineStart = pos;
    const firstChar = text.charCodeAt(pos);
    const indented = firstChar === SPACE || firstChar === TAB;
    // The store holds one entry at a time: records keep offsets, not tokens.
    store.truncate(0);
    const first = 0;
    let depth = 0;
    let openParen = -1;
    // First line start inside open parentheses where a new record seems to begin (column 0).
    let recoveryPoint = -1;
    let recoveryTokenCount = 0;
    let recoveryCommentCount = 0;
    commentsInEntry = 0;
    let atLineStart = false;

    while (pos < len) {
      const c = text.charCodeAt(pos);
      if (atLineStart) {
        atLineStart = false;
        if (recoveryPoint < 0 && c !== SPACE && c !== TAB && c !== SEMI && c !== LF && c !== CR && c !== RPAREN) {
          recoveryPoint = pos;
          recoveryTokenCount = store.length;
          recoveryCommentCount = commentsInEntry;
        }
      }
      if (c === SPACE || c === TAB) {
        pos++;
      } else if (c === LF) {
        pos++;
        if (depth === 0) break;
        atLineStart = true;
      } else if (c === CR) {
        if (!crlfReported && text.charCodeAt(pos + 1) === LF) {
          crlfReported = true;
          sink.issue({ code: 'syntax-crlf', message: 'The file has CRLF (Windows) line endings; BIND accepts them but Knot rejects the zone ("unsupported CRLF newline"). Convert the file to LF line endings.', start: pos, end: pos + 2 });
        }
        pos++;
      } else if (c === SEMI) {
        let e = pos;
        while (e < len && text.charCodeAt(e) !== LF) e++;
        let ce = e;
        if (ce > pos && text.charCodeAt(ce - 1) === CR) ce--;
        comments.push(new StoredComment(file, pos, ce, text));
        commentsInEntry++;
        pos = e;
      } else if (c === LPAREN) {
        if (depth === 0) {
          openParen = pos;
          depth++;
        } else {
          sink.issue({ code: 'syntax-unbalanced-parens', message: "Parentheses do not nest in zone files; this '(' is inside another. Remove it and its matching ')'.", start: pos, end: pos + 1 });
          depth++;
        }
        pos++;
      } else if (c === RPAREN) {
        if (depth === 0) {
          sink.issue({ code: 'syntax-unbalanced-parens', message: "This ')' closes no '('. Remove it or add the missing '(' where the record's continuation starts.", start: pos, end: pos + 1 });
        } else depth--;
        pos++;
      } else if (c === QUOTE) {
        const start = pos;
        const e = quotedStringEnd(text, pos);
        if (e >= 0) {
          store.push(StoredKind.Quoted, start, e);
          pos = e;
        } else {
          const rawEnd = unclosedRawEnd(text, start, ~e);
          store.push(StoredKind.QuotedUnclosed, start, rawEnd);
          sink.issue({ code: 'syntax-unbalanced-quotes', message: 'This quoted string is not closed before the end of the line. Add the closing \'"\'.', start, end: Math.max(rawEnd, start + 1) });
          pos = ~e;
        }
      } else {
        const start = pos;
        pos = wordEnd(text, pos);
        if (pos > start) store.push(StoredKind.Word, start, pos);
        if (pos < len && text.charCodeAt(pos) === BACKSLASH) {
          // A backslash cannot escape the end of the line; BIND rejects it.
          sink.issue({ code: 'syntax-bad-escape', message: 'A backslash at the end of a line escapes nothing. Remove it, or write \\\\ for a literal backslash.', start: pos, end: pos + 1 });
          pos++;
        }
      }
    }

    if (depth > 0) {
      sink.issue({ code: 'syntax-unbalanced-parens', message: "This '(' is never closed, so everything after it is read as part of one record. Add the matching ')'.", start: openParen, end: openParen + 1 });
      if (recoveryPoint >= 0) {
        // Resume at the line that looks like the next record instead of swallowing the file.
        store.truncate(recoveryTokenCount);
        comments.length -= commentsInEntry - recoveryCommentCount;
        pos = recoveryPoint;
      }
    }
    for (const cm of comments) sink.comment(cm);
    comments.length = 0;
    const count = store.length - first;
    if (count > 0) sink.entry({ first, count, indented, lineStart });
  }
}
