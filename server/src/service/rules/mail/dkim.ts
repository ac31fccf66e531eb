import type { Rule } from '../rule';

export const DKIM_RULES: readonly Rule[] = [];
