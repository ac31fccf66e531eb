import type { Rule } from '../rule';

export const STS_RULES: readonly Rule[] = [];
