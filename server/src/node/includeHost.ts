// Reads $INCLUDE files from disk, only below a root folder: a zone file must not make the
// linter read /etc/shadow or a file outside the project.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { IncludeHost } from '../service/zone/types';

const MAX_INCLUDE_BYTES = 256 * 1024 * 1024;

export function createFsIncludeHost(root: string): IncludeHost {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = resolve(root);
  }
  return {
    read(fromPath, target) {
      const wanted = resolve(dirname(fromPath), target);
      // Refuse before touching the disk, so a zone file cannot even probe what exists outside.
      const lexical = relative(resolve(root), wanted);
      const lexicalReal = relative(realRoot, wanted);
      if ((lexical.startsWith('..') || isAbsolute(lexical)) && (lexicalReal.startsWith('..') || isAbsolute(lexicalReal))) {
        return { error: `'${wanted}' is outside the folder this check may read (${realRoot}); it was not read.` };
      }
      let real: string;
      try {
        real = realpathSync(wanted);
      } catch {
        return { error: `file '${wanted}' not found.` };
      }
      const rel = relative(realRoot, real);
      if (rel.startsWith('..') || isAbsolute(rel)) {
        return { error: `'${real}' is outside the folder this check may read (${realRoot}); it was not read.` };
      }
      try {
        const st = statSync(real);
        if (!st.isFile()) return { error: `'${real}' is not a file.` };
        if (st.size > MAX_INCLUDE_BYTES) return { error: `'${real}' is larger than ${MAX_INCLUDE_BYTES} bytes; it was not read.` };
        return { path: real, text: readZoneText(real) };
      } catch (e) {
        return { error: `'${real}' cannot be read: ${(e as Error).message}` };
      }
    },
  };
}

/** A zone file's text; pure ASCII (the usual case) is read without UTF-8 decoding. */
export function readZoneText(path: string): string {
  const bytes = readFileSync(path);
  const latin1 = bytes.toString('latin1');
  // A regular expression finds a non-ASCII byte faster than any loop here.
  return /[^\x00-\x7f]/.test(latin1) ? bytes.toString('utf8') : latin1;
}
