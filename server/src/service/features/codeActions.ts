// Quick fixes, chosen by diagnostic code and built from `diagnostic.data` and the parsed zone,
// never from the message. A fix is preferred (and part of fix-all) only when it is right in every
// case the rule reports; the others are offered for the user to choose.
//
// The server owns the LSP form of diagnostics: codeActions takes a callback that turns a
// ZoneDiagnostic into the LSP Diagnostic to list in `CodeAction.diagnostics`, so an editor can
// tie each action to the squiggle it fixes. Without the callback the actions carry none.
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../zone/lineIndex';
import type { ParsedZone, RdataField, ZoneDiagnostic, ZoneRecord } from '../zone/types';
import { BACKSLASH, CR, LF, LPAREN, QUOTE, RPAREN, SEMI, SPACE, TAB } from '../zone/charCodes';

/** The code action kind of fix-all, for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = 'source.fixAll.zonelint';

/** A change to the linted file (file 0), by UTF-16 offsets into its text. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** One way to fix one diagnostic. */
export interface ZoneFix {
  title: string;
  edits: OffsetEdit[];
  /** Right for every case the rule reports: offered first and applied by fix-all. */
  preferred: boolean;
}

const MAX_STRING_OCTETS = 255;

type Data = Record<string, unknown>;

function str(data: Data, key: string): string | undefined {
  const v = data[key];
  return typeof v === 'string' ? v : undefined;
}

