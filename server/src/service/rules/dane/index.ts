// TLSA records and DANE for SMTP.
import type { Rule } from '../rule';

export const DANE_RULES: readonly Rule[] = [];
