// The outline of a zone: one symbol per owner name with its records as children, and the
// directives, in file order. Only the file being edited is outlined, not its $INCLUDEd files.
import type { DocumentSymbol, Range, SymbolKind } from 'vscode-languageserver-types';
import { printRdata } from '../zone/canonical';
import { LineIndex } from '../zone/lineIndex';
import { nameKey, relativize } from '../zone/names';
import { TokenKind, type Directive, type ParsedZone, type Span, type ZoneRecord } from '../zone/types';
import { layoutZone, prefixEnd, type ItemLimit, type ZoneLayout } from './zoneLayout';

/** Symbol kinds, as LSP numbers them; owners are objects holding their records as fields. */
export const ZONE_SYMBOL_KINDS = {
  owner: 19 satisfies SymbolKind, // Object
  record: 8 satisfies SymbolKind, // Field
  $ORIGIN: 3 satisfies SymbolKind, // Namespace
  $TTL: 14 satisfies SymbolKind, // Constant
  $INCLUDE: 1 satisfies SymbolKind, // File
  $GENERATE: 24 satisfies SymbolKind, // Event
  unknownDirective: 20 satisfies SymbolKind, // Key
} as const;

/** Longest RDATA shown as a record's detail; longer ones are cut and end in an ellipsis. */
export const MAX_RDATA_DETAIL = 60;

/** The text cut to `max` characters, at a space when one is near the end, so fields stay whole. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space >= max / 2 ? cut.slice(0, space + 1) : cut) + '…';
}

function directiveKind(name: string): SymbolKind {
  switch (name) {
    case '$ORIGIN':
    case '$TTL':
    case '$INCLUDE':
    case '$GENERATE':
      return ZONE_SYMBOL_KINDS[name];
    default:
      return ZONE_SYMBOL_KINDS.unknownDirective;
  }
}

interface OwnerGroup {
  name: string;
  records: ZoneRecord[];
  children: DocumentSymbol[];
  start: number;
  end: number;
  selection: Span;
}

/** End of the entry that starts at `start`: its closing parenthesis included, its comment not. */
function entryEnd(layout: ZoneLayout, start: number, tokensEnd: () => number): number {
  const entry = layout.entryAt(start);
  return entry && entry.codeEnd > start ? entry.codeEnd : tokensEnd();
}

/**
 * The outline of the zone. With `limit`, only the first `maxItems` symbols in file order (owners,
 * records and directives each count one) are made, and the rest of the file is not read.
 */
export function documentSymbols(parsed: ParsedZone, text: string, limit?: ItemLimit): DocumentSymbol[] {
  const maxItems = limit?.maxItems ?? Infinity;
  // The records and directives that fit, in file order: an owner's first record brings its owner symbol too.
  const records: ZoneRecord[] = [];
  /** The owner key of each of `records`. */
  const recordKeys: string[] = [];
  const directives: Directive[] = [];
  const keys = new Set<string>();
  let count = 0;
  let cut = false;
  let d = 0;
  const ownDirectives = parsed.directives.filter((x) => x.file === 0);
  for (const record of parsed.records) {
    // Generated records point at their $GENERATE line, which has a symbol of its own.
    if (record.file !== 0 || record.generated) continue;
    while (d < ownDirectives.length && ownDirectives[d].start < record.start && count < maxItems) {
      directives.push(ownDirectives[d++]);
      count++;
    }
    const key = nameKey(record.owner);
    const cost = keys.has(key) ? 1 : 2;
    if (count + cost > maxItems) {
      cut = true;
      break;
    }
    keys.add(key);
    records.push(record);
    recordKeys.push(key);
    count += cost;
  }
  while (!cut && d < ownDirectives.length) {
    if (count >= maxItems) cut = true;
    else {
      directives.push(ownDirectives[d++]);
      count++;
    }
  }
  if (cut) limit?.onLimit?.();
  // Where the last item made starts: the part of the file read ends after its entry.
  const last = Math.max(records.length ? records[records.length - 1].start : 0, directives.length ? directives[directives.length - 1].start : 0);

  // Cut short, only the file's start is read: its lines and entries are those of the whole file.
  const read = cut ? text.slice(0, prefixEnd(parsed, text, last)) : text;
  const index = new LineIndex(read);
  const layout = layoutZone(read);
  const range = (start: number, end: number): Range => ({ start: index.position(start), end: index.position(end) });

  const owners = new Map<string, OwnerGroup>();
  const ordered: OwnerGroup[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const key = recordKeys[i];
    let group = owners.get(key);
    const start = record.start;
    const end = entryEnd(layout, start, () => record.end);
    const typeSpan = record.typeSpan;
    if (!group) {
      group = { name: relativize(record.owner, parsed.origin), records: [], children: [], start, end, selection: record.ownerSpan ?? typeSpan };
      owners.set(key, group);
      ordered.push(group);
    }
    group.records.push(record);
    group.start = Math.min(group.start, start);
    group.end = Math.max(group.end, end);
    group.children.push({
      name: record.type,
      detail: shorten(printRdata(record), MAX_RDATA_DETAIL),
      kind: ZONE_SYMBOL_KINDS.record,
      range: range(start, end),
      selectionRange: range(typeSpan.start, typeSpan.end),
    });
  }

  const symbols: { offset: number; symbol: DocumentSymbol }[] = [];
  for (const group of ordered) {
    const types = [...new Set(group.records.map((r) => r.type))];
    symbols.push({
      offset: group.start,
      symbol: {
        name: group.name,
        detail: types.join(' '),
        kind: ZONE_SYMBOL_KINDS.owner,
        range: range(group.start, group.end),
        selectionRange: range(group.selection.start, group.selection.end),
        children: group.children,
      },
    });
  }
  for (const d of directives) symbols.push({ offset: d.start, symbol: directiveSymbol(d, range, entryEnd(layout, d.start, () => d.end)) });
  // Stable sort: owners and directives interleave as they appear in the file.
  symbols.sort((a, b) => a.offset - b.offset);
  return symbols.map((s) => s.symbol);
}

function directiveSymbol(d: Directive, range: (start: number, end: number) => Range, end: number): DocumentSymbol {
  return {
    name: d.name,
    detail: d.args.map((a) => (a.kind === TokenKind.Quoted ? `"${a.text}"` : a.text)).join(' '),
    kind: directiveKind(d.name),
    range: range(d.start, end),
    selectionRange: range(d.nameSpan.start, d.nameSpan.end),
  };
}