function num(data: Data, key: string): number | undefined {
  const v = data[key];
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function lineStartOf(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && text.charCodeAt(i - 1) !== LF) i--;
  return i;
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** What the fixes of one request share: the text, the records of file 0 by position, and facts found once. */
class FixContext {
  readonly eol: string;
  private located?: { records: ZoneRecord[]; order: number[] };
  private orderByRecord?: Map<ZoneRecord, number>;
  private types?: Set<string>;

  constructor(
    readonly parsed: ParsedZone,
    readonly text: string,
  ) {
    // Inserted lines follow the file's own line endings.
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  private locate(): { records: ZoneRecord[]; order: number[] } {
    if (this.located) return this.located;
    const records: ZoneRecord[] = [];
    const order: number[] = [];
    const all = this.parsed.records;
    // Generated records point at their $GENERATE line, where no single record can be edited.
    for (let i = 0; i < all.length; i++) {
      if (all[i].file === 0 && !all[i].generated) {
        records.push(all[i]);
        order.push(i);
      }
    }
    return (this.located = { records, order });
  }

  /** The record of file 0 whose span holds `offset`. */
  recordAt(offset: number): ZoneRecord | undefined {
    const { records } = this.locate();
    let lo = 0;
    let hi = records.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = records[mid];
      if (offset < r.start) hi = mid - 1;
      else if (offset >= r.end) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  /** Index of a record in parse order (included files interleaved). */
  orderOf(record: ZoneRecord): number {
    if (!this.orderByRecord) {
      const { records, order } = this.locate();
      this.orderByRecord = new Map(records.map((r, i) => [r, order[i]]));
    }
    return this.orderByRecord.get(record) ?? this.parsed.records.indexOf(record);
  }

  hasType(type: string): boolean {
    this.types ??= new Set(this.parsed.records.map((r) => r.type));
    return this.types.has(type);
  }

  /**
   * True when a later record without a TTL takes this record's TTL: before any $TTL or SOA
   * gives a default, BIND gives such a record the last TTL written, so changing or removing
   * this one changes it too.
   */
  laterRecordsInheritTtl(record: ZoneRecord): boolean {
    const all = this.parsed.records;
    for (let i = this.orderOf(record) + 1; i < all.length; i++) {
      const source = all[i].ttlSource;
      if (source === 'previous') return true;
      if (source !== 'none') return false;
    }
    return false;
  }
}

function replaceDiagnostic(d: ZoneDiagnostic, newText: string): OffsetEdit {
  return { start: d.start, end: d.end, newText };
}

function fix(title: string, edits: OffsetEdit[], preferred: boolean): ZoneFix[] {
  return [{ title, edits, preferred }];
}

/** A fix that replaces the diagnostic's range with `data.replacement`, when the range still holds `expected`. */
function replacementFix(d: ZoneDiagnostic, data: Data, ctx: FixContext, title: (replacement: string, current: string) => string, preferred: boolean, accept?: (current: string, replacement: string) => boolean): ZoneFix[] {
  const replacement = str(data, 'replacement');
  if (replacement === undefined) return [];
  const current = ctx.text.slice(d.start, d.end);
  if (accept && !accept(current, replacement)) return [];
  return fix(title(replacement, current), [replaceDiagnostic(d, replacement)], preferred);
}

const isNumber = (current: string) => /^\d+$/.test(current);

// ---- TTLs ----------------------------------------------------------------------------------

function ttlMismatchFix(d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const ttl = num(data, 'ttl');
  const replacement = str(data, 'replacement') ?? (ttl === undefined ? undefined : String(ttl));
  if (replacement === undefined || !/^\d+$/.test(replacement)) return [];
  const r = ctx.recordAt(d.start);
  if (!r) return [];
  const preferred = !ctx.laterRecordsInheritTtl(r);
  const title = `Set the TTL to ${replacement}, as the first record of the RRset has`;
  const ttlSpan = r.ttlSpan;
  if (ttlSpan) {
    if (ttlSpan.start !== d.start || ttlSpan.end !== d.end) return [];
    return fix(title, [replaceDiagnostic(d, replacement)], preferred);
  }
  // A record without a TTL gets one written before its class, or before its type.
  const typeSpan = r.typeSpan;
  if (typeSpan.start !== d.start) return [];
  const classSpan = r.classSpan;
  const at = classSpan && classSpan.start < typeSpan.start ? classSpan.start : typeSpan.start;
  return fix(title, [{ start: at, end: at, newText: replacement + ' ' }], preferred);
}

/** Where a line added at the top goes: after the comment and blank lines that open the file. */
function topInsertionPoint(text: string): number {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length) {
    let p = pos;
    while (p < text.length && (isBlank(text.charCodeAt(p)) || text.charCodeAt(p) === CR)) p++;
    if (p < text.length && text.charCodeAt(p) !== LF && text.charCodeAt(p) !== SEMI) return pos;
    const lf = text.indexOf('\n', p);
    if (lf < 0) return text.length;
    pos = lf + 1;
  }
  return pos;
}

function insertLine(ctx: FixContext, at: number, line: string): OffsetEdit {
  const text = ctx.text;
  // At the end of a file without a final newline the new line needs one before it.
  const before = at === text.length && at > 0 && text.charCodeAt(at - 1) !== LF ? ctx.eol : '';
  return { start: at, end: at, newText: before + line + ctx.eol };
}

function noDefaultTtlFix(d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const text = (str(data, 'text') ?? '$TTL 3600').replace(/\r?\n$/, '');
  const m = /^\$TTL\s+(\d+)$/.exec(text);
  if (!m) return [];
  const dataFile = num(data, 'file');
  if (dataFile !== undefined && dataFile !== 0) return [];
  const insertAt = num(data, 'insertAt');
  const at = insertAt !== undefined && insertAt >= 0 && insertAt <= ctx.text.length ? insertAt : topInsertionPoint(ctx.text);
  const soa = ctx.recordAt(d.start);
  return fix(`Add '${text}'`, [insertLine(ctx, at, text)], soa !== undefined && soaMinimumKept(soa, Number(m[1])));
}

/**
 * True when a $TTL of `ttl` before this SOA leaves every TTL as it is: without it the SOA takes
 * its minimum, which BIND then uses as the default for every later record without a TTL.
 */
function soaMinimumKept(soa: ZoneRecord, ttl: number): boolean {
  return soa.ttlSource === 'soa-minimum' && soa.ttl === ttl;
}

function noTtlFixes(d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  if (data.insertTtl !== true) return [];
  const out: ZoneFix[] = [{ title: "Add '$TTL 3600' at the top of the file", edits: [insertLine(ctx, topInsertionPoint(ctx.text), '$TTL 3600')], preferred: false }];
  const r = ctx.recordAt(d.start);
  if (r && r.typeSpan.start === d.start) {
    const classSpan = r.classSpan;
    const at = classSpan && classSpan.start < d.start ? classSpan.start : d.start;
    out.push({ title: 'Give this record the TTL 3600', edits: [{ start: at, end: at, newText: '3600 ' }], preferred: false });
  }
  return out;
}

// ---- Deleting a duplicate record -------------------------------------------------------------

interface Scan {
  pos: number;
  depth: number;
  comments: { start: number; end: number }[];
  /** A word or quoted string met outside the record, or a ')' with nothing open. */
  foreign: boolean;
}

/** Steps over one quoted string or word at `pos`; returns the offset after it. */
function skipToken(text: string, pos: number): number {
  if (text.charCodeAt(pos) === QUOTE) {
    pos++;
    while (pos < text.length && text.charCodeAt(pos) !== QUOTE) pos += text.charCodeAt(pos) === BACKSLASH ? 2 : 1;
    return Math.min(pos + 1, text.length);
  }
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (isBlank(c) || c === LF || c === CR || c === SEMI || c === LPAREN || c === RPAREN || c === QUOTE) break;
    pos += c === BACKSLASH ? 2 : 1;
  }
  return Math.min(pos, text.length);
}

/**
 * Reads from `scan.pos` until `stop` says so, keeping paren depth and comments; tokens outside
 * [ownStart, ownEnd) make the scan foreign.
 */
function scanUntil(text: string, scan: Scan, ownStart: number, ownEnd: number, stop: (c: number, s: Scan) => boolean): void {
  while (scan.pos < text.length && !scan.foreign) {
    const c = text.charCodeAt(scan.pos);
    if (stop(c, scan)) return;
    if (isBlank(c) || c === CR || c === LF) scan.pos++;
    else if (c === SEMI) {
      let e = text.indexOf('\n', scan.pos);
      if (e < 0) e = text.length;
      let ce = e;
      if (ce > scan.pos && text.charCodeAt(ce - 1) === CR) ce--;
      scan.comments.push({ start: scan.pos, end: ce });
      scan.pos = e;
    } else if (c === LPAREN) {
      scan.depth++;
      scan.pos++;
    } else if (c === RPAREN) {
      if (--scan.depth < 0) scan.foreign = true;
      scan.pos++;
    } else {
      const start = scan.pos;
      scan.pos = skipToken(text, start);
      if (start < ownStart || scan.pos > ownEnd) scan.foreign = true;
    }
  }
}

function duplicateFix(_d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const span = data.deleteRecord as Data | undefined;
  if (!span || typeof span !== 'object' || num(span, 'file') !== 0) return [];
  const start = num(span, 'start');
  const end = num(span, 'end');
  if (start === undefined || end === undefined) return [];
  const r = ctx.recordAt(start);
  if (!r || r.start !== start || r.end !== end) return [];
  const text = ctx.text;
  const from = lineStartOf(text, start);
  const scan: Scan = { pos: from, depth: 0, comments: [], foreign: false };
  // The record itself, then whatever closes its parentheses, then the rest of its last line.
  scanUntil(text, scan, start, end, () => scan.pos >= end);
  scanUntil(text, scan, start, end, (_c, s) => s.depth === 0);
  if (scan.depth > 0) return [];
  scanUntil(text, scan, start, end, (c) => c === LF || c === LPAREN || c === RPAREN);
  if (scan.foreign || (scan.pos < text.length && text.charCodeAt(scan.pos) !== LF)) return [];
  const to = Math.min(scan.pos + 1, text.length);
  // Comments on the deleted lines stay, each on a line of its own.
  let kept = scan.comments.map((c) => text.slice(c.start, c.end) + ctx.eol).join('');
  const edits: OffsetEdit[] = [];
  // A next record that inherits this owner must now write it.
  const all = ctx.parsed.records;
  const next = all[ctx.orderOf(r) + 1];
  if (r.ownerSpan && next && !next.ownerSpan) {
    if (next.file !== 0 || next.generated) return [];
    const directiveBetween = ctx.parsed.directives.some((dv) => dv.file === 0 && dv.start >= end && dv.start < next.start);
    const owner = directiveBetween ? r.owner : text.slice(r.ownerSpan.start, r.ownerSpan.end);
    const at = lineStartOf(text, next.start);
    // The owner takes the place of as many leading spaces as leave one, to keep the columns.
    let spaces = 0;
    while (text.charCodeAt(at + spaces) === SPACE) spaces++;
    const covered = spaces > owner.length ? owner.length : 0;
    if (at === to && covered === 0) kept += owner;
    else edits.push({ start: at, end: at + covered, newText: owner });
  }
  edits.unshift({ start: from, end: to, newText: kept });
  const preferred = !(r.ttlSource === 'explicit' && ctx.laterRecordsInheritTtl(r));
  return fix(`Delete this duplicate ${r.type} record`, edits, preferred);
}

// ---- TXT quoting -------------------------------------------------------------------------------

/**
 * The value in double quotes, split at blanks into strings of at most 255 octets (the blank
 * stays with the string before it); `fits` is false when a piece without blanks is longer.
 */
function quoteInStrings(content: string): { text: string; fits: boolean } {
  if (utf8Length(content) <= MAX_STRING_OCTETS) return { text: '"' + content + '"', fits: true };
  const strings: string[] = [];
  let current = '';
  for (const piece of content.split(/(?<=[ \t])/)) {
    if (current && utf8Length(current + piece) > MAX_STRING_OCTETS) {
      strings.push(current);
      current = '';
    }
    current += piece;
  }
  strings.push(current);
  return { text: strings.map((s) => '"' + s + '"').join(' '), fits: strings.every((s) => utf8Length(s) <= MAX_STRING_OCTETS) };
}

/** The data's span and its quoted content, when the replacement quotes it. */
function quotedSpan(data: Data, ctx: FixContext): { start: number; end: number; content: string } | undefined {
  const replacement = str(data, 'replacement');
  const start = num(data, 'start');
  const end = num(data, 'end');
  if (replacement === undefined || start === undefined || end === undefined || start > end || end > ctx.text.length) return undefined;
  if (replacement.length < 2 || replacement.charCodeAt(0) !== QUOTE || replacement.charCodeAt(replacement.length - 1) !== QUOTE) return undefined;
  return { start, end, content: replacement.slice(1, -1) };
}

/** True when [start, end) holds only words and blanks on one line: quoting it drops no parenthesis or comment. */
function plainWords(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === LF || c === CR || c === SEMI || c === LPAREN || c === RPAREN || c === QUOTE) return false;
  }
  return true;
}

