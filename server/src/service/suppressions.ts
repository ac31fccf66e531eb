// Inline suppressions: comments that silence rules on one line or between two comments.
//
//   ; zonelint-disable-next-line <id>[, <id>...]   the next line that holds a token (blank and
//                                                  comment-only lines are skipped)
//   <record> ; zonelint-disable-line <id>          the line of the comment
//   ; zonelint-disable <id>[, ...]                 from this line ...
//   ; zonelint-enable <id>[, ...]                  ... to the line before this one (or the end of the file)
//
// Without ids a directive applies to every rule; ids may be followed by ' -- reason'.
// A diagnostic is suppressed when the line of its start is covered in its own file.
import { closestRuleId } from './ruleSeverities';
import { RULES_BY_ID } from './rules/index';
import { LineIndex } from './zone/lineIndex';
import type { Comment, ParsedZone, SourceFile, ZoneDiagnostic } from './zone/types';
import { CR, LF, LPAREN, RPAREN, SEMI, SPACE, TAB } from './zone/charCodes';

export const UNKNOWN_SUPPRESSION = 'syntax-unknown-suppression';

const MARKER = 'zonelint-';
const DIRECTIVE = /^;+[ \t]*zonelint-(disable-next-line|disable-line|disable|enable)(?![\w-])/;
const ID = /[^\s,]+/g;

type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

/** Rule ids a directive names; null for every rule. */
type RuleSet = ReadonlySet<string> | null;

interface RangeDirective {
  line: number;
  disable: boolean;
  rules: RuleSet;
}

interface FileSuppressions {
  lines: LineIndex;
  /** Lines silenced by disable-next-line and disable-line. */
  single: Map<number, Set<string> | null>;
  /** disable and enable comments in file order. */
  ranges: RangeDirective[];
}

export interface Suppressions {
  /** True when a directive silences this diagnostic. */
  covers(d: ZoneDiagnostic): boolean;
  /** Unknown rule ids in directives, as syntax-unknown-suppression diagnostics. */
  diagnostics: ZoneDiagnostic[];
}


/** Line of the first line after `line` that holds a token, or -1; `from` is the offset where `line` ends (its LF). */
function nextTokenLine(text: string, from: number, line: number): number {
  let pos = from;
  while (pos < text.length) {
    // pos is at the LF ending the current line.
    pos++;
    line++;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      // Parentheses only join lines; a line holding just ')' has no record on it.
      if (c === SPACE || c === TAB || c === CR || c === LPAREN || c === RPAREN) pos++;
      else break;
    }
    if (pos >= text.length) return -1;
    const c = text.charCodeAt(pos);
    if (c !== LF && c !== SEMI) return line;
    while (pos < text.length && text.charCodeAt(pos) !== LF) pos++;
  }
  return -1;
}

function addSingle(fs: FileSuppressions, line: number, rules: RuleSet): void {
  const had = fs.single.get(line);
  if (had === null) return;
  if (rules === null) fs.single.set(line, null);
  else if (had) for (const r of rules) had.add(r);
  else fs.single.set(line, new Set(rules));
}

function unknownIdDiagnostic(c: Comment, kind: DirectiveKind, id: string, start: number): ZoneDiagnostic {
  const suggestion = closestRuleId(id);
  return {
    code: UNKNOWN_SUPPRESSION,
    severity: RULES_BY_ID.get(UNKNOWN_SUPPRESSION)?.severity ?? 'warning',
    message: `'${id}' is not a zonelint rule id, so this zonelint-${kind} comment suppresses nothing for it. The closest rule id is '${suggestion}'; correct the id or remove it.`,
    file: c.file,
    start,
    end: start + id.length,
    data: { id, suggestion },
  };
}

/** True when the comment starts with 'zonelint-' after its semicolons and blanks; reads the file text in place. */
function isDirectiveComment(files: readonly SourceFile[], c: Comment): boolean {
  const text = files[c.file].text;
  let p = c.start;
  while (p < c.end && text.charCodeAt(p) === SEMI) p++;
  while (p < c.end && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
  return text.startsWith(MARKER, p);
}

/** Read the directives of every file, or undefined when there are none (the common case: one look at each comment, no copying). */
export function readSuppressions(parsed: ParsedZone): Suppressions | undefined {
  let directives: Comment[] | undefined;
  for (const c of parsed.comments) if (isDirectiveComment(parsed.files, c)) (directives ??= []).push(c);
  if (!directives) return undefined;

  const byFile = new Map<number, FileSuppressions>();
  const diagnostics: ZoneDiagnostic[] = [];
  for (const c of directives) {
    const text = c.text;
    const m = DIRECTIVE.exec(text);
    if (!m) continue;
    const kind = m[1] as DirectiveKind;

    let idsText = text.slice(m[0].length);
    const reason = /(?:^|\s)--(?:\s|$)/.exec(idsText);
    if (reason) idsText = idsText.slice(0, reason.index);
    let rules: Set<string> | null = null;
    ID.lastIndex = 0;
    for (let id = ID.exec(idsText); id; id = ID.exec(idsText)) {
      rules ??= new Set();
      if (RULES_BY_ID.has(id[0])) rules.add(id[0]);
      else diagnostics.push(unknownIdDiagnostic(c, kind, id[0], c.start + m[0].length + id.index));
    }

    const src: SourceFile = parsed.files[c.file];
    let fs = byFile.get(c.file);
    if (!fs) byFile.set(c.file, (fs = { lines: new LineIndex(src.text), single: new Map(), ranges: [] }));
    const line = fs.lines.position(c.start).line;
    if (kind === 'disable-line') addSingle(fs, line, rules);
    else if (kind === 'disable-next-line') {
      const target = nextTokenLine(src.text, c.end < src.text.length && src.text.charCodeAt(c.end) === CR ? c.end + 1 : c.end, line);
      if (target >= 0) addSingle(fs, target, rules);
    } else fs.ranges.push({ line, disable: kind === 'disable', rules });
  }
  for (const fs of byFile.values()) fs.ranges.sort((a, b) => a.line - b.line);

  return {
    diagnostics,
    covers(d) {
      const fs = byFile.get(d.file);
      if (!fs) return false;
      const line = fs.lines.position(d.start).line;
      const single = fs.single.get(line);
      if (single === null || single?.has(d.code)) return true;
      // The last disable or enable at or above the line that names the rule (or all rules) decides.
      const ranges = fs.ranges;
      for (let i = ranges.length - 1; i >= 0; i--) {
        const r = ranges[i];
        if (r.line > line) continue;
        if (r.rules === null || r.rules.has(d.code)) return r.disable;
      }
      return false;
    },
  };
}

/** The diagnostics no directive silences. */
export function applySuppressions(diagnostics: ZoneDiagnostic[], suppressions: Suppressions): ZoneDiagnostic[] {
  return diagnostics.filter((d) => !suppressions.covers(d));
}
