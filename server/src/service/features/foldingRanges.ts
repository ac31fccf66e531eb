// Folding for zone files: records in parentheses, blocks of comment lines, and runs of
// records of one owner. Ranges never cross, and no two start on the same line, because
// clients such as VS Code drop the later of two ranges that begin on one line.
import type { FoldingRange } from 'vscode-languageserver-types';
import { nameKey } from '../zone/names';
import type { ParsedZone } from '../zone/types';
import { layoutZone, type LayoutEntry } from './zoneLayout';

export function foldingRanges(parsed: ParsedZone, text: string): FoldingRange[] {
  const layout = layoutZone(text);
  const ranges: FoldingRange[] = [];

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
      if (l - 1 > blockStart) ranges.push({ startLine: blockStart, endLine: l - 1, kind: 'comment' });
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
  closeRun();

  return nestProperly(ranges);
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