function unquotedSpacesFix(_d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const q = quotedSpan(data, ctx);
  if (!q || !plainWords(ctx.text, q.start, q.end)) return [];
  const quoted = quoteInStrings(q.content);
  return fix('Put the value in double quotes', [{ start: q.start, end: q.end, newText: quoted.text }], quoted.fits);
}

const TAG_VALUE = /^\s*[A-Za-z][A-Za-z0-9_-]*\s*=/;

function unquotedSemicolonFix(d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const q = quotedSpan(data, ctx);
  if (!q || d.start < q.start || d.end > q.end || !plainWords(ctx.text, q.start, d.start)) return [];
  // The comment becomes part of the value: right only when all of it reads as tag=value terms.
  const swallowed = ctx.text.slice(d.start + 1, d.end);
  const quoted = quoteInStrings(q.content);
  const preferred = quoted.fits && swallowed.split(';').every((part) => part.trim() === '' || TAG_VALUE.test(part));
  return fix("Put the whole value, with the part after ';', in double quotes", [{ start: q.start, end: q.end, newText: quoted.text }], preferred);
}

function splitInsideTermFix(_d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const insert = str(data, 'insert');
  const at = num(data, 'at');
  if (insert === undefined || at === undefined || at < 0 || at > ctx.text.length) return [];
  const shown = insert === ' ' ? 'a space' : `'${insert.trim()}'`;
  return fix(`Add ${shown} where the strings meet`, [{ start: at, end: at, newText: insert }], true);
}

