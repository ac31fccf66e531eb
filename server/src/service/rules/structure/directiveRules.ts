// Directive rules: $ORIGIN written relative, and a blank owner that silently ignores a new $ORIGIN.
import type { Directive } from '../../zone/types';
import type { Rule } from '../rule';
import { lineStart, typeLocation } from './zoneFacts';

export const zoneOriginRelative: Rule = {
  id: 'zone-origin-relative',
  severity: 'warning',
  title: '$ORIGIN without a final dot',
  source: 'Knot "invalid FQDN zone origin"; BIND appends the current origin',
  check(index, report) {
    for (const d of index.parsed.directives) {
      if (d.name !== '$ORIGIN' || d.args.length === 0) continue;
      const arg = d.args[0];
      const text = arg.text;
      if (text === '@' || text.charCodeAt(text.length - 1) === 0x2e) continue;
      report(
        'zone-origin-relative',
        { file: d.file, start: arg.start, end: arg.end },
        `$ORIGIN '${text}' has no final dot, so it is appended to the current origin (BIND) or rejected (Knot); add the final dot: '${text}.'.`,
        { replacement: text + '.' },
      );
    }
  },
};

export const zoneBlankOwnerAfterOrigin: Rule = {
  id: 'zone-blank-owner-after-origin',
  severity: 'warning',
  title: 'Blank owner right after $ORIGIN',
  source: 'BIND "record with inherited owner ... immediately after $ORIGIN"',
  check(index, report) {
    const originsByFile = new Map<number, Directive[]>();
    for (const d of index.parsed.directives) {
      if (d.name !== '$ORIGIN') continue;
      let list = originsByFile.get(d.file);
      if (!list) originsByFile.set(d.file, (list = []));
      list.push(d);
    }
    if (originsByFile.size === 0) return;
    const nextOrigin = new Map<number, number>();
    // Records come file by file in long stretches: keep the current file's cursor in locals.
    let file = -1;
    let origins: Directive[] | undefined;
    let i = 0;
    for (const r of index.parsed.records) {
      if (r.file !== file) {
        if (origins) nextOrigin.set(file, i);
        file = r.file;
        origins = originsByFile.get(file);
        i = nextOrigin.get(file) ?? 0;
      }
      if (!origins || r.generated) continue;
      // Past the file's last $ORIGIN no record can follow one directly.
      if (i >= origins.length) continue;
      let directive: Directive | undefined;
      while (i < origins.length && origins[i].end <= r.start) directive = origins[i++];
      if (!directive || r.ownerSpan) continue;
      const text = index.parsed.files[r.file]?.text ?? '';
      report(
        'zone-blank-owner-after-origin',
        typeLocation(r),
        `This record has a blank owner right after $ORIGIN, so it belongs to the previous owner '${r.owner}', not to the new origin. Write the owner ('@' for the origin).`,
        { insertAt: lineStart(text, r.start), inheritedOwner: r.owner },
      );
    }
  },
};
