// The tokens of one source file, packed in a typed array: a zone of a million records keeps
// its tokens in a few megabytes instead of millions of objects the garbage collector must walk.
import { TokenKind, type Token } from './types';

/** Stored kinds: a quoted string is either closed or cut short by the end of its line. */
export const enum StoredKind {
  Word = 0,
  Quoted = 1,
  QuotedUnclosed = 2,
}

const SLOTS = 3;

export class TokenStore {
  private data = new Int32Array(3 * 1024);
  private count = 0;
  /** Texts that differ from the file's characters ($GENERATE substitutions), by token index. */
  private overrides: Map<number, string> | undefined;

  constructor(
    readonly text: string,
    readonly file: number,
  ) {}

  get length(): number {
    return this.count;
  }

  push(kind: StoredKind, start: number, end: number, override?: string): number {
    if ((this.count + 1) * SLOTS > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const i = this.count++;
    const o = i * SLOTS;
    this.data[o] = start;
    this.data[o + 1] = end;
    this.data[o + 2] = kind;
    if (override !== undefined) (this.overrides ??= new Map()).set(i, override);
    return i;
  }

  truncate(count: number): void {
    this.count = count;
    if (this.overrides) for (const i of this.overrides.keys()) if (i >= count) this.overrides.delete(i);
  }

  start(i: number): number {
    return this.data[i * SLOTS];
  }

  end(i: number): number {
    return this.data[i * SLOTS + 1];
  }

  kind(i: number): TokenKind {
    return this.data[i * SLOTS + 2] === StoredKind.Word ? TokenKind.Word : TokenKind.Quoted;
  }

  /** Raw text of the token: for quoted strings without the quotes, escapes not decoded. */
  textOf(i: number): string {
    if (this.overrides !== undefined) {
      const o = this.overrides.get(i);
      if (o !== undefined) return o;
    }
    const base = i * SLOTS;
    const start = this.data[base];
    const end = this.data[base + 1];
    switch (this.data[base + 2]) {
      case StoredKind.Word:
        return this.text.slice(start, end);
      case StoredKind.Quoted:
        return this.text.slice(start + 1, end - 1);
      default:
        return this.text.slice(start + 1, end);
    }
  }

  /** The first character of the token's raw text, without making a string. */
  firstCharCode(i: number): number {
    if (this.overrides !== undefined && this.overrides.has(i)) return this.overrides.get(i)!.charCodeAt(0);
    const base = i * SLOTS;
    return this.text.charCodeAt(this.data[base] + (this.data[base + 2] === StoredKind.Word ? 0 : 1));
  }

  token(i: number): Token {
    return { kind: this.kind(i), text: this.textOf(i), start: this.start(i), end: this.end(i), file: this.file };
  }

  tokens(first: number, count: number): Token[] {
    const out: Token[] = new Array(count);
    for (let k = 0; k < count; k++) out[k] = this.token(first + k);
    return out;
  }
}
