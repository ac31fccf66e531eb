// Content rules: TXT strings in general, typographic quotes and non-ASCII data, CAA, and
// DNSSEC records checked offline.
import type { Rule } from '../rule';
import { caaCriticalUnknownTag, caaFlagsReserved, caaIodefScheme, caaIssueValue, caaUnknownTag } from './caa';
import {
  dnssecCdsMismatch,
  dnssecDeprecatedAlgorithm,
  dnssecDsAtApex,
  dnssecDsDeprecatedDigest,
  dnssecDsNotAtDelegation,
  dnssecNsec3Iterations,
  dnssecNsec3paramFlags,
  dnssecNsec3Salt,
  dnssecRrsigExpired,
  dnssecRrsigNotYetValid,
} from './dnssec';
import { zoneNonAsciiText, zoneTypographicQuotes } from './nonAsciiText';
import { txtUnquotedSemicolon, txtUnquotedSpaces } from './txtQuoting';
import { txtRrsetTooLarge, txtWildcardMailNames } from './txtRrset';
import { txtLeadingSpace, txtSplitInsideTerm } from './txtSplit';

export const CONTENT_RULES: readonly Rule[] = [
  txtUnquotedSpaces,
  txtUnquotedSemicolon,
  txtSplitInsideTerm,
  txtLeadingSpace,
  txtRrsetTooLarge,
  txtWildcardMailNames,
  zoneTypographicQuotes,
  zoneNonAsciiText,
  caaFlagsReserved,
  caaCriticalUnknownTag,
  caaUnknownTag,
  caaIssueValue,
  caaIodefScheme,
  dnssecDsAtApex,
  dnssecDsNotAtDelegation,
  dnssecDsDeprecatedDigest,
  dnssecDeprecatedAlgorithm,
  dnssecRrsigExpired,
  dnssecRrsigNotYetValid,
  dnssecNsec3Iterations,
  dnssecNsec3Salt,
  dnssecNsec3paramFlags,
  dnssecCdsMismatch,
];