function leadingSpaceFix(_d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const start = num(data, 'start');
  const end = num(data, 'end');
  if (start === undefined || end === undefined || end <= start || !/^[ \t]+$/.test(ctx.text.slice(start, end))) return [];
  return fix('Remove the leading whitespace', [{ start, end, newText: str(data, 'replacement') ?? '' }], true);
}

// ---- Typographic quotes ---------------------------------------------------------------------

const OPENING_QUOTES = '\u2018\u201a\u201c\u201e';
const CLOSING_QUOTES = '\u2019\u201d';

function readEdits(data: Data, ctx: FixContext): OffsetEdit[] | undefined {
  const list = data.edits;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const edits: OffsetEdit[] = [];
  for (const e of list) {
    if (!e || typeof e !== 'object') return undefined;
    const start = num(e as Data, 'start');
    const end = num(e as Data, 'end');
    const newText = str(e as Data, 'replacement');
    if (start === undefined || end === undefined || newText === undefined || start > end || end > ctx.text.length) return undefined;
    edits.push({ start, end, newText });
  }
  return edits.sort((a, b) => a.start - b.start);
}

/**
 * True when the typographic quotes pair up as opening and closing marks, in unquoted words at
 * the word's edges: then they were meant as quoting, not as apostrophes or text.
 */
