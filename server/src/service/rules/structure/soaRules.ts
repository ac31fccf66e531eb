// SOA rules: presence and place of the SOA, its timers, and its names.
import type { ZoneRecord } from '../../zone/types';
import type { Rule } from '../rule';
import { field, fieldLocation, ownerLocation } from '../rule';
import { structureFacts } from './facts';
import { rdataKey } from './zoneFacts';

function soaRecords(records: readonly ZoneRecord[]): ZoneRecord[] {
  const out: ZoneRecord[] = [];
  for (const r of records) if (r.type === 'SOA') out.push(r);
  return out;
}

export const soaMissing: Rule = {
  id: 'soa-missing',
  severity: 'error',
  title: 'Zone without a SOA record',
  source: 'RFC 1035 §5.2; BIND "has 0 SOA records"',
  check(index, report) {
    // A fragment (an included file) has no SOA of its own; only a whole zone needs one.
    if (!index.wholeZone || structureFacts(index).soa.length > 0) return;
    report('soa-missing', { file: 0, start: 0, end: 0 }, `The zone '${index.parsed.origin}' has no SOA record, so no server will load it. Add a SOA record at the apex ('@').`);
  },
};

export const soaMultiple: Rule = {
  id: 'soa-multiple',
  severity: 'error',
  title: 'More than one SOA record',
  source: 'RFC 1035 §5.2; BIND "multiple RRs of singleton type"',
  check(index, report) {
    const soas = soaRecords(index.byOwner.get(index.apex) ?? []);
    for (let i = 1; i < soas.length; i++) {
      // An exact copy is only a duplicate record; a different second SOA makes the zone unloadable.
      if (rdataKey(soas[i]) === rdataKey(soas[0])) continue;
      report('soa-multiple', ownerLocation(soas[i]), `A zone has exactly one SOA record; this is a second one at '${soas[i].owner}' and BIND refuses the zone. Delete one of them.`);
    }
  },
};

export const soaNotAtApex: Rule = {
  id: 'soa-not-at-apex',
  severity: 'error',
  title: 'SOA record not at the zone apex',
  source: 'RFC 1035 §5.2; BIND "SOA record not at top of zone"',
  check(index, report) {
    for (const r of structureFacts(index).soa) {
      if (r.owner.toLowerCase() === index.apex) continue;
      report(
        'soa-not-at-apex',
        ownerLocation(r),
        `The SOA record belongs at the zone apex '${index.parsed.origin}', not at '${r.owner}'; BIND refuses the zone. Write its owner as '@' or load the file with the origin '${r.owner}'.`,
        { replacement: '@' },
      );
    }
  },
};

interface TimerFault {
  field: string;
  message: string;
  suggested: number;
}

/** RIPE-203 values, the usual recommendation for a zone served by secondaries. */
const RECOMMENDED = { refresh: 86400, retry: 7200, expire: 3600000, minimum: 3600 };

function timerFaults(refresh: number, retry: number, expire: number, minimum: number): TimerFault[] {
  const out: TimerFault[] = [];
  if (refresh < 1200) {
    out.push({ field: 'refresh', suggested: RECOMMENDED.refresh, message: `SOA refresh ${refresh} is below 1200 seconds: secondaries poll the primary needlessly often. Use a value from 1200 up (RIPE-203: ${RECOMMENDED.refresh}).` });
  }
  if (retry >= refresh) {
    out.push({ field: 'retry', suggested: Math.max(1, Math.floor(refresh / 4)), message: `SOA retry ${retry} is not below refresh ${refresh}: a secondary whose refresh failed should retry sooner than its next regular refresh. Make retry smaller than refresh.` });
  }
  if (expire < refresh + retry) {
    out.push({ field: 'expire', suggested: RECOMMENDED.expire, message: `SOA expire ${expire} is below refresh + retry (${refresh + retry}): secondaries may drop the zone before they have even tried to refresh it. Make expire much larger (RIPE-203: ${RECOMMENDED.expire}).` });
  } else if (expire < 86400) {
    out.push({ field: 'expire', suggested: RECOMMENDED.expire, message: `SOA expire ${expire} is below one day: if the primary is unreachable that long, every secondary stops answering for the zone. Use a week or more (RIPE-203: ${RECOMMENDED.expire}).` });
  }
  if (minimum < 300 || minimum > 86400) {
    const why = minimum < 300 ? 'resolvers re-ask for missing names almost at once' : 'a name you add stays unknown to resolvers for over a day';
    out.push({ field: 'minimum', suggested: RECOMMENDED.minimum, message: `SOA minimum ${minimum} (the negative-caching TTL) is outside 300..86400: ${why}. Use a value in that range, such as ${RECOMMENDED.minimum}.` });
  }
  return out;
}

