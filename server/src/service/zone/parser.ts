// RFC 1035 §5 master files with BIND's directives: entries from the scanner become records
// and directives; every fault is reported with its span and parsing goes on.
import { getRdataType } from '../rdata/index';
import type { RdataContext } from '../rdata/types';
import { typeCodeOf, typeNameOf } from '../facts/recordTypes';
import { expandGenerate } from './generate';
import { parseName } from './names';
import { inferOrigin } from './origin';
import { forgetCachedFields, MAX_PACKED_COUNT, parseFields, RecordFlags, StoredRecord, TokenRecord, ttlSourceBits, type RecordScope } from './record';
import { movedComment, scan, type Entry } from './scanner';
import { StoredKind, TokenStore } from './tokenStore';
import { MAX_TTL, parseTtl } from './ttl';
import {
  TokenKind,
  type Directive,
  type IncludeHost,
  type ParsedZone,
  type ParseCheckpoint,
  type RdataField,
  type SourceFile,
  type Token,
  type ZoneDiagnostic,
  type ZoneRecord,
} from './types';
import { SYNTAX_RULES } from './syntaxRules';
import { throwIfCancelled, type IsCancelled } from '../cancel';
import { lastAtOrBefore } from './search';

export interface ParseOptions {
  /** Zone origin; inferred from the text and path when not given (see inferOrigin). */
  origin?: string;
  /** Path of the file, used for $INCLUDE resolution and origin inference. */
  path?: string;
  /** Reads $INCLUDE files; without it $INCLUDE is reported as not read. */
  includeHost?: IncludeHost;
  /** Asked every few thousand entries: true stops the parse with LintCancelled. */
  isCancelled?: IsCancelled;
}

/** Entries between two questions to isCancelled: a few milliseconds of parsing. */
const CANCEL_CHECK_INTERVAL = 4096;

/** Lines of file 0 between two parse checkpoints: what reparseZone parses again, at least. */
const CHECKPOINT_LINES = 128;

export const MAX_INCLUDE_DEPTH = 8;

const severityOf = new Map(SYNTAX_RULES.map((r) => [r.id, r.severity]));

// NONE and ANY are query classes, never the class of data in a zone file.
const CLASSES: Record<string, string> = { IN: 'IN', CH: 'CH', CHAOS: 'CH', HS: 'HS', HESIOD: 'HS', CS: 'CS' };

/** Canonical class of a token (IN, CH, HS, CLASSnnn), or undefined when it is not a class. */
export function classOf(text: string): string | undefined {
  // Every class starts with I, C or H: most tokens are rejected on their first character.
  const first = text.charCodeAt(0) | 0x20;
  if (first !== 0x69 && first !== 0x63 && first !== 0x68) return undefined;
  const direct = CLASSES[text] ?? CLASSES[text.toUpperCase()];
  if (direct) return direct;
  if (text.length > 5 && /^class[0-9]+$/i.test(text)) {
    const n = Number(text.slice(5));
    if (n > 65535) return undefined;
    return n === 1 ? 'IN' : n === 3 ? 'CH' : n === 4 ? 'HS' : `CLASS${n}`;
  }
  return undefined;
}

interface FileContext {
  file: number;
  /** The scope of the last record, shared by the next ones while origin and class stay. */
  scope?: RecordScope;
  store: TokenStore;
  rdataContext: RdataContext;
  origin: string;
  lastOwner?: string;
  /** $INCLUDE nesting depth and the files being read, for cycle detection. */
  depth: number;
  stack: string[];
}

class ZoneParser {
  readonly files: SourceFile[] = [];
  readonly records: ZoneRecord[] = [];
  readonly directives: Directive[] = [];
  readonly comments: ParsedZone['comments'] = [];
  readonly diagnostics: ZoneDiagnostic[] = [];
  private defaultTtl: number | undefined;
  /** Where the default TTL came from: $TTL, or the SOA minimum when there is no $TTL (as BIND does). */
  private defaultSource: 'default' | 'soa-minimum' = 'default';
  private lastTtl: number | undefined;
  private lastClass = 'IN';
  private zoneClass: string | undefined;
  private untilCancelCheck = CANCEL_CHECK_INTERVAL;
  readonly checkpoints: ParseCheckpoint[] = [];
  // The first line start gets a checkpoint too, so that an edit near the top is re-parsed from there.
  private linesToCheckpoint = 1;