function quotesPairUp(ctx: FixContext, record: ZoneRecord, edits: readonly OffsetEdit[]): boolean {
  const text = ctx.text;
  const tokens = record.rdata;
  let open: { quoted: boolean; token: number } | undefined;
  for (const e of edits) {
    const t = tokens.findIndex((tok) => tok.start <= e.start && e.end <= tok.end);
    if (t < 0) return false;
    const token = tokens[t];
    const quoted = text.charCodeAt(token.start) === QUOTE;
    const mark = text.charAt(e.start);
    if (!open) {
      if (!OPENING_QUOTES.includes(mark) || (!quoted && e.start !== token.start)) return false;
      open = { quoted, token: t };
    } else {
      if (!CLOSING_QUOTES.includes(mark) || open.quoted !== quoted || (quoted && open.token !== t) || (!quoted && e.end !== token.end)) return false;
      open = undefined;
    }
  }
  return open === undefined;
}

function typographicQuotesFix(d: ZoneDiagnostic, data: Data, ctx: FixContext, preferredAllowed: boolean): ZoneFix[] {
  const edits = readEdits(data, ctx);
  if (!edits) return [];
  const record = ctx.recordAt(d.start);
  const preferred = preferredAllowed && record !== undefined && quotesPairUp(ctx, record, edits);
  return fix('Replace the typographic quotes with ASCII quoting', edits, preferred);
}

// ---- CAA ----------------------------------------------------------------------------------------

function fieldOf(record: ZoneRecord, name: string): RdataField | undefined {
  return record.fields?.find((f) => f.name === name);
}

function criticalUnknownTagFixes(d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const out: ZoneFix[] = [];
  const tag = str(data, 'replacement');
  if (tag !== undefined && /^[A-Za-z0-9]+$/.test(ctx.text.slice(d.start, d.end))) {
    out.push({ title: `Change the tag to '${tag}'`, edits: [replaceDiagnostic(d, tag)], preferred: false });
  }
  const flagsText = str(data, 'flagsReplacement');
  const record = ctx.recordAt(d.start);
  const flags = record && fieldOf(record, 'flags');
  if (flagsText !== undefined && flags && isNumber(ctx.text.slice(flags.start, flags.end))) {
    out.push({ title: `Set the flags to ${flagsText} (not critical)`, edits: [{ start: flags.start, end: flags.end, newText: flagsText }], preferred: false });
  }
  return out;
}

function parameterNames(value: string): string {
  const semicolon = value.indexOf(';');
  if (semicolon < 0) return '';
  return [...value.slice(semicolon).matchAll(/([A-Za-z0-9-]+)\s*=/g)].map((m) => m[1].toLowerCase()).join(',');
}

function caaIssueValueFix(d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const replacement = str(data, 'replacement');
  if (replacement === undefined) return [];
  const current = ctx.text.slice(d.start, d.end);
  // Removing a URL scheme, a final dot or stray quotes, or separating parameters keeps what the
  // value says; renaming a parameter is a guess at a misspelling.
  const preferred = parameterNames(current) === parameterNames(replacement);
  return fix(`Write the value as ${replacement}`, [replaceDiagnostic(d, replacement)], preferred);
}

// ---- DNSSEC and SOA -------------------------------------------------------------------------------

