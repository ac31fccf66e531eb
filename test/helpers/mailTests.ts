// What the rule tests share: a resolver that answers TXT queries from a table, quick fixes
// applied to a text, the check that fix-all over a folder of fixtures adds no diagnostic, and the
// check that the fixtures draw every rule of an area.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DnsAnswer, Resolver } from '../../server/src/service/dns/resolver';
import { fixesFor, planFixAll, type OffsetEdit, type ZoneFix } from '../../server/src/service/features/codeActions';
import { lintText, type LintTextOptions } from '../../server/src/service/lint';
import { readAnnotations } from './fixture';

/** Answers TXT queries from `answers` (NXDOMAIN for the rest) and records them; other types have no data. */
export class FakeResolver implements Resolver {
  readonly queries: string[] = [];
  constructor(private readonly answers: Record<string, DnsAnswer<string>>) {}
  async txt(name: string): Promise<DnsAnswer<string>> {
    this.queries.push(name);
    return this.answers[name] ?? { status: 'nxdomain', records: [] };
  }
  async addresses(): Promise<DnsAnswer<string>> {
    return { status: 'nodata', records: [] };
  }
  async mx(): Promise<DnsAnswer<{ preference: number; exchange: string }>> {
    return { status: 'nodata', records: [] };
  }
  async cname(): Promise<DnsAnswer<string>> {
    return { status: 'nodata', records: [] };
  }
}

/** `text` with the edits (offsets into it, none overlapping) made, the last first. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/**
 * The fix of the only `code` diagnostic of `text` (the one titled like `title`, when given),
 * applied; the result is linted again to show the diagnostic gone.
 */
export function applyFix(text: string, code: string, title?: RegExp, options: LintTextOptions = {}): { output: string; fix: ZoneFix } {
  const { parsed, diagnostics } = lintText(text, options);
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${diagnostics.map((d) => d.code).sort().join(', ')}`);
  const fixes = fixesFor(parsed, text, found[0]);
  const fix = title ? fixes.find((f) => title.test(f.title)) : fixes[0];
  assert.ok(fix, `no fix${title ? ` titled ${title}` : ''} among: ${fixes.map((f) => f.title).join(' | ')}`);
  const output = applyEdits(text, fix.edits);
  const after = lintText(output, options).diagnostics.filter((d) => d.code === code);
  assert.equal(after.length, 0, `${code} is still reported after '${fix.title}':\n${output}`);
  return { output, fix };
}

/** Fix-all over every fixture of `folder` leaves only diagnostics that were there and not fixed. */
export function assertFixAllAddsNothing(folder: string): void {
  const codes = (ds: { code: string }[]) => ds.map((d) => d.code);
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.zone'))) {
    const input = readFileSync(join(folder, name), 'utf8');
    const before = lintText(input);
    const plan = planFixAll(before.parsed, input, before.diagnostics);
    const output = applyEdits(input, plan.edits);
    const left = codes(lintText(output).diagnostics);
    const allowed = codes(before.diagnostics);
    for (const d of plan.fixed) allowed.splice(allowed.indexOf(d.code), 1);
    for (const c of left) {
      const i = allowed.indexOf(c);
      assert.ok(i >= 0, `${name}: fix-all left or added ${c}`);
      allowed.splice(i, 1);
    }
  }
}

/** Some fixture of `folder` is annotated with each of `rules`. */
export function assertEveryRuleDrawn(folder: string, rules: readonly { id: string }[]): void {
  const drawn = new Set<string>();
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.zone'))) for (const a of readAnnotations(readFileSync(join(folder, name), 'utf8'))) drawn.add(a.code);
  for (const rule of rules) assert.ok(drawn.has(rule.id), `no fixture draws ${rule.id}`);
}
