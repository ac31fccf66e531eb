// Where the cursor is in its entry, read from the text around it: completion runs on every
// keystroke, often on a line the parser rejected, so it reads only the entry at the cursor.
import { wordEnd } from '../../zone/scanner';
import { BACKSLASH, CR, LF, LPAREN, QUOTE, RPAREN, SEMI, SPACE, TAB } from '../../zone/charCodes';

export interface CursorToken {
  quoted: boolean;
  /** Offset of the token (its opening quote for a quoted string). */
  start: number;
  /** Raw text: for quoted strings without the quotes. */
  text: string;
}

export interface CursorContext {
  /** Offset where the entry's first line starts. */
  entryStart: number;
  /** The entry's first line starts with a space or tab: the owner is inherited. */
  indented: boolean;
  /** The cursor is inside a comment. */
  inComment: boolean;
  /** Tokens of the entry that end before the cursor (with something between them and it). */
  tokens: CursorToken[];
  /**
   * The token the cursor is in or touches, text up to the cursor. A quoted string that is still
   * open at the cursor has `open` set; one the cursor is just after has it unset.
   */
  current?: CursorToken & { open: boolean };
}


/** How far back a parenthesised entry is looked for; DNSKEY and SOA records span far fewer lines. */
const MAX_CONTINUATION_LINES = 200;

/** Start of the line that holds `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Net parentheses of one line (outside quotes and comments), and whether it has any. */
function lineParens(text: string, start: number, end: number): { net: number; any: boolean } {
  let net = 0;
  let any = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === SEMI) break;
    if (c === QUOTE) {
      i++;
      while (i < end && text.charCodeAt(i) !== QUOTE) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
    } else if (c === LPAREN) {
      net++;
      any = true;
    } else if (c === RPAREN) {
      net--;
      any = true;
    }
  }
  return { net, any };
}

/**
 * Start of the entry that the line at `lineStart` belongs to: an earlier line when a '(' on it
 * is still open. The '(' that makes an entry span lines is always on its first line, since a
 * newline outside parentheses ends the entry.
 */
function entryStartOf(text: string, lineStart: number): number {
  let sum = 0;
  let end = lineStart - 1;
  for (let n = 0; n < MAX_CONTINUATION_LINES && end >= 0; n++) {
    const start = lineStartOf(text, end);
    const parens = lineParens(text, start, end);
    sum += parens.net;
    if (sum > 0) return start;
    if (parens.any) break;
    end = start - 1;
  }
  return lineStart;
}

/** Reads the entry at `offset` up to the cursor. */
export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = lineStartOf(text, offset);
  let entryStart = entryStartOf(text, lineStart);
  if (entryStart === 0 && text.charCodeAt(0) === 0xfeff) entryStart = 1;
  const first = text.charCodeAt(entryStart);
  const ctx: CursorContext = { entryStart, indented: first === SPACE || first === TAB, inComment: false, tokens: [] };
  let pos = entryStart;
  while (pos < offset) {
    const c = text.charCodeAt(pos);
    if (c === SPACE || c === TAB || c === LF || c === CR || c === LPAREN || c === RPAREN) {
      pos++;
    } else if (c === SEMI) {
      const lf = text.indexOf('\n', pos);
      const lineEnd = lf < 0 ? text.length : lf;
      if (offset <= lineEnd) {
        ctx.inComment = true;
        return ctx;
      }
      pos = lineEnd;
    } else if (c === QUOTE) {
      let i = pos + 1;
      while (i < offset) {
        const q = text.charCodeAt(i);
        if (q === QUOTE || q === LF) break;
        i += q === BACKSLASH ? 2 : 1;
      }
      if (i >= offset) {
        // An escape cut by the cursor leaves i one past it.
        ctx.current = { quoted: true, start: pos, text: text.slice(pos + 1, offset), open: true };
        return ctx;
      }
      const closed = text.charCodeAt(i) === QUOTE;
      const end = closed ? i + 1 : i;
      const token = { quoted: true, start: pos, text: text.slice(pos + 1, i) };
      if (end === offset) {
        ctx.current = { ...token, open: false };
        return ctx;
      }
      ctx.tokens.push(token);
      pos = end;
    } else {
      const e = wordEnd(text, pos);
      if (e >= offset) {
        ctx.current = { quoted: false, start: pos, text: text.slice(pos, offset), open: false };
        return ctx;
      }
      if (e > pos) ctx.tokens.push({ quoted: false, start: pos, text: text.slice(pos, e) });
      pos = e === pos ? pos + 1 : e;
    }
  }
  return ctx;
}