  constructor(
    private readonly host: IncludeHost | undefined,
    private readonly isCancelled?: IsCancelled,
  ) {}

  report(code: string, message: string, file: number, start: number, end: number, data?: unknown): void {
    const d: ZoneDiagnostic = { code, severity: severityOf.get(code) ?? 'error', message, file, start, end: Math.max(end, start) };
    if (data !== undefined) d.data = data;
    this.diagnostics.push(d);
  }

  parseFile(path: string, text: string, ctx: Omit<FileContext, 'file' | 'store' | 'rdataContext'>, includedFrom?: SourceFile['includedFrom']): void {
    const file = this.files.length;
    this.files.push(includedFrom ? { id: file, path, text, includedFrom } : { id: file, path, text });
    const store = new TokenStore(text, file);
    // One RDATA context per file, updated per record: parsing is synchronous and it saves
    // three allocations for each of a million records.
    const rdataContext: RdataContext = {
      origin: ctx.origin,
      typeSpan: { start: 0, end: 0 },
      report: (code, message, start, end, data) => this.report(code, message, file, start, end, data),
    };
    const fctx: FileContext = { ...ctx, file, store, rdataContext };
    scan(store, {
      entry: (e) => this.entry(e, fctx),
      comment: (c) => this.comments.push(c),
      issue: (i) => this.report(i.code, i.message, file, i.start, i.end),
      boundary: file === 0 ? (pos) => this.checkpointAt(pos, fctx) : undefined,
    });
  }

  /** Counts lines of file 0 and takes a checkpoint every CHECKPOINT_LINES; never stops the scan. */
  private checkpointAt(pos: number, ctx: FileContext): boolean {
    if (--this.linesToCheckpoint === 0) {
      this.linesToCheckpoint = CHECKPOINT_LINES;
      this.checkpoints.push(this.snapshot(pos, ctx));
    }
    return false;
  }

  private snapshot(pos: number, ctx: FileContext): ParseCheckpoint {
    return {
      pos,
      records: this.records.length,
      directives: this.directives.length,
      comments: this.comments.length,
      diagnostics: this.diagnostics.length,
      origin: ctx.origin,
      lastOwner: ctx.lastOwner,
      scope: ctx.scope,
      defaultTtl: this.defaultTtl,
      defaultSource: this.defaultSource,
      lastTtl: this.lastTtl,
      lastClass: this.lastClass,
      zoneClass: this.zoneClass,
    };
  }

  /**
   * Parses file 0 (`source`) from the line start `from`, in the state `at` recorded there, until
   * `rejoin` accepts a line start (the old parse can take over from there) or the file ends.
   * Returns the position where it stopped, or -1 at the end of the file.
   */
  parseFrom(source: SourceFile, from: number, at: ParseCheckpoint, rejoin: (pos: number, state: ParseCheckpoint) => boolean): number {
    this.files.push(source);
    this.defaultTtl = at.defaultTtl;
    this.defaultSource = at.defaultSource;
    this.lastTtl = at.lastTtl;
    this.lastClass = at.lastClass;
    this.zoneClass = at.zoneClass;
    const store = new TokenStore(source.text, 0);
    const rdataContext: RdataContext = {
      origin: at.origin,
      typeSpan: { start: 0, end: 0 },
      report: (code, message, start, end, data) => this.report(code, message, 0, start, end, data),
    };
    const ctx: FileContext = { file: 0, store, rdataContext, origin: at.origin, lastOwner: at.lastOwner, scope: at.scope as RecordScope | undefined, depth: 0, stack: [source.path] };
    let stopped = -1;
    scan(
      store,
      {
        entry: (e) => this.entry(e, ctx),
        comment: (c) => this.comments.push(c),
        issue: (i) => this.report(i.code, i.message, 0, i.start, i.end),
        boundary: (pos) => {
          if (pos > from && rejoin(pos, this.snapshot(pos, ctx))) {
            stopped = pos;
            return true;
          }
          return this.checkpointAt(pos, ctx);
        },
      },
      from,
    );
    return stopped;
  }

