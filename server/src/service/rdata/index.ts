// The RDATA modules by type mnemonic, and the RFC 3597 generic form.
import type { RdataField, Token } from '../zone/types';
import type { RdataContext, RdataType } from './types';
import { A, AAAA } from './address';
import * as fixed from './fixedLayout';
import { TXT, SPF } from './txt';
import { CAA, URI } from './caa';
import { NAPTR } from './naptr';
import { SMIMEA, SSHFP, TLSA } from './certificateAssociation';
import { CDNSKEY, CDS, CERT, DHCID, DNSKEY, DS, KEY, OPENPGPKEY, RRSIG, SIG, ZONEMD } from './dnssec';
import { CSYNC, NSEC, NSEC3, NSEC3PARAM, NXT } from './denial';
import { HTTPS, SVCB } from './svcb';
import { LOC } from './loc';
import { EUI48, EUI64, L32, L64, NID } from './identifiers';
import { GPOS, ISDN, NSAP, NSAP_PTR, WKS, X25 } from './legacy';
import { APL } from './apl';
import { IPSECKEY } from './ipseckey';
import { parseGenericRdata as parseGeneric, printGeneric } from './generic';

const MODULES: readonly RdataType[] = [
  A, AAAA, fixed.NS, fixed.CNAME, fixed.DNAME, fixed.PTR, fixed.MB, fixed.MG, fixed.MR, fixed.MD, fixed.MF,
  fixed.MX, fixed.KX, fixed.LP, fixed.AFSDB, fixed.RT, fixed.RP, fixed.MINFO, fixed.PX, fixed.SRV, fixed.SOA, fixed.HINFO,
  TXT, SPF, CAA, URI, NAPTR, TLSA, SMIMEA, SSHFP,
  DS, CDS, DNSKEY, CDNSKEY, RRSIG, ZONEMD, CERT, OPENPGPKEY, DHCID,
  NSEC, NSEC3, NSEC3PARAM, CSYNC, SVCB, HTTPS, LOC, EUI48, EUI64, L32, L64, NID,
  KEY, SIG, NXT, APL, IPSECKEY, X25, ISDN, GPOS, NSAP, NSAP_PTR, WKS,
];

const BY_TYPE = new Map<string, RdataType>(MODULES.map((m) => [m.type, m]));

/** The RDATA module of a type mnemonic (upper case), or undefined when there is none. */
export function getRdataType(type: string): RdataType | undefined {
  return BY_TYPE.get(type);
}

/**
 * RFC 3597 generic RDATA (`\# <length> <hex>`). When `type` has a module that decodes wire
 * form, the fields are that type's fields; otherwise one `data` field of lower-case hex.
 */
export function parseGenericRdata(
  tokens: readonly Token[],
  ctx: RdataContext,
  type?: string,
): { fields: RdataField[]; wire: Uint8Array } | undefined {
  return parseGeneric(tokens, ctx, type, type ? BY_TYPE.get(type) : undefined);
}

export { printGeneric };
export type { RdataContext, RdataType };
