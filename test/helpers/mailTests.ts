// What the mail rule tests share: a resolver that answers TXT queries from a table, the check
// that fix-all over a folder of fixtures adds no diagnostic, and the check that the fixtures
// draw every rule of an area.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DnsAnswer, Resolver } from '../../server/src/service/dns/resolver';
import { planFixAll } from '../../server/src/service/features/codeActions';
import { lintText } from '../../server/src/service/lint';
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

/** Fix-all over every fixture of `folder` leaves only diagnostics that were there and not fixed. */
export function assertFixAllAddsNothing(folder: string): void {
  const codes = (ds: { code: string }[]) => ds.map((d) => d.code);
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.zone'))) {
    const input = readFileSync(join(folder, name), 'utf8');
    const before = lintText(input);
    const plan = planFixAll(before.parsed, input, before.diagnostics);
    let output = input;
    for (const e of [...plan.edits].sort((a, b) => b.start - a.start)) output = output.slice(0, e.start) + e.newText + output.slice(e.end);
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
