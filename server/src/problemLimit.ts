// Which of a document's diagnostics the server publishes when there are more than the editor
// would show. The server keeps them all (code actions and "fix all" use every one); only the
// list sent to the editor is bounded, as VS Code itself bounds what it shows per file.
import type { Severity, ZoneDiagnostic } from './service/zone/types';

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
const NAMES: readonly (readonly [Severity, string, string])[] = [
  ['error', 'error', 'errors'],
  ['warning', 'warning', 'warnings'],
  ['information', 'information', 'information'],
  ['hint', 'hint', 'hints'],
];

export interface LimitedProblems {
  /** What to publish, in file order: all of them, or the most severe first ones. */
  shown: ZoneDiagnostic[];
  /** How many of each severity were left out; undefined when none was. */
  left?: Record<Severity, number>;
}

/**
 * At most `max` diagnostics: when there are more, `max - 1` are kept (by severity, errors first,
 * then in file order, as VS Code picks) and room is left for a note on the others.
 * `diagnostics` is in file order.
 */
export function limitProblems(diagnostics: readonly ZoneDiagnostic[], max: number): LimitedProblems {
  if (diagnostics.length <= max) return { shown: diagnostics as ZoneDiagnostic[] };
  const keep = Math.max(0, max - 1);
  // The rank up to which everything fits, and how many of the next rank fit after it.
  const counts = [0, 0, 0, 0];
  for (const d of diagnostics) counts[RANK[d.severity]]++;
  let cut = 0;
  let room = keep;
  while (cut < 4 && counts[cut] <= room) room -= counts[cut++];
  const shown: ZoneDiagnostic[] = [];
  const left: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of diagnostics) {
    const rank = RANK[d.severity];
    if (rank < cut || (rank === cut && room-- > 0)) shown.push(d);
    else left[d.severity]++;
  }
  return { shown, left };
}

/** The words of the note on the diagnostics left out, e.g. "7,764 information". */
export function describeLeft(left: Record<Severity, number>): string {
  const parts: string[] = [];
  for (const [severity, one, many] of NAMES) {
    const n = left[severity];
    if (n > 0) parts.push(`${n.toLocaleString('en-US')} ${n === 1 ? one : many}`);
  }
  return parts.join(', ');
}
