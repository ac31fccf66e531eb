// Tokenizes zone-file text with the extension's TextMate grammar, the way VS Code does
// (vscode-textmate on the Oniguruma regex engine compiled to WebAssembly), and asserts
// the scopes of named pieces of a line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = join(__dirname, '..', '..');
export const grammarPath = join(root, 'syntaxes', 'dns-zone.tmLanguage.json');
export const scopeName = 'source.dns-zone';

export interface Token {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

export interface TokenizedLine {
  line: string;
  tokens: Token[];
}

let grammarPromise: Promise<textmate.IGrammar> | undefined;

/** The grammar, loaded once from syntaxes/ on the Oniguruma WebAssembly engine. */
export function loadGrammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (name) => (name === scopeName ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
    });
    const grammar = await registry.loadGrammar(scopeName);
    if (!grammar) throw new Error(`grammar ${scopeName} did not load`);
    return grammar;
  })();
  return grammarPromise;
}

/** Tokenizes the lines of `text` in order, carrying the rule stack from each line to the next. */
export async function tokenize(text: string): Promise<TokenizedLine[]> {
  const grammar = await loadGrammar();
  let stack = textmate.INITIAL;
  const out: TokenizedLine[] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    out.push({
      line,
      tokens: r.tokens.map((t) => ({ text: line.slice(t.startIndex, Math.min(t.endIndex, line.length)), start: t.startIndex, end: t.endIndex, scopes: t.scopes })),
    });
  }
  return out;
}

/** A readable dump of a line's tokens, for assertion messages. */
export function dump(l: TokenizedLine): string {
  return l.tokens.map((t) => `  ${JSON.stringify(t.text)} ${t.scopes.filter((s) => s !== scopeName).join(' ') || '(none)'}`).join('\n');
}

/**
 * What to find in a line: `text`, at its `nth` occurrence (1-based, default 1), or from `at`.
 * A plain string stands for { text }.
 */
export type Piece = string | { text: string; nth?: number; at?: number };

function locate(l: TokenizedLine, piece: Piece): { text: string; start: number; end: number } {
  const p = typeof piece === 'string' ? { text: piece } : piece;
  let start = p.at ?? -1;
  if (p.at === undefined) {
    for (let n = 0; n < (p.nth ?? 1); n++) {
      start = l.line.indexOf(p.text, start + 1);
      if (start < 0) break;
    }
  }
  assert.ok(start >= 0 && l.line.startsWith(p.text, start), `${JSON.stringify(p.text)} is not in ${JSON.stringify(l.line)}`);
  return { text: p.text, start, end: start + p.text.length };
}

/** The scope lists of every token that overlaps the piece. */
export function scopesOf(l: TokenizedLine, piece: Piece): string[][] {
  const { start, end } = locate(l, piece);
  return l.tokens.filter((t) => t.start < end && t.end > start).map((t) => t.scopes);
}

function hasScope(scopes: string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

/**
 * Asserts that every character of the piece carries `scope` (or a scope below it: `comment`
 * matches `comment.line.semicolon.dns-zone`), and that the piece is a token of its own when
 * `whole` is set (no token runs past its ends).
 */
export function assertScope(l: TokenizedLine, piece: Piece, scope: string, opts: { whole?: boolean } = {}): void {
  const { text, start, end } = locate(l, piece);
  const overlapping = l.tokens.filter((t) => t.start < end && t.end > start);
  const bad = overlapping.filter((t) => !hasScope(t.scopes, scope));
  assert.equal(bad.length, 0, `${JSON.stringify(text)} in ${JSON.stringify(l.line)} is not all ${scope}:\n${dump(l)}`);
  if (opts.whole) {
    assert.ok(overlapping[0].start === start && overlapping[overlapping.length - 1].end >= end && overlapping.every((t) => t.end <= end || t.end >= l.line.length && end === l.line.length), `${JSON.stringify(text)} is not a token of its own in ${JSON.stringify(l.line)}:\n${dump(l)}`);
  }
}

/** Asserts that no character of the piece carries `scope` (nor a scope below it). */
export function assertNotScope(l: TokenizedLine, piece: Piece, scope: string): void {
  const { text } = locate(l, piece);
  const bad = scopesOf(l, piece).filter((s) => hasScope(s, scope));
  assert.equal(bad.length, 0, `${JSON.stringify(text)} in ${JSON.stringify(l.line)} should not be ${scope}:\n${dump(l)}`);
}