  private entry(e: Entry, ctx: FileContext): void {
    if (--this.untilCancelCheck === 0) {
      this.untilCancelCheck = CANCEL_CHECK_INTERVAL;
      throwIfCancelled(this.isCancelled);
    }
    const store = ctx.store;
    if (!e.indented && store.kind(e.first) === TokenKind.Word && store.firstCharCode(e.first) === 0x24 /* $ */) {
      this.directive(store.tokens(e.first, e.count), ctx);
      return;
    }
    this.record(store, e.first, e.count, e.indented, ctx, false);
  }

  private directive(tokens: Token[], ctx: FileContext): void {
    const head = tokens[0];
    const name = head.text.toUpperCase();
    const args = tokens.slice(1);
    const last = tokens[tokens.length - 1];
    this.directives.push({ file: ctx.file, name, start: head.start, end: last.end, nameSpan: { start: head.start, end: head.end }, args });
    switch (name) {
      case '$ORIGIN': {
        if (args.length !== 1) {
          this.report('syntax-bad-directive', args.length === 0 ? '$ORIGIN needs a domain name, e.g. $ORIGIN example.com.' : '$ORIGIN takes one domain name; remove the extra words.', ctx.file, args.length ? args[1].start : head.start, args.length ? last.end : head.end);
          if (args.length === 0) return;
        }
        const n = this.name(args[0], ctx);
        if (n !== undefined) ctx.origin = n;
        return;
      }
      case '$TTL': {
        if (args.length !== 1) {
          this.report('syntax-bad-directive', args.length === 0 ? '$TTL needs a TTL, e.g. $TTL 3600.' : '$TTL takes one value; remove the extra words.', ctx.file, args.length ? args[1].start : head.start, args.length ? last.end : head.end);
          if (args.length === 0) return;
        }
        const ttl = this.ttl(args[0], ctx);
        if (ttl !== undefined) {
          this.defaultTtl = ttl;
          this.defaultSource = 'default';
          this.lastTtl = ttl;
        }
        return;
      }
      case '$INCLUDE':
        this.include(head, args, ctx);
        return;
      case '$GENERATE':
        this.generate(head, args, ctx);
        return;
      default:
        this.report('syntax-unknown-directive', `Unknown directive '${head.text}'. Zone files know $ORIGIN, $TTL, $INCLUDE and $GENERATE.`, ctx.file, head.start, head.end);
    }
  }

  private include(head: Token, args: Token[], ctx: FileContext): void {
    if (args.length === 0 || args.length > 2) {
      this.report('syntax-bad-directive', args.length === 0 ? '$INCLUDE needs a file name, e.g. $INCLUDE keys/example.com.keys' : '$INCLUDE takes a file name and an optional origin; remove the extra words.', ctx.file, head.start, args.length ? args[args.length - 1].end : head.end);
      if (args.length === 0) return;
    }
    const target = args[0];
    const span = { file: ctx.file, start: head.start, end: args[args.length > 1 ? 1 : 0].end };
    let origin = ctx.origin;
    if (args.length > 1) {
      const n = this.name(args[1], ctx);
      if (n !== undefined) origin = n;
    }
    if (!this.host) {
      this.report('syntax-include-skipped', `$INCLUDE '${target.text}' was not read (reading other files is turned off here), so records in it are not checked.`, ctx.file, target.start, target.end);
      return;
    }
    if (ctx.depth >= MAX_INCLUDE_DEPTH) {
      this.report('syntax-include-cycle', `$INCLUDE nesting is deeper than ${MAX_INCLUDE_DEPTH} files; '${target.text}' is not read. Flatten the includes.`, ctx.file, target.start, target.end);
      return;
    }
    const from = this.files[ctx.file].path;
    const result = this.host.read(from, target.text);
    if ('error' in result) {
      this.report('syntax-include-failed', `$INCLUDE '${target.text}': ${result.error}`, ctx.file, target.start, target.end);
      return;
    }
    if (ctx.stack.includes(result.path)) {
      this.report('syntax-include-cycle', `$INCLUDE '${target.text}' includes a file that is already being read (${[...ctx.stack, result.path].join(' -> ')}); this would never end. Remove the cycle.`, ctx.file, target.start, target.end);
      return;
    }
    // The included file starts with the includer's current owner; the includer's is restored after.
    this.parseFile(result.path, result.text, { origin, lastOwner: ctx.lastOwner, depth: ctx.depth + 1, stack: [...ctx.stack, result.path] }, span);
  }

