// Per-rule severity overrides from the user's settings or the command line, and the
// closest-id suggestion shared by every place that reads a rule id typed by a user.
import { RULE_INFOS, RULES_BY_ID } from './rules/index';
import type { Severity, ZoneDiagnostic } from './zone/types';
import { editDistance } from './editDistance';

export type RuleSeverity = Severity | 'off';

export const RULE_SEVERITY_VALUES: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];

export function isRuleSeverity(value: unknown): value is RuleSeverity {
  return typeof value === 'string' && (RULE_SEVERITY_VALUES as readonly string[]).includes(value);
}

/** The known rule id most like `id` (case-insensitive; a known id containing it, such as the id without its area prefix, comes first). */
export function closestRuleId(id: string): string {
  const wanted = id.toLowerCase();
  let best = RULE_INFOS[0].id;
  let bestScore = Infinity;
  for (const r of RULE_INFOS) {
    // Writing only the end of an id ('other-data') is a near miss however many characters are left out.
    const score = wanted.length >= 3 && r.id.includes(wanted) ? 0.5 : editDistance(wanted, r.id);
    if (score < bestScore) {
      best = r.id;
      bestScore = score;
    }
  }
  return best;
}

export interface RuleSeveritiesCheck {
  /** The entries with a known rule id and a valid value. */
  valid: Record<string, RuleSeverity>;
  /** One message per ignored entry, saying what is wrong and what to write instead. */
  problems: string[];
}

/** Split a severity-override object (settings, JSON) into the usable entries and messages about the rest. */
export function validateRuleSeverities(value: unknown): RuleSeveritiesCheck {
  const valid: Record<string, RuleSeverity> = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { valid, problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`Rule severities must be an object of rule id to ${RULE_SEVERITY_VALUES.join(', ')}; got ${Array.isArray(value) ? 'an array' : typeof value}. Write e.g. { "zone-ttl-mismatch": "off" }.`);
    return { valid, problems };
  }
  for (const [id, severity] of Object.entries(value as Record<string, unknown>)) {
    if (!RULES_BY_ID.has(id)) {
      problems.push(`'${id}' is not a zonelint rule id, so its severity setting is ignored. The closest rule id is '${closestRuleId(id)}'.`);
    } else if (!isRuleSeverity(severity)) {
      problems.push(`'${JSON.stringify(severity)}' is not a severity for '${id}'; use one of ${RULE_SEVERITY_VALUES.join(', ')}. The rule keeps its default severity.`);
    } else {
      valid[id] = severity;
    }
  }
  return { valid, problems };
}

/** The usable overrides of `value` as a map, or undefined when there are none (the common case: nothing to do). */
export function ruleSeverityMap(value: unknown): Map<string, RuleSeverity> | undefined {
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  let map: Map<string, RuleSeverity> | undefined;
  for (const [id, severity] of Object.entries(value as Record<string, unknown>)) {
    if (!RULES_BY_ID.has(id) || !isRuleSeverity(severity)) continue;
    (map ??= new Map()).set(id, severity);
  }
  return map;
}

/**
 * The diagnostics with the overrides applied: 'off' drops a diagnostic, a severity replaces
 * it on a copy (parser diagnostics belong to the parse, which hosts may reuse).
 */
export function applyRuleSeverities(diagnostics: ZoneDiagnostic[], overrides: ReadonlyMap<string, RuleSeverity>): ZoneDiagnostic[] {
  const out: ZoneDiagnostic[] = [];
  for (const d of diagnostics) {
    const severity = overrides.get(d.code);
    if (severity === undefined) out.push(d);
    else if (severity !== 'off') out.push(severity === d.severity ? d : { ...d, severity });
  }
  return out;
}
