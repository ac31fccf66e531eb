import type { Rule } from '../rule';

export const SPF_RULES: readonly Rule[] = [];
