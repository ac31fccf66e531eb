// The one rule table: every rule the service knows, by id.
import { SYNTAX_RULES } from '../zone/syntaxRules';
import type { Rule } from './rule';
import type { RuleInfo } from './ruleInfo';
import { STRUCTURE_RULES } from './structure/index';
import { CONTENT_RULES } from './content/index';
import { MAIL_RULES } from './mail/index';
import { DANE_RULES } from './dane/index';
import { DNS_LOOKUP_FAILED } from './dnsLookup';

/** Rules with a check over the parsed zone. */
export const ALL_RULES: readonly Rule[] = [...STRUCTURE_RULES, ...CONTENT_RULES, ...MAIL_RULES, ...DANE_RULES];

/** Every rule id, including those the parser reports. */
export const RULE_INFOS: readonly RuleInfo[] = [...SYNTAX_RULES, ...ALL_RULES, DNS_LOOKUP_FAILED];

export const RULES_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULE_INFOS.map((r) => [r.id, r]));
