import type { Rule } from '../rule';

export const DMARC_RULES: readonly Rule[] = [];
