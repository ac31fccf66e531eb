// Fixture zones with the expected diagnostics drawn under the code:
//
//   www  IN CNAME mail.example.com
//   ;             ^^^^^^^^^^^^^^^^ zone-relative-target-fqdn
//
// An annotation line is a comment whose carets sit under the characters of the nearest
// code line above it; several annotation lines may follow one code line. A range that starts
// in column 0 is drawn as `;<^^^^ code`, the ';<' standing under its first two characters.
import assert from 'node:assert/strict';
import { lintText, type LintTextOptions } from '../../server/src/service/lint';
import { LineIndex } from '../../server/src/service/zone/lineIndex';
import type { ZoneDiagnostic } from '../../server/src/service/zone/types';

const ANNOTATION = /^;(\s*)(\^+)\s+([a-z0-9-]+)\s*$/;
// A range that starts in column 0 (an owner) is drawn with ';<' in place of its first two carets.
const ANNOTATION_AT_COLUMN_0 = /^(;<\^*)\s+([a-z0-9-]+)\s*$/;

export interface Expected {
  line: number;
  start: number;
  end: number;
  code: string;
}

export function readAnnotations(text: string): Expected[] {
  const lines = text.split(/\r?\n/);
  const out: Expected[] = [];
  let codeLine = -1;
  lines.forEach((l, i) => {
    const atColumn0 = ANNOTATION_AT_COLUMN_0.exec(l);
    if (atColumn0) {
      out.push({ line: codeLine, start: 0, end: atColumn0[1].length, code: atColumn0[2] });
      return;
    }
    const m = ANNOTATION.exec(l);
    if (!m) {
      codeLine = i;
      return;
    }
    const start = 1 + m[1].length;
    out.push({ line: codeLine, start, end: start + m[2].length, code: m[3] });
  });
  return out;
}

export interface FixtureOptions extends LintTextOptions {
  /** Compare only diagnostics whose code starts with one of these prefixes. */
  only?: string[];
}

function describe(e: Expected, lines: string[]): string {
  return `${e.line + 1}:${e.start + 1}-${e.end + 1} ${e.code}  [${(lines[e.line] ?? '').slice(e.start, e.end)}]`;
}

/** Lint the fixture and assert that its diagnostics are exactly the drawn ones. */
export function checkFixture(text: string, options: FixtureOptions = {}): ZoneDiagnostic[] {
  const { diagnostics } = lintText(text, options);
  const index = new LineIndex(text);
  const lines = text.split(/\r?\n/);
  const actual: Expected[] = diagnostics
    .filter((d) => d.file === 0 && (!options.only || options.only.some((p) => d.code.startsWith(p))))
    .map((d) => {
      const s = index.position(d.start);
      const e = index.position(d.end);
      // Multi-line ranges are compared on their first line.
      return { line: s.line, start: s.character, end: e.line === s.line ? e.character : lines[s.line].length, code: d.code };
    });
  const expected = readAnnotations(text);
  const key = (e: Expected) => describe(e, lines);
  assert.deepEqual(actual.map(key).sort(), expected.map(key).sort(), 'diagnostics differ from the annotations; messages:\n' + diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  return diagnostics;
}
