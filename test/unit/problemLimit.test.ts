import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLeft, limitProblems } from '../../server/src/problemLimit';
import type { Severity, ZoneDiagnostic } from '../../server/src/service/zone/types';

const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];

function diagnostics(severities: Severity[]): ZoneDiagnostic[] {
  return severities.map((severity, i) => ({ code: `c${i}`, severity, message: `m${i}`, file: 0, start: i * 10, end: i * 10 + 5 }));
}

test('problem limit: as many as fit are all published, in file order', () => {
  const all = diagnostics(['information', 'error', 'warning']);
  assert.deepEqual(limitProblems(all, 3), { shown: all });
  assert.deepEqual(limitProblems([], 1), { shown: [] });
});

test('problem limit: over the limit, the most severe are kept in file order, with room for the note', () => {
  const all = diagnostics(['information', 'warning', 'hint', 'error', 'warning', 'information', 'error']);
  const { shown, left } = limitProblems(all, 4);
  assert.deepEqual(shown.map((d) => d.code), ['c1', 'c3', 'c6']);
  assert.deepEqual(left, { error: 0, warning: 1, information: 2, hint: 1 });
  assert.equal(describeLeft(left!), '1 warning, 2 information, 1 hint');
  assert.deepEqual(limitProblems(all, 1), { shown: [], left: { error: 2, warning: 2, information: 2, hint: 1 } });
});

test('problem limit: on random lists, the kept ones are never less severe than a left-out one, and counts add up', () => {
  let seed = 3;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 500; round++) {
    const all = diagnostics(Array.from({ length: random(40) }, () => SEVERITIES[random(4)]));
    const max = 1 + random(45);
    const { shown, left } = limitProblems(all, max);
    if (all.length <= max) {
      assert.equal(shown, all);
      assert.equal(left, undefined);
      continue;
    }
    assert.equal(shown.length, max - 1);
    assert.deepEqual(shown, all.filter((d) => shown.includes(d)), 'file order');
    const rank = (d: ZoneDiagnostic) => SEVERITIES.indexOf(d.severity);
    const out = all.filter((d) => !shown.includes(d));
    const worstKept = Math.max(...shown.map(rank), -1);
    const bestLeft = Math.min(...out.map(rank));
    assert.ok(worstKept <= bestLeft, `round ${round}`);
    // Within the severity where the cut falls, the first ones in the file are kept.
    for (const d of out) assert.ok(!shown.some((s) => rank(s) === rank(d) && s.start > d.start), `round ${round}`);
    assert.deepEqual(left, Object.fromEntries(SEVERITIES.map((s) => [s, out.filter((d) => d.severity === s).length])));
  }
});
