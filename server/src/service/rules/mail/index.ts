// Mail-authentication rules: SPF, DMARC, DKIM, MTA-STS and TLS-RPT.
import type { Rule } from '../rule';
import { SPF_RULES } from './spf';
import { DMARC_RULES } from './dmarc';
import { DKIM_RULES } from './dkim';
import { STS_RULES } from './sts';

export const MAIL_RULES: readonly Rule[] = [...SPF_RULES, ...DMARC_RULES, ...DKIM_RULES, ...STS_RULES];
