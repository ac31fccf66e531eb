// A record as the parser keeps it: a few numbers and shared strings, with its tokens in the
// file's TokenStore. Spans, tokens and parsed fields are derived when asked for, so a zone of
// a million records stays small; fields are re-parsed on demand and the last ones are cached.
import { getRdataType, parseGenericRdata } from '../rdata/index';
import type { RdataContext } from '../rdata/types';
import type { TokenStore } from './tokenStore';
import type { RdataField, Span, Token, ZoneRecord } from './types';

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
    private readonly store: TokenStore,
    /** Index of the record's first token (owner, TTL, class or type) in the store. */
    private readonly first: number,
    private readonly count: number,
    private readonly flags: number,
  ) {
    this.class = cls;
  }

  get file(): number {
    return this.store.file;
  }

  get start(): number {
    return this.store.start(this.first);
  }

  get end(): number {
    return this.store.end(this.first + this.count - 1);
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

  private span(i: number): Span {
    return { start: this.store.start(i), end: this.store.end(i) };
  }

  /** Index of the type token. */
  private get typeIndex(): number {
    const f = this.flags;
    return this.first + (f & RecordFlags.HasOwner ? 1 : 0) + (f & RecordFlags.HasTtl ? 1 : 0) + (f & RecordFlags.HasClass ? 1 : 0);
  }

  get ownerSpan(): Span | undefined {
    return this.flags & RecordFlags.HasOwner ? this.span(this.first) : undefined;
  }

  get ttlSpan(): Span | undefined {
    const f = this.flags;
    if (!(f & RecordFlags.HasTtl)) return undefined;
    const base = this.first + (f & RecordFlags.HasOwner ? 1 : 0);
    return this.span(f & RecordFlags.ClassFirst ? base + 1 : base);
  }

  get classSpan(): Span | undefined {
    const f = this.flags;
    if (!(f & RecordFlags.HasClass)) return undefined;
    const base = this.first + (f & RecordFlags.HasOwner ? 1 : 0);
    return this.span(f & RecordFlags.ClassFirst || !(f & RecordFlags.HasTtl) ? base : base + 1);
  }

  get typeSpan(): Span {
    return this.span(this.typeIndex);
  }

  get rdata(): Token[] {
    const t = this.typeIndex + 1;
    return this.store.tokens(t, this.first + this.count - t);
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

/** Parse RDATA tokens with the type's module (or the RFC 3597 form). */
export function parseFields(type: string, rdata: Token[], ctx: RdataContext, generic: boolean): RdataField[] | undefined {
  if (generic) return parseGenericRdata(rdata, ctx, type)?.fields;
  return getRdataType(type)?.parse(rdata, ctx);
}
