// The files below a folder, walked depth first, that a test reads.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Paths of the files below `dir` (at any depth) whose name `keep` accepts, sorted. */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (keep(entry)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
