// The service's entry point for linting: parse, run every rule, apply severity overrides
// and inline suppressions.
import { parseZone, type ParseOptions } from './zone/parser';
import type { ParsedZone, ZoneDiagnostic } from './zone/types';
import type { LintOptions, Report, Rule, ZoneIndex } from './rules/rule';
import type { Resolver } from './dns/resolver';
import { throwIfCancelled } from './cancel';
export { LintCancelled, type IsCancelled } from './cancel';
import { buildZoneIndex } from './rules/zoneIndex';
import { ALL_RULES, RULES_BY_ID } from './rules/index';
import { applyRuleSeverities, ruleSeverityMap } from './ruleSeverities';
import { applySuppressions, readSuppressions, type Suppressions } from './suppressions';

export { validateRuleSeverities, type RuleSeverity } from './ruleSeverities';
export type { Resolver, DnsAnswer, DnsStatus, MxAnswer } from './dns/resolver';

export interface LintResult {
  parsed: ParsedZone;
  diagnostics: ZoneDiagnostic[];
}

export type LintTextOptions = ParseOptions & LintOptions;

/** Called when a rule throws; the default rethrows. Hosts pass a handler that logs and goes on. */
export type RuleErrorHandler = (ruleId: string, error: unknown) => void;

const rethrow: RuleErrorHandler = (_id, error) => {
  throw error;
};

type Reporter = (rule: Rule) => Report;

function makeReporter(out: ZoneDiagnostic[]): Reporter {
  return (rule) => (ruleId, at, message, data) => {
    const info = RULES_BY_ID.get(ruleId);
    const d: ZoneDiagnostic = { code: ruleId, severity: info ? info.severity : rule.severity, message, file: at.file, start: at.start, end: at.end };
    if (data !== undefined) d.data = data;
    out.push(d);
  };
}

/**
 * The lint's result from the rules' diagnostics: the parser's and the suppression comments' come
 * first, severity overrides and suppressions are applied, and all is sorted by position (stably:
 * at one span, parser before rules, rules in table order).
 */
function finishLint(parsed: ParsedZone, options: LintOptions, suppressions: Suppressions | undefined, head: readonly ZoneDiagnostic[], ruleDiagnostics: readonly ZoneDiagnostic[]): ZoneDiagnostic[] {
  let result = head.concat(ruleDiagnostics);
  // Unknown rule ids and bad values are ignored here; validateRuleSeverities tells hosts about them.
  const overrides = ruleSeverityMap(options.ruleSeverities);
  if (overrides) result = applyRuleSeverities(result, overrides);
  if (suppressions) result = applySuppressions(result, suppressions);
  result.sort((a, b) => a.file - b.file || a.start - b.start || a.end - b.end);
  return result;
}

/** The diagnostics that come before the rules': the parser's and those of the suppression comments. */
function headOf(parsed: ParsedZone, suppressions: Suppressions | undefined): ZoneDiagnostic[] {
  const head = parsed.diagnostics.slice();
  if (suppressions) head.push(...suppressions.diagnostics);
  return head;
}

/** `seed`: diagnostics already found (an offline result) that the lint adds to, in place of the parser's. */
function prepare(parsed: ParsedZone, options: LintOptions, seed?: readonly ZoneDiagnostic[]) {
  const suppressions = readSuppressions(parsed);
  const head = seed ? seed.slice() : headOf(parsed, suppressions);
  const out: ZoneDiagnostic[] = [];
  const finish = (): ZoneDiagnostic[] => finishLint(parsed, options, suppressions, head, out);
  return { index: buildZoneIndex(parsed, options), reporter: makeReporter(out), finish };
}

/** Every rule's offline check. Never touches the network. */
export function lintParsed(parsed: ParsedZone, options: LintOptions = {}, onRuleError: RuleErrorHandler = rethrow): ZoneDiagnostic[] {
  return lintResult(parsed, options, ruleDiagnostics(buildZoneIndex(parsed, options), options, onRuleError).diagnostics);
}

/** Runs every rule's offline check on `index`; `ruleEnd` hears how many diagnostics there are after each rule. */
function runRules(index: ZoneIndex, reporter: Reporter, options: LintOptions, onRuleError: RuleErrorHandler, ruleEnd?: (rule: number) => void): void {
  for (let i = 0; i < ALL_RULES.length; i++) {
    const rule = ALL_RULES[i];
    throwIfCancelled(options.isCancelled);
    try {
      rule.check(index, reporter(rule));
    } catch (error) {
      // One faulty rule must not take the other checks (or the editor's server) down with it.
      onRuleError(rule.id, error);
    }
    ruleEnd?.(i);
  }
}

/** The rules' diagnostics on `index`, each with the index in ALL_RULES of the rule that found it. */
export function ruleDiagnostics(index: ZoneIndex, options: LintOptions, onRuleError: RuleErrorHandler = rethrow): { diagnostics: ZoneDiagnostic[]; rules: Uint16Array } {
  const out: ZoneDiagnostic[] = [];
  let rules = new Uint16Array(64);
  let filled = 0;
  runRules(index, makeReporter(out), options, onRuleError, (rule) => {
    if (out.length > rules.length) {
      const grown = new Uint16Array(Math.max(out.length, rules.length * 2));
      grown.set(rules);
      rules = grown;
    }
    rules.fill(rule, filled, out.length);
    filled = out.length;
  });
  return { diagnostics: out, rules: rules.subarray(0, out.length) };
}

/** A lint's result from rule diagnostics found apart (an incremental lint), in rule table order. */
export function lintResult(parsed: ParsedZone, options: LintOptions, ruleOrdered: readonly ZoneDiagnostic[]): ZoneDiagnostic[] {
  const suppressions = readSuppressions(parsed);
  return finishLint(parsed, options, suppressions, headOf(parsed, suppressions), ruleOrdered);
}

const LIVE_RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.filter((r) => r.checkLive).map((r) => r.id));

/**
 * The full result with DNS at hand: rules with a live check run it instead of their offline one,
 * the others run offline. Hosts show lintParsed's result first and replace it with this one; given
 * that result as `offline` (lintParsed with the same options), only the live checks run again.
 */
export async function lintLive(parsed: ParsedZone, dns: Resolver, options: LintOptions = {}, onRuleError: RuleErrorHandler = rethrow, offline?: readonly ZoneDiagnostic[]): Promise<ZoneDiagnostic[]> {
  const { index, reporter, finish } = prepare(parsed, options, offline?.filter((d) => !LIVE_RULE_IDS.has(d.code)));
  const live: Promise<void>[] = [];
  for (const rule of ALL_RULES) {
    throwIfCancelled(options.isCancelled);
    try {
      if (rule.checkLive) live.push(rule.checkLive(index, dns, reporter(rule)).catch((error) => onRuleError(rule.id, error)));
      else if (!offline) rule.check(index, reporter(rule));
    } catch (error) {
      onRuleError(rule.id, error);
    }
  }
  await Promise.all(live);
  throwIfCancelled(options.isCancelled);
  return finish();
}

/** True when some rule has a live check, that is when lintLive can tell more than lintParsed. */
export const HAS_LIVE_RULES: boolean = ALL_RULES.some((r) => r.checkLive !== undefined);

export function lintText(text: string, options: LintTextOptions = {}): LintResult {
  const parsed = parseZone(text, options);
  return { parsed, diagnostics: lintParsed(parsed, options) };
}