/** Changing NSEC3 parameters in a zone that already holds NSEC3 or signatures breaks its chain or signatures until it is re-signed. */
function nsec3ParameterFix(what: string, zoneAllowsIt: (ctx: FixContext) => boolean) {
  return (d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] =>
    replacementFix(d, data, ctx, (r) => `Set the ${what} to ${r}`, zoneAllowsIt(ctx));
}

const unsignedWithoutNsec3 = (ctx: FixContext) => !ctx.hasType('RRSIG') && !ctx.hasType('NSEC3');
const unsigned = (ctx: FixContext) => !ctx.hasType('RRSIG');

function rnameFix(d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const written = ctx.text.slice(d.start, d.end);
  const domain = written.slice(written.lastIndexOf('@') + 1);
  // A domain with an inner dot is a mail domain written absolute; a bare label may have been meant relative to the origin.
  const preferred = /[^.]\.[^.]/.test(domain);
  return replacementFix(d, data, ctx, (r) => `Write the mailbox as '${r}'`, preferred, (current) => current.includes('@'));
}

function blankOwnerFixes(d: ZoneDiagnostic, data: Data, ctx: FixContext): ZoneFix[] {
  const insertAt = num(data, 'insertAt');
  const inherited = str(data, 'inheritedOwner');
  // The record's line starts with a blank, where the owner goes.
  if (insertAt === undefined || insertAt > d.start || !isBlank(ctx.text.charCodeAt(insertAt))) return [];
  const out: ZoneFix[] = [{ title: "Write '@' (the new $ORIGIN) as the owner", edits: [{ start: insertAt, end: insertAt, newText: '@' }], preferred: false }];
  if (inherited !== undefined) out.push({ title: `Write the owner it has now, '${inherited}'`, edits: [{ start: insertAt, end: insertAt, newText: inherited }], preferred: false });
  return out;
}

function ownerReplacementFix(d: ZoneDiagnostic, data: Data, ctx: FixContext, title: (r: string) => string): ZoneFix[] {
  const r = ctx.recordAt(d.start);
  if (!r || !r.ownerSpan || r.ownerSpan.start !== d.start || r.ownerSpan.end !== d.end) return [];
  return replacementFix(d, data, ctx, title, false);
}

// ---- The table ----------------------------------------------------------------------------------

type FixProvider = (d: ZoneDiagnostic, data: Data, ctx: FixContext) => ZoneFix[];

const canonicalTarget: FixProvider = (d, data, ctx) => replacementFix(d, data, ctx, (r) => `Use the canonical name '${r}'`, false);
const addFinalDot: FixProvider = (d, data, ctx) =>
  replacementFix(d, data, ctx, (r) => `Add the final dot: '${r}'`, false, (current, r) => r === current + '.');

