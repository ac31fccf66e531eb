// A record as the parser keeps it: a few numbers and shared strings. Its tokens are read again
// from the file when asked for, and its fields re-parsed (the last ones are cached), so a zone
// of a million records stays small.
import { getRdataType, parseGenericRdata } from '../rdata/index';
import type { RdataContext } from '../rdata/types';
import { readTokens } from './scanner';
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

export class StoredRecord implements ZoneRecord {
  readonly class: string;

  constructor(
    readonly owner: string,
    readonly ttl: number,
    cls: string,
    readonly type: string,
    readonly typeCode: number,
    /** Origin in effect for the RDATA's relative names. */
    readonly origin: string,
    private readonly source: SourceFile,
    /** Offset of the record's first token (owner, TTL, class or type) and the number of tokens. */
    readonly start: number,
    private readonly count: number,
    private readonly flags: number,
  ) {
    this.class = cls;
  }

  get file(): number {
    return this.source.id;
  }

  /** The record's tokens, owner (when written) first. */
  tokens(): Token[] {
    return readTokens(this.source.text, this.source.id, this.start, this.count);
  }

  get end(): number {
    const tokens = this.tokens();
    return tokens[tokens.length - 1].end;
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

  /** Span of the i-th token; reads only the tokens up to it. */
  protected span(i: number): Span {
    const tokens = readTokens(this.source.text, this.source.id, this.start, i + 1);
    const t = tokens[i];
    return { start: t.start, end: t.end };
  }

  /** Index of the type token among the record's tokens. */
  private get typeIndex(): number {
    const f = this.flags;
    return (f & RecordFlags.HasOwner ? 1 : 0) + (f & RecordFlags.HasTtl ? 1 : 0) + (f & RecordFlags.HasClass ? 1 : 0);
  }

  get ownerSpan(): Span | undefined {
    return this.flags & RecordFlags.HasOwner ? this.span(0) : undefined;
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
    return this.tokens().slice(this.typeIndex + 1);
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

/** A record made by $GENERATE: its tokens are substituted text, so it keeps them. */
export class GeneratedRecord extends StoredRecord {
  constructor(owner: string, ttl: number, cls: string, type: string, typeCode: number, origin: string, source: SourceFile, flags: number, private readonly generatedTokens: Token[]) {
    super(owner, ttl, cls, type, typeCode, origin, source, generatedTokens[0].start, generatedTokens.length, flags);
  }

  override tokens(): Token[] {
    return this.generatedTokens;
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
