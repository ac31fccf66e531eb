// Folding for zone files: records in parentheses, blocks of comment lines, and runs of
// records of one owner. Ranges never cross, and no two start on the same line, because
// clients such as VS Code drop the later of two ranges that begin on one line.
import type { FoldingRange } from 'vscode-languageserver-types';
import { nameKey } from '../zone/names';
import type { ParsedZone } from '../zone/types';
import { layoutZone, prefixEnd, type ItemLimit, type LayoutEntry } from './zoneLayout';

/**
 * The folding ranges of the zone. With `limit`, only the first `maxItems` ranges (by start line)
 * are made, from as much of the file's start as they need.
 */
export function foldingRanges(parsed: ParsedZone, text: string, limit?: ItemLimit): FoldingRange[] {
  const maxItems = limit?.maxItems ?? Infinity;
  if (maxItems === Infinity) return rangesOfPrefix(parsed, text, text.length).ranges;
  // A zone line is rarely longer than this: the first guess usually holds enough ranges.
  let guess = Math.max(4096, maxItems * 256);
  for (;;) {
    const end = prefixEnd(parsed, text, Math.min(guess, text.length));
    const { ranges, whole } = rangesOfPrefix(parsed, text, end);
    if (ranges.length > maxItems || (!whole && ranges.length === maxItems)) {
      limit?.onLimit?.();
      return ranges.slice(0, maxItems);
    }
    if (whole) return ranges;
    guess *= 4;
  }
}

/**
 * The ranges of the text's first `end` characters (a prefix that ends between entries) that the
 * rest of the text cannot change: the owner run and the comment block still open at its end, and
 * whatever starts on or after their first line, are left out.
 */
function rangesOfPrefix(parsed: ParsedZone, text: string, end: number): { ranges: FoldingRange[]; whole: boolean } {
  const whole = end >= text.length;
  const layout = layoutZone(whole ? text : text.slice(0, end));
  const ranges: FoldingRange[] = [];
  let frontier = whole ? Infinity : layout.lines.length;

  for (const entry of layout.entries) {
    if (entry.firstToken >= 0 && entry.lastLine > entry.firstLine) ranges.push({ startLine: entry.firstLine, endLine: entry.lastLine });
  }

  // Blocks of lines that hold only a comment, wherever they are (inside parentheses too).
  let blockStart = -1;
  const lines = layout.lines;
  for (let l = 0; l <= lines.length; l++) {
    const commentOnly = l < lines.length && lines[l].comment !== undefined && lines[l].pieces.length === 0;
    if (commentOnly) {
      if (blockStart < 0) blockStart = l;
    } else if (blockStart >= 0) {
      if (l === lines.length && !whole) frontier = Math.min(frontier, blockStart);
      else if (l - 1 > blockStart) ranges.push({ startLine: blockStart, endLine: l - 1, kind: 'comment' });
      blockStart = -1;
    }
  }

  // Runs of consecutive records with one owner (records of included or generated lines aside).
  let run: { key: string; first: LayoutEntry; last: LayoutEntry; count: number } | undefined;
  const closeRun = (): void => {
    if (run && run.count > 1 && run.last.lastLine > run.first.firstLine) ranges.push({ startLine: run.first.firstLine, endLine: run.last.lastLine, kind: 'region' });
  };
  for (const record of parsed.records) {
    if (record.file !== 0 || record.generated) continue;
    if (record.start >= end) break;
    const entry = layout.entryAt(record.start);
    if (!entry) continue;
    const key = nameKey(record.owner);
    if (run && run.key === key) {
      run.last = entry;
      run.count++;
    } else {
      closeRun();
      run = { key, first: entry, last: entry, count: 1 };
    }
  }
  if (whole) closeRun();
  else if (run) frontier = Math.min(frontier, run.first.firstLine);

  const nested = nestProperly(ranges);
  return { ranges: whole ? nested : nested.filter((r) => r.startLine < frontier), whole };
}

/** Sorts the ranges and drops any that would start on the line of, or cross, an enclosing one. */
function nestProperly(ranges: FoldingRange[]): FoldingRange[] {
  ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  const out: FoldingRange[] = [];
  const open: FoldingRange[] = [];
  for (const r of ranges) {
    if (r.endLine <= r.startLine) continue;
    while (open.length && open[open.length - 1].endLine < r.startLine) open.pop();
    const outer = open[open.length - 1];
    if (outer && (outer.startLine === r.startLine || r.endLine > outer.endLine)) continue;
    const previous = out[out.length - 1];
    if (previous && previous.startLine === r.startLine) continue;
    out.push(r);
    open.push(r);
  }
  return out;
}
