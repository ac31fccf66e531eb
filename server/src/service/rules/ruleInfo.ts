import type { Severity } from '../zone/types';

/** One entry of the rule table: the id is the diagnostic code, the setting key and the docs page name. */
export interface RuleInfo {
  id: string;
  severity: Severity;
  /** Short title, shown in the docs index and settings. */
  title: string;
  /** RFC section or tool the rule comes from. */
  source: string;
}

/** Where each rule's documentation page lives; diagnostics link here through codeDescription. */
export const RULE_DOCS_BASE = 'https://github.com/zonelint/zonelint/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return RULE_DOCS_BASE + id + '.md';
}
