// A record as the parser keeps it: a few numbers and shared strings. Its tokens are read again
// from the file when asked for, and its fields re-parsed (the last ones are cached), so a zone
// of a million records stays small.
import { getRdataType, parseGenericRdata } from '../rdata/index';
import type { RdataContext } from '../rdata/types';
import { typeCodeOf } from '../facts/recordTypes';
import { readTokens, wordEnd } from './scanner';
import type { RdataField, SourceFile, Span, Token, ZoneRecord } from './types';

export const enum RecordFlags {
  HasOwner = 1,
  OwnerRelative = 2,
  HasTtl = 4,
  HasClass = 8,
  /** The class token comes before the TTL token. */
  ClassFirst = 16,
  Generic = 32,
  Generated = 64,
  RdataInvalid = 128,
  /** Bits 8-10 hold the TTL source. */
  TtlSourceShift = 8,
}

const TTL_SOURCES: ZoneRecord['ttlSource'][] = ['explicit', 'default', 'previous', 'soa-minimum', 'none'];

export function ttlSourceBits(source: ZoneRecord['ttlSource']): number {
  return TTL_SOURCES.indexOf(source) << RecordFlags.TtlSourceShift;
}

const silentContext = (origin: string): RdataContext => ({ origin, report: () => undefined });

let cachedRecord: StoredRecord | undefined;
let cachedFields: RdataField[] | undefined;

/** Drops the cached fields, whose offsets are wrong once records have moved. */
export function forgetCachedFields(): void {
  cachedRecord = undefined;
  cachedFields = undefined;
}

/** What many records share: their file, the origin in effect and their class. */
export interface RecordScope {
  readonly source: SourceFile;
  /** Origin in effect for the RDATA's relative names. */
  readonly origin: string;
  readonly class: string;
}

const COUNT_SHIFT = 11;
/** Token counts from this on do not fit beside the flags; such records keep their tokens. */
export const MAX_PACKED_COUNT = 1 << (31 - COUNT_SHIFT);

export class StoredRecord implements ZoneRecord {
  /** Flags in the low bits, the number of tokens above them: one small integer per record. */
  private readonly packed: number;

  constructor(
    readonly owner: string,
    readonly ttl: number,
    readonly type: string,
    private readonly scope: RecordScope,
    /** Offset of the record's first token (owner, TTL, class or type). */
    readonly start: number,
    count: number,
    flags: number,
  ) {
    this.packed = flags | (count << COUNT_SHIFT);
  }

  /** Moves the record by `delta` characters, after an edit before it (see reparseZone). */
  moveBy(delta: number): void {
    (this as { start: number }).start += delta;
  }

  private get flags(): number {
    return this.packed & ((1 << COUNT_SHIFT) - 1);
  }

  private get count(): number {
    return this.packed >>> COUNT_SHIFT;
  }

  private get source(): SourceFile {
    return this.scope.source;
  }

  get class(): string {
    return this.scope.class;
  }

  get origin(): string {
    return this.scope.origin;
  }

  get typeCode(): number {
    return typeCodeOf(this.type) ?? 0;
  }

  get file(): number {
    return this.scope.source.id;
  }

  /** The record's tokens, owner (when written) first. */
  tokens(): Token[] {
    return readTokens(this.source.text, this.source.id, this.start, this.count);
  }

  get end(): number {
    const last = this.tokensFrom(this.count - 1);
    return last[last.length - 1].end;
  }

  get ownerRelative(): boolean {
    return (this.flags & RecordFlags.OwnerRelative) !== 0;
  }

  get generic(): boolean {
    return (this.flags & RecordFlags.Generic) !== 0;
  }

  get generated(): boolean {
    return (this.flags & RecordFlags.Generated) !== 0;
  }

  get ttlSource(): ZoneRecord['ttlSource'] {
    return TTL_SOURCES[(this.flags >> RecordFlags.TtlSourceShift) & 7];
  }

  /** The record's tokens from the i-th on; those before it are only passed over. */
  protected tokensFrom(i: number): Token[] {
    return readTokens(this.source.text, this.source.id, this.start, this.count, i);
  }

  /** Span of the i-th token; reads only the tokens up to it. */
  protected span(i: number): Span {
    const t = readTokens(this.source.text, this.source.id, this.start, i + 1, i)[0];
    return { start: t.start, end: t.end };
  }

  /** Index of the type token among the record's tokens. */
  private get typeIndex(): number {
    const f = this.flags;
    return (f & RecordFlags.HasOwner ? 1 : 0) + (f & RecordFlags.HasTtl ? 1 : 0) + (f & RecordFlags.HasClass ? 1 : 0);
  }

  get ownerSpan(): Span | undefined {
    if (!(this.flags & RecordFlags.HasOwner)) return undefined;
    // Owners are words (a quoted owner is not a name BIND reads): no need to build the token.
    return this.source.text.charCodeAt(this.start) === 0x22 ? this.span(0) : { start: this.start, end: wordEnd(this.source.text, this.start) };
  }

  get ttlSpan(): Span | undefined {
    const f = this.flags;
    if (!(f & RecordFlags.HasTtl)) return undefined;
    const base = f & RecordFlags.HasOwner ? 1 : 0;
    return this.span(f & RecordFlags.ClassFirst ? base + 1 : base);
  }

  get classSpan(): Span | undefined {
    const f = this.flags;
    if (!(f & RecordFlags.HasClass)) return undefined;
    const base = f & RecordFlags.HasOwner ? 1 : 0;
    return this.span(f & RecordFlags.ClassFirst || !(f & RecordFlags.HasTtl) ? base : base + 1);
  }

  get typeSpan(): Span {
    return this.span(this.typeIndex);
  }

  get rdata(): Token[] {
    return this.tokensFrom(this.typeIndex + 1);
  }

  get fields(): RdataField[] | undefined {
    if (this.flags & RecordFlags.RdataInvalid) return undefined;
    if (cachedRecord === this) return cachedFields;
    const fields = parseFields(this.type, this.rdata, silentContext(this.origin), this.generic);
    cachedRecord = this;
    cachedFields = fields;
    return fields;
  }
}

/**
 * A record that keeps its tokens: $GENERATE output (its tokens are substituted text, not the
 * file's), or a record with more tokens than fit beside the flags.
 */
export class TokenRecord extends StoredRecord {
  constructor(owner: string, ttl: number, type: string, scope: RecordScope, flags: number, private readonly generatedTokens: Token[]) {
    super(owner, ttl, type, scope, generatedTokens[0].start, generatedTokens.length, flags);
  }

  override tokens(): Token[] {
    return this.generatedTokens;
  }

  protected override tokensFrom(i: number): Token[] {
    return this.generatedTokens.slice(i);
  }

  protected override span(i: number): Span {
    const t = this.generatedTokens[i];
    return { start: t.start, end: t.end };
  }
}

/** Parse RDATA tokens with the type's module (or the RFC 3597 form). */
export function parseFields(type: string, rdata: Token[], ctx: RdataContext, generic: boolean): RdataField[] | undefined {
  if (generic) return parseGenericRdata(rdata, ctx, type)?.fields;
  return getRdataType(type)?.parse(rdata, ctx);
}
