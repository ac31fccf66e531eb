// The service's entry point for linting: parse, run every rule, apply severity overrides
// and inline suppressions.
import { parseZone, type ParseOptions } from './zone/parser';
import type { ParsedZone, ZoneDiagnostic } from './zone/types';
import type { LintOptions } from './rules/rule';
import { buildZoneIndex } from './rules/zoneIndex';
import { ALL_RULES, RULES_BY_ID } from './rules/index';
import { applyRuleSeverities, ruleSeverityMap } from './ruleSeverities';
import { applySuppressions, readSuppressions } from './suppressions';

export { validateRuleSeverities, type RuleSeverity } from './ruleSeverities';

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

export function lintParsed(parsed: ParsedZone, options: LintOptions = {}, onRuleError: RuleErrorHandler = rethrow): ZoneDiagnostic[] {
  let out: ZoneDiagnostic[] = parsed.diagnostics.slice();
  const suppressions = readSuppressions(parsed);
  if (suppressions) out.push(...suppressions.diagnostics);
  const index = buildZoneIndex(parsed, options);
  for (const rule of ALL_RULES) {
    try {
      rule.check(index, (ruleId, at, message, data) => {
        const info = RULES_BY_ID.get(ruleId);
        const d: ZoneDiagnostic = { code: ruleId, severity: info ? info.severity : rule.severity, message, file: at.file, start: at.start, end: at.end };
        if (data !== undefined) d.data = data;
        out.push(d);
      });
    } catch (error) {
      // One faulty rule must not take the other checks (or the editor's server) down with it.
      onRuleError(rule.id, error);
    }
  }
  // Unknown rule ids and bad values are ignored here; validateRuleSeverities tells hosts about them.
  const overrides = ruleSeverityMap(options.ruleSeverities);
  if (overrides) out = applyRuleSeverities(out, overrides);
  if (suppressions) out = applySuppressions(out, suppressions);
  out.sort((a, b) => a.file - b.file || a.start - b.start || a.end - b.end);
  return out;
}

export function lintText(text: string, options: LintTextOptions = {}): LintResult {
  const parsed = parseZone(text, options);
  return { parsed, diagnostics: lintParsed(parsed, options) };
}
