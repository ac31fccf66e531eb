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
    for (const r of index.parsed.records) {
      const origins = originsByFile.get(r.file);
      if (!origins || r.generated) continue;
      let i = nextOrigin.get(r.file) ?? 0;
      let directive: Directive | undefined;
      while (i < origins.length && origins[i].end <= r.start) directive = origins[i++];
      nextOrigin.set(r.file, i);
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