const FIXES: Record<string, FixProvider> = {
  'zone-relative-target-fqdn': addFinalDot,
  'zone-origin-relative': addFinalDot,
  'mx-null-preference': (d, data, ctx) => replacementFix(d, data, ctx, (r) => `Set the null MX preference to ${r}`, true, isNumber),
  'syntax-ttl-too-large': (d, data, ctx) => replacementFix(d, data, ctx, (r) => `Lower the TTL to ${r}, the largest allowed`, false, isNumber),
  'zone-ttl-mismatch': ttlMismatchFix,
  'zone-no-default-ttl': noDefaultTtlFix,
  'syntax-no-ttl': noTtlFixes,
  'zone-duplicate-record': duplicateFix,
  'txt-unquoted-spaces': unquotedSpacesFix,
  'txt-unquoted-semicolon': unquotedSemicolonFix,
  'txt-split-inside-term': splitInsideTermFix,
  'txt-leading-space': leadingSpaceFix,
  'zone-typographic-quotes': (d, data, ctx) => typographicQuotesFix(d, data, ctx, true),
  // Outside mail records the quotes may be meant as text.
  'zone-non-ascii-text': (d, data, ctx) => typographicQuotesFix(d, data, ctx, false),
  'caa-flags-reserved': (d, data, ctx) => replacementFix(d, data, ctx, (r) => `Set the flags to ${r}`, true, isNumber),
  'caa-critical-unknown-tag': criticalUnknownTagFixes,
  'caa-unknown-tag': (d, data, ctx) => replacementFix(d, data, ctx, (r) => `Change the tag to '${r}'`, false, (c) => /^[A-Za-z0-9]+$/.test(c)),
  'caa-issue-value': caaIssueValueFix,
  'caa-iodef-scheme': (d, data, ctx) => replacementFix(d, data, ctx, (r) => `Write the value as ${r}`, true),
  'dnssec-nsec3-iterations': nsec3ParameterFix('iterations', unsignedWithoutNsec3),
  'dnssec-nsec3-salt': nsec3ParameterFix('salt', unsignedWithoutNsec3),
  'dnssec-nsec3param-flags': nsec3ParameterFix('flags', unsigned),
  'soa-rname-at-sign': rnameFix,
  'soa-timers': (d, data, ctx) => replacementFix(d, data, ctx, (r) => `Set ${str(data, 'field') ?? 'the timer'} to ${r}`, false, isNumber),
  'soa-not-at-apex': (d, data, ctx) => ownerReplacementFix(d, data, ctx, (r) => `Write the owner as '${r}'`),
  'soa-mname-cname': canonicalTarget,
  'ns-target-cname': canonicalTarget,
  'mx-target-cname': canonicalTarget,
  'zone-srv-target-cname': canonicalTarget,
  'zone-hostname-syntax': (d, data, ctx) =>
    replacementFix(d, data, ctx, (r) => `Replace '_' with '-': '${r}'`, false, (current, r) => current.includes('_') && r === current.replace(/_/g, '-')),
  'zone-blank-owner-after-origin': blankOwnerFixes,
  'syntax-unknown-suppression': (d, data, ctx) => {
    const id = str(data, 'id');
    const suggestion = str(data, 'suggestion');
    if (!id || !suggestion || ctx.text.slice(d.start, d.end) !== id) return [];
    return fix(`Change the rule id to '${suggestion}'`, [replaceDiagnostic(d, suggestion)], false);
  },
  // Parser faults that know the exact token to write, such as a TLSA number for an RFC 7218 mnemonic.
  'syntax-rdata-field': (d, data, ctx) => replacementFix(d, data, ctx, (r) => `Write ${r}`, true),
};

/**
 * Fixes a rule worked out itself and carried in `data.fixes` (mail and DANE rules, which know the
 * joined TXT value and its map to the file). Each edit must still find the text it was made for,
 * `data.fixes[i].edits[j].expect` when given, so a stale fix is dropped rather than misapplied.
 */
function carriedFixes(data: Data, ctx: FixContext): ZoneFix[] {
  const list = data.fixes;
  if (!Array.isArray(list)) return [];
  const out: ZoneFix[] = [];
  for (const f of list as unknown[]) {
    if (!f || typeof f !== 'object') continue;
    const { title, edits, preferred } = f as { title?: unknown; edits?: unknown; preferred?: unknown };
    if (typeof title !== 'string' || !Array.isArray(edits)) continue;
    const kept: OffsetEdit[] = [];
    for (const e of edits as unknown[]) {
      const { start, end, newText, expect } = (e ?? {}) as { start?: unknown; end?: unknown; newText?: unknown; expect?: unknown };
      if (typeof start !== 'number' || typeof end !== 'number' || typeof newText !== 'string') break;
      if (typeof expect === 'string' && ctx.text.slice(start, end) !== expect) break;
      kept.push({ start, end, newText });
    }
    if (kept.length === edits.length && kept.length > 0) out.push({ title, edits: kept, preferred: preferred === true });
  }
  return out;
}

/** Codes of the diagnostics that may have a quick fix (rules that carry their fixes in `data.fixes` come on top). */
export const FIXABLE_CODES: ReadonlySet<string> = new Set([...Object.keys(FIXES), 'syntax-bom']);