  private generate(head: Token, args: Token[], ctx: FileContext): void {
    const expansion = expandGenerate(args, head);
    for (const issue of expansion.issues) this.report(issue.code, issue.message, ctx.file, issue.start, issue.end);
    const store = ctx.store;
    for (const tokens of expansion.entries) {
      store.truncate(0);
      for (const t of tokens) store.push(t.kind === TokenKind.Quoted ? StoredKind.Quoted : StoredKind.Word, t.start, t.end, t.text);
      this.record(store, 0, tokens.length, false, ctx, true);
    }
  }

  /** A domain-name token, absolute; reports and returns undefined when invalid. */
  private name(token: Token, ctx: FileContext): string | undefined {
    const parsed = parseName(token.text, ctx.origin);
    if (parsed.error) {
      const base = token.kind === TokenKind.Quoted ? token.start + 1 : token.start;
      this.report(parsed.error.code, parsed.error.message, ctx.file, base + parsed.error.start, base + parsed.error.end);
      return undefined;
    }
    return parsed.name;
  }

  private ttl(token: Token, ctx: FileContext): number | undefined {
    const r = parseTtl(token.text);
    if ('error' in r) {
      this.report('syntax-bad-ttl', r.error, ctx.file, token.start, token.end);
      return undefined;
    }
    if (r.value > MAX_TTL) {
      this.report('syntax-ttl-too-large', `TTL ${r.value} is above 2147483647 (2^31-1); resolvers treat it as 0 (RFC 2181 §8), so the data is not cached at all. Use a TTL such as 86400.`, ctx.file, token.start, token.end, { replacement: String(MAX_TTL) });
    }
    return r.value;
  }

  private record(store: TokenStore, first: number, count: number, indented: boolean, ctx: FileContext, generated: boolean): void {
    const file = ctx.file;
    const last = first + count - 1;
    let i = first;
    let owner: string | undefined;
    let flags = generated ? RecordFlags.Generated : 0;
    if (!indented) {
      i++;
      const raw = store.textOf(first);
      const parsed = parseName(raw, ctx.origin);
      if (parsed.error) {
        const base = store.kind(first) === TokenKind.Quoted ? store.start(first) + 1 : store.start(first);
        this.report(parsed.error.code, parsed.error.message, file, base + parsed.error.start, base + parsed.error.end);
      }
      owner = parsed.name;
      flags |= RecordFlags.HasOwner | (parsed.relative ? RecordFlags.OwnerRelative : 0);
      ctx.lastOwner = owner;
    } else {
      owner = ctx.lastOwner;
      flags |= RecordFlags.OwnerRelative;
      if (owner === undefined) {
        this.report('syntax-no-owner', 'This record starts with a space, so it takes the owner of the previous record, but there is none. Write the owner name (or @) in the first column.', file, store.start(first), store.end(last));
        return;
      }
    }

    let hasTtl = false;
    let ttlValue: number | undefined;
    let cls: string | undefined;
    let classIndex = -1;
    let typeIndex = -1;
    let typeCode: number | undefined;
    for (; i <= last && i < first + 4; i++) {
      if (store.kind(i) !== TokenKind.Word) break;
      const c = store.firstCharCode(i);
      if (!hasTtl && c >= 0x30 && c <= 0x39) {
        hasTtl = true;
        flags |= RecordFlags.HasTtl;
        ttlValue = this.ttl(store.token(i), ctx);
        continue;
      }
      const text = store.textOf(i);
      if (cls === undefined) {
        const k = classOf(text);
        if (k !== undefined) {
          cls = k;
          classIndex = i;
          flags |= RecordFlags.HasClass | (hasTtl ? 0 : RecordFlags.ClassFirst);
          continue;
        }
      }
      typeCode = typeCodeOf(text);
      if (typeCode !== undefined) typeIndex = i;
      break;
    }
    if (typeIndex < 0 || typeCode === undefined) {
      if (i > last) {
        this.report('syntax-missing-type', `Record for '${owner}' has no type. Write the type (A, MX, TXT...) and its data after the owner, TTL and class.`, file, store.start(first), store.end(last));
      } else if (store.kind(i) === TokenKind.Word && classOf(store.textOf(i)) !== undefined) {
        this.report('syntax-unknown-type', `Class '${store.textOf(i)}' is given twice; the record type should come here.`, file, store.start(i), store.end(i));
      } else {
        this.report('syntax-unknown-type', `Unknown record type '${store.textOf(i)}'. Use a type such as A, AAAA, CNAME, MX, TXT, or TYPEnnn with \\# data for types this tool does not know (RFC 3597).`, file, store.start(i), store.end(i));
      }
      return;
    }
    const type = typeNameOf(typeCode);
    if (typeCode === 41 || (typeCode >= 128 && typeCode <= 255)) {
      // OPT and the query types (AXFR, ANY, TSIG...) exist only in messages, never as data.
      this.report('syntax-unknown-type', `${type} is a meta type used only in DNS messages; a zone file cannot hold records of it. Remove the record.`, file, store.start(typeIndex), store.end(typeIndex));
      return;
    }

