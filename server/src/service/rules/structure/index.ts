// The structure rules: zone syntax beyond the parser, SOA, NS, MX, SRV and CNAME.
import type { Rule } from '../rule';
import { cnameLoop, cnameMultiple, cnameOtherData } from './cnameRules';
import { zoneBlankOwnerAfterOrigin, zoneOriginRelative } from './directiveRules';
import {
  mxDuplicateHost,
  mxNullPreference,
  mxNullWithOthers,
  mxTargetAddress,
  mxTargetCname,
  mxTargetNoAddress,
  srvTargetCname,
  srvTargetNoAddress,
} from './mailTargetRules';
import { zoneHostnameSyntax, zoneOwnerOutside, zoneRelativeTargetFqdn, zoneWildcardNotLeftmost } from './nameRules';
import { nsApexMissing, nsMissingGlue, nsTargetAddress, nsTargetCname, nsTargetNoAddress, nsTooFew } from './nsRules';
import { zoneDataBelowDname, zoneDnameConflict, zoneDuplicateRecord, zoneOccludedData } from './rrsetRules';
import { soaMissing, soaMnameCname, soaMultiple, soaNotAtApex, soaRnameAt, soaTimers } from './soaRules';
import { zoneNoDefaultTtl, zoneTtlMismatch } from './ttlRules';

export const STRUCTURE_RULES: readonly Rule[] = [
  zoneNoDefaultTtl,
  zoneTtlMismatch,
  zoneOriginRelative,
  zoneBlankOwnerAfterOrigin,
  zoneOwnerOutside,
  zoneHostnameSyntax,
  zoneWildcardNotLeftmost,
  zoneRelativeTargetFqdn,
  zoneDuplicateRecord,
  zoneOccludedData,
  zoneDataBelowDname,
  zoneDnameConflict,
  soaMissing,
  soaMultiple,
  soaNotAtApex,
  soaTimers,
  soaRnameAt,
  soaMnameCname,
  nsApexMissing,
  nsTooFew,
  nsTargetAddress,
  nsTargetCname,
  nsMissingGlue,
  nsTargetNoAddress,
  mxTargetAddress,
  mxTargetCname,
  mxTargetNoAddress,
  mxNullWithOthers,
  mxNullPreference,
  mxDuplicateHost,
  srvTargetCname,
  srvTargetNoAddress,
  cnameOtherData,
  cnameMultiple,
  cnameLoop,
];