function fixesWith(d: ZoneDiagnostic, ctx: FixContext): ZoneFix[] {
  if (d.file !== 0 || d.start < 0 || d.end < d.start || d.end > ctx.text.length) return [];
  // The byte order mark needs no data: it is the first character or nothing.
  if (d.code === 'syntax-bom') return ctx.text.charCodeAt(0) === 0xfeff ? fix('Remove the byte order mark', [{ start: 0, end: 1, newText: '' }], true) : [];
  const data = d.data;
  if (!data || typeof data !== 'object') return [];
  const provider = FIXES[d.code];
  const fixes = provider ? provider(d, data as Data, ctx) : carriedFixes(data as Data, ctx);
  // A fix is kept only when its edits lie in the text and do not overlap one another.
  return fixes.filter((f) => f.edits.length > 0 && f.edits.every((e) => e.start >= 0 && e.start <= e.end && e.end <= ctx.text.length) && !selfOverlapping(f.edits));
}

function selfOverlapping(edits: readonly OffsetEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return true;
  return false;
}

/** The fixes of one diagnostic of file 0, preferred first; none for other files or codes without a fix. */
export function fixesFor(parsed: ParsedZone, text: string, diagnostic: ZoneDiagnostic): ZoneFix[] {
  return sortPreferredFirst(fixesWith(diagnostic, new FixContext(parsed, text)));
}

function sortPreferredFirst(fixes: ZoneFix[]): ZoneFix[] {
  return fixes.sort((a, b) => Number(b.preferred) - Number(a.preferred));
}

function toTextEdits(edits: readonly OffsetEdit[], lines: LineIndex): TextEdit[] {
  return edits.map((e) => ({ range: { start: lines.position(e.start), end: lines.position(e.end) }, newText: e.newText }));
}

/**
 * Quick fixes for `diagnostics` (those of other files are skipped), each a `quickfix` CodeAction
 * editing `uri`. `toLspDiagnostic`, when given, makes the diagnostic the action lists as fixed.
 */
export function codeActions(
  parsed: ParsedZone,
  text: string,
  diagnostics: readonly ZoneDiagnostic[],
  uri: string,
  toLspDiagnostic?: (d: ZoneDiagnostic) => Diagnostic,
): CodeAction[] {
  const ctx = new FixContext(parsed, text);
  const lines = new LineIndex(text);
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    for (const f of sortPreferredFirst(fixesWith(d, ctx))) {
      const action: CodeAction = { title: f.title, kind: 'quickfix', edit: { changes: { [uri]: toTextEdits(f.edits, lines) } } };
      if (toLspDiagnostic) action.diagnostics = [toLspDiagnostic(d)];
      if (f.preferred) action.isPreferred = true;
      out.push(action);
    }
  }
  return out;
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  // Two edits at one point (an insertion at the edge of another edit) have no defined order.
  return a.start === b.start || (a.start === a.end && a.start === b.end) || (b.start === b.end && b.start === a.end);
}

/** The preferred fixes of `diagnostics` that fix-all applies, in order, and the diagnostics they fix. */
export function planFixAll(parsed: ParsedZone, text: string, diagnostics: readonly ZoneDiagnostic[]): { edits: OffsetEdit[]; fixed: ZoneDiagnostic[] } {
  const ctx = new FixContext(parsed, text);
  const edits: OffsetEdit[] = [];
  const fixed: ZoneDiagnostic[] = [];
  const ordered = [...diagnostics].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const d of ordered) {
    const f = fixesWith(d, ctx).find((x) => x.preferred);
    // A fix whose edits touch an earlier one's waits for the next run, after a re-lint.
    if (!f || f.edits.some((e) => edits.some((taken) => overlaps(e, taken)))) continue;
    edits.push(...f.edits);
    fixed.push(d);
  }
  edits.sort((a, b) => a.start - b.start);
  return { edits, fixed };
}

/** Every preferred fix at once, without overlapping edits: the edits of `source.fixAll.zonelint`. */
export function fixAll(parsed: ParsedZone, text: string, diagnostics: readonly ZoneDiagnostic[]): TextEdit[] {
  return toTextEdits(planFixAll(parsed, text, diagnostics).edits, new LineIndex(text));
}

/** The `source.fixAll.zonelint` action editing `uri`, or undefined when nothing is to be fixed. */
export function fixAllAction(parsed: ParsedZone, text: string, diagnostics: readonly ZoneDiagnostic[], uri: string): CodeAction | undefined {
  const edits = fixAll(parsed, text, diagnostics);
  if (edits.length === 0) return undefined;
  return { title: 'Fix all auto-fixable zonelint problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } };
}