    if (cls === undefined) cls = this.lastClass;
    else this.lastClass = cls;
    if (this.zoneClass === undefined) this.zoneClass = cls;
    else if (cls !== this.zoneClass && classIndex >= 0) {
      this.report('syntax-class-mismatch', `Class ${cls} differs from the zone's class ${this.zoneClass}; a zone holds records of one class. Remove '${store.textOf(classIndex)}' or change it to ${this.zoneClass}.`, file, store.start(classIndex), store.end(classIndex));
    }

    const rdataFirst = typeIndex + 1;
    const rdata = store.tokens(rdataFirst, last - typeIndex);
    const rctx = ctx.rdataContext;
    rctx.origin = ctx.origin;
    rctx.typeSpan!.start = store.start(typeIndex);
    rctx.typeSpan!.end = store.end(typeIndex);
    const generic = rdata.length > 0 && rdata[0].kind === TokenKind.Word && rdata[0].text === '\\#';
    if (generic) flags |= RecordFlags.Generic;
    let fields: RdataField[] | undefined;
    if (generic || getRdataType(type)) fields = parseFields(type, rdata, rctx, generic);
    else this.report('syntax-generic-rdata', `This tool has no parser for ${type} data; write it in the RFC 3597 form '\\# <length> <hex>'.`, file, store.start(typeIndex), store.end(last));
    if (!fields) flags |= RecordFlags.RdataInvalid;

    let ttl: number;
    let ttlSource: ZoneRecord['ttlSource'];
    if (hasTtl) {
      ttl = ttlValue ?? 0;
      ttlSource = 'explicit';
      if (ttlValue !== undefined) this.lastTtl = ttlValue;
    } else if (this.defaultTtl !== undefined) {
      ttl = this.defaultTtl;
      ttlSource = this.defaultSource;
    } else if (type === 'SOA' && fields) {
      // Without $TTL, BIND makes the SOA minimum the default for every record without a TTL.
      const minimum = fields.find((f) => f.name === 'minimum');
      ttl = typeof minimum?.value === 'number' ? minimum.value : 0;
      ttlSource = 'soa-minimum';
      this.defaultTtl = ttl;
      this.defaultSource = 'soa-minimum';
      this.lastTtl = ttl;
    } else if (this.lastTtl !== undefined) {
      ttl = this.lastTtl;
      ttlSource = 'previous';
    } else {
      ttl = 0;
      ttlSource = 'none';
      this.report('syntax-no-ttl', `Record has no TTL and none is known: no $TTL directive and no earlier TTL. BIND rejects it. Add '$TTL 3600' at the top of the file or a TTL on this record.`, file, store.start(typeIndex), store.end(typeIndex), { insertTtl: true });
    }
    flags |= ttlSourceBits(ttlSource);
    let scope = ctx.scope;
    if (!scope || scope.origin !== ctx.origin || scope.class !== cls) scope = ctx.scope = { source: this.files[file], origin: ctx.origin, class: cls };
    this.records.push(
      generated || count >= MAX_PACKED_COUNT
        ? new TokenRecord(owner, ttl, type, scope, flags, store.tokens(first, count))
        : new StoredRecord(owner, ttl, type, scope, store.start(first), count, flags),
    );
  }
}

