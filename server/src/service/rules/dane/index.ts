// TLSA records and DANE for SMTP.
import type { Rule } from '../rule';
import { tlsaDigestLength, tlsaFieldRange, tlsaFullData, tlsaOwnerName } from './records';
import { tlsaSmtpMxCname, tlsaSmtpNotMxHost, tlsaSmtpPartial, tlsaSmtpPkixUsage, tlsaSmtpPrefer311 } from './smtp';
import { tlsaNoRollover, tlsaTtlLong, tlsaZoneUnsigned } from './operations';

export const DANE_RULES: readonly Rule[] = [
  tlsaOwnerName,
  tlsaFieldRange,
  tlsaDigestLength,
  tlsaFullData,
  tlsaSmtpPkixUsage,
  tlsaSmtpPrefer311,
  tlsaSmtpNotMxHost,
  tlsaSmtpPartial,
  tlsaSmtpMxCname,
  tlsaNoRollover,
  tlsaTtlLong,
  tlsaZoneUnsigned,
];