export const soaTimers: Rule = {
  id: 'soa-timers',
  severity: 'warning',
  title: 'SOA timers outside sane ranges',
  source: 'RFC 1912 §2.2; RFC 2308 §5; Zonemaster ZONE02-ZONE06',
  check(index, report) {
    for (const r of structureFacts(index).soa) {
      if (!r.fields) continue;
      const refresh = field(r, 'refresh')?.value;
      const retry = field(r, 'retry')?.value;
      const expire = field(r, 'expire')?.value;
      const minimum = field(r, 'minimum')?.value;
      if (typeof refresh !== 'number' || typeof retry !== 'number' || typeof expire !== 'number' || typeof minimum !== 'number') continue;
      for (const fault of timerFaults(refresh, retry, expire, minimum)) {
        report('soa-timers', fieldLocation(r, fault.field), fault.message, { field: fault.field, replacement: String(fault.suggested) });
      }
    }
  },
};

/** "hostmaster@example.com." to "hostmaster.example.com.", escaping dots in the local part. */
function mailboxToName(raw: string): string | undefined {
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at === raw.length - 1) return undefined;
  const local = raw.slice(0, at).replace(/\\?\./g, '\\.');
  let domain = raw.slice(at + 1);
  if (domain.charCodeAt(domain.length - 1) !== 0x2e) domain += '.';
  return local + '.' + domain;
}

export const soaRnameAt: Rule = {
  id: 'soa-rname-at-sign',
  severity: 'warning',
  title: "SOA contact mailbox written with '@'",
  source: 'RFC 1035 §8; Zonemaster SYNTAX05',
  check(index, report) {
    for (const r of structureFacts(index).soa) {
      const f = field(r, 'rname');
      const raw = f?.raw ?? (r.fields ? undefined : r.rdata[1]?.text);
      if (!raw || raw === '@' || raw.indexOf('@') < 0) continue;
      const replacement = mailboxToName(raw);
      const at = f ? { file: r.file, start: f.start, end: f.end } : { file: r.file, start: r.rdata[1].start, end: r.rdata[1].end };
      report(
        'soa-rname-at-sign',
        at,
        `The SOA contact '${raw}' contains '@', which in a zone file is a name character (or the origin), not a mailbox separator, so mail to the contact goes nowhere. Write the mailbox with a dot${replacement ? `: '${replacement}'` : " in place of '@' and a final dot"}.`,
        replacement ? { replacement } : undefined,
      );
    }
  },
};

export const soaMnameCname: Rule = {
  id: 'soa-mname-cname',
  severity: 'warning',
  title: 'SOA primary server name is a CNAME',
  source: 'RFC 2181 §10.3; Zonemaster ZONE07',
  check(index, report) {
    const cnames = structureFacts(index).cnameTargets;
    if (cnames.size === 0) return;
    for (const r of structureFacts(index).soa) {
      const f = field(r, 'mname');
      if (!f || typeof f.value !== 'string') continue;
      const target = cnames.get(f.value.toLowerCase());
      if (target === undefined) continue;
      report(
        'soa-mname-cname',
        { file: r.file, start: f.start, end: f.end },
        `The SOA primary server '${f.value}' is an alias (CNAME to '${target}'); secondaries sending NOTIFY and UPDATE expect a host name with its own address. Use the canonical name '${target}'.`,
        { replacement: target },
      );
    }
  },
};