/**
 * Parse a zone file. Never throws (faults are in the result's diagnostics), except LintCancelled
 * when options.isCancelled says so.
 */
export function parseZone(text: string, options: ParseOptions = {}): ParsedZone {
  const path = options.path ?? '';
  let origin = options.origin ?? inferOrigin(text, path);
  if (!origin.endsWith('.')) origin += '.';
  const parser = new ZoneParser(options.includeHost, options.isCancelled);
  parser.parseFile(path, text, { origin, depth: 0, stack: [path] });
  return {
    files: parser.files,
    origin,
    records: parser.records,
    directives: parser.directives,
    comments: parser.comments,
    diagnostics: parser.diagnostics,
    checkpoints: parser.checkpoints,
  };
}

/** Codes after which the text before a line no longer decides alone how that line is read. */
const NON_LOCAL_CODES = new Set(['syntax-unbalanced-parens', 'syntax-unbalanced-quotes', 'syntax-crlf', 'syntax-bom']);

function sameState(a: ParseCheckpoint, b: ParseCheckpoint): boolean {
  return (
    a.origin === b.origin &&
    a.lastOwner === b.lastOwner &&
    a.defaultTtl === b.defaultTtl &&
    a.defaultSource === b.defaultSource &&
    a.lastTtl === b.lastTtl &&
    a.lastClass === b.lastClass &&
    a.zoneClass === b.zoneClass
  );
}

/** Index of the last checkpoint at or before `pos`, or -1. */
function checkpointBefore(checkpoints: readonly ParseCheckpoint[], pos: number): number {
  return lastAtOrBefore(checkpoints, pos, (c) => c.pos);
}

function movedToken(t: Token, delta: number): Token {
  return { ...t, start: t.start + delta, end: t.end + delta };
}

/**
 * Parses `text`, a new version of the file `previous` was parsed from, again only from the
 * checkpoint before the first changed character to the first checkpoint after the change where
 * the parser's state is what it was; the records, comments and diagnostics on either side are
 * kept (those after the change moved by the change in length). The result equals parseZone's.
 * `previous` is used up, also when this throws LintCancelled: its file's text becomes `text` and
 * its later records move.
 * Falls back to a full parse when the file has $INCLUDE or $GENERATE, unbalanced parentheses or
 * quotes, CRLF line ends or a BOM, or when the origin would be another.
 */
/** Characters compared at once by commonEnds: whole blocks compare natively, far faster than char by char. */
const COMPARE_BLOCK = 4096;

/** Lengths of the longest common prefix of `a` and `b`, and of their longest common suffix that does not overlap it. */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix + COMPARE_BLOCK <= shorter && a.slice(prefix, prefix + COMPARE_BLOCK) === b.slice(prefix, prefix + COMPARE_BLOCK)) prefix += COMPARE_BLOCK;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  const room = shorter - prefix;
  let suffix = 0;
  while (suffix + COMPARE_BLOCK <= room && a.slice(a.length - suffix - COMPARE_BLOCK, a.length - suffix) === b.slice(b.length - suffix - COMPARE_BLOCK, b.length - suffix)) suffix += COMPARE_BLOCK;
  while (suffix < room && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

export function reparseZone(previous: ParsedZone, text: string, options: ParseOptions = {}): ParsedZone {
  const full = () => parseZone(text, options);
  const checkpoints = previous.checkpoints;
  const path = options.path ?? '';
  if (!checkpoints || checkpoints.length === 0 || previous.files.length !== 1 || previous.files[0].path !== path) return full();
  let origin = options.origin ?? inferOrigin(text, path);
  if (!origin.endsWith('.')) origin += '.';
  if (origin !== previous.origin) return full();
  if (previous.diagnostics.some((d) => NON_LOCAL_CODES.has(d.code))) return full();
  // What $INCLUDE brings in depends on other files and on whether they may be read, and
  // $GENERATE records keep their own tokens: parse anew.
  const expands = (d: Directive) => d.name === '$INCLUDE' || d.name === '$GENERATE';
  if (previous.directives.some(expands)) return full();
  const source = previous.files[0];
  const old = source.text;
  if (old === text) return previous;
  // The changed stretch: what lies between the common prefix and the common suffix.
  const { prefix, suffix } = commonEnds(old, text);
  const delta = text.length - old.length;
  const oldChangeEnd = old.length - suffix;
  const startIndex = checkpointBefore(checkpoints, prefix);
  if (startIndex < 0) return full();
  const start = checkpoints[startIndex];

  // From here on `previous` is changed in place: records of every parse share the file object,
  // whose text becomes the new one. The records before the change read the same characters at
  // the same offsets; those after it are moved below.
  (source as { text: string }).text = text;
  forgetCachedFields();
  const parser = new ZoneParser(undefined, options.isCancelled);
  let rejoinIndex = -1;
  const stoppedAt = parser.parseFrom(source, start.pos, start, (pos, state) => {
    const oldPos = pos - delta;
    if (oldPos < oldChangeEnd) return false;
    const i = checkpointBefore(checkpoints, oldPos);
    if (i < 0 || checkpoints[i].pos !== oldPos || !sameState(checkpoints[i], state)) return false;
    rejoinIndex = i;
    return true;
  });
  if (parser.directives.some(expands) || parser.diagnostics.some((d) => NON_LOCAL_CODES.has(d.code))) return full();
  const rejoin = stoppedAt >= 0 ? checkpoints[rejoinIndex] : undefined;
  const tail = rejoin ? previous.records.slice(rejoin.records) : [];
  for (const r of tail) if (!(r instanceof StoredRecord) || r instanceof TokenRecord) return full();

  for (const r of tail) (r as StoredRecord).moveBy(delta);
  const keep = <T>(all: readonly T[], before: number, middle: readonly T[], after: number | undefined, move?: (x: T) => T): T[] => {
    const tail = after === undefined ? [] : all.slice(after);
    if (move) for (let i = 0; i < tail.length; i++) tail[i] = move(tail[i]);
    return all.slice(0, before).concat(middle, tail);
  };
  const records = keep(previous.records, start.records, parser.records, rejoin?.records);
  const directives = keep(previous.directives, start.directives, parser.directives, rejoin?.directives, (d) => ({
    ...d,
    start: d.start + delta,
    end: d.end + delta,
    nameSpan: { start: d.nameSpan.start + delta, end: d.nameSpan.end + delta },
    args: d.args.map((t) => movedToken(t, delta)),
  }));
  const comments = keep(previous.comments, start.comments, parser.comments, rejoin?.comments, (c) => movedComment(c, delta, text));
  const diagnostics = keep(previous.diagnostics, start.diagnostics, parser.diagnostics, rejoin?.diagnostics, (d) => ({ ...d, start: d.start + delta, end: d.end + delta }));
  const base = (c: ParseCheckpoint): ParseCheckpoint => ({
    ...c,
    records: c.records + start.records,
    directives: c.directives + start.directives,
    comments: c.comments + start.comments,
    diagnostics: c.diagnostics + start.diagnostics,
  });
  const newCheckpoints = checkpoints.slice(0, startIndex + 1);
  for (const c of parser.checkpoints) newCheckpoints.push(base(c));
  if (rejoin) {
    const shift = {
      records: start.records + parser.records.length - rejoin.records,
      directives: start.directives + parser.directives.length - rejoin.directives,
      comments: start.comments + parser.comments.length - rejoin.comments,
      diagnostics: start.diagnostics + parser.diagnostics.length - rejoin.diagnostics,
    };
    for (let i = rejoinIndex; i < checkpoints.length; i++) {
      const c = checkpoints[i];
      newCheckpoints.push({
        ...c,
        pos: c.pos + delta,
        records: c.records + shift.records,
        directives: c.directives + shift.directives,
        comments: c.comments + shift.comments,
        diagnostics: c.diagnostics + shift.diagnostics,
      });
    }
  }
  // Only the newest parse keeps its link to the one before, so old parses are not kept alive.
  previous.edit = undefined;
  const edit = {
    previous,
    at: start.records,
    removed: (rejoin ? rejoin.records : previous.records.length) - start.records,
    added: parser.records.length,
    start: prefix,
    oldEnd: oldChangeEnd,
    delta,
  };
  return { files: [source], origin, records, directives, comments, diagnostics, checkpoints: newCheckpoints, edit };
}
