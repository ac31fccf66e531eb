// CAA records (RFC 8659, RFC 8657): flags, tags and the values CAs parse before they issue.
import { fieldLocation, type Report } from '../rule';
import { contentRecords, defineRule, shorten, type CaaRecord } from './contentRecords';
import { editDistance } from '../../editDistance';

const CRITICAL = 128;
/** Tags defined by RFC 8659 and registered since (RFC 9495 issuemail, CA/Browser Forum contact tags, BIMI issuevmc). */
const KNOWN_TAGS = ['issue', 'issuewild', 'iodef', 'contactemail', 'contactphone', 'issuemail', 'issuevmc'];
const KNOWN_TAG_SET = new Set(KNOWN_TAGS);
const RFC8657_PARAMETERS = ['accounturi', 'validationmethods'];

const ALPHANUMERIC = /^[A-Za-z0-9]+$/;
const LDH_LABEL = /^[A-Za-z0-9](?:-*[A-Za-z0-9])*$/;
const PARAMETER = /^([A-Za-z0-9](?:-*[A-Za-z0-9])*)[ \t]*=[ \t]*([\x21-\x3a\x3c-\x7e]*)$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+$/;
const METHOD_LIST = /^[A-Za-z0-9](?:-*[A-Za-z0-9])*(?:,[A-Za-z0-9](?:-*[A-Za-z0-9])*)*$/;

function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase().replace(/[^a-z0-9]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(1, Math.floor(w.length / 3)) ? best : undefined;
}

interface CaaFields extends CaaRecord {
  flags: number;
  tag: string;
  value: string;
  tagKey: string;
}

/** The fields were gathered once per lint: each rule reading them would parse every CAA again. */
function wellTyped(caa: CaaRecord): caa is CaaFields {
  return typeof caa.flags === 'number' && typeof caa.tag === 'string' && typeof caa.value === 'string';
}

export const caaFlagsReserved = defineRule(
  { id: 'caa-flags-reserved', severity: 'warning', title: 'CAA flags other than 0 or 128', source: 'RFC 8659 §4.1' },
  (zone, report) => {
    for (const caa of contentRecords(zone).caa) {
      const record = caa.record;
      if (!wellTyped(caa) || caa.flags === 0 || caa.flags === CRITICAL) continue;
      const replacement = caa.flags & CRITICAL ? '128' : '0';
      const note = caa.flags & CRITICAL ? '' : ': this property is not marked critical, which takes flag 128';
      report(
        'caa-flags-reserved',
        fieldLocation(record, 'flags'),
        `CAA flags ${caa.flags} set reserved bits; only 0 and 128 (issuer critical) are defined and CAs ignore the other bits${note}. Write ${replacement}.`,
        { replacement },
      );
    }
  },
);

export const caaCriticalUnknownTag = defineRule(
  { id: 'caa-critical-unknown-tag', severity: 'error', title: 'Unknown CAA tag marked critical blocks all issuance', source: 'RFC 8659 §4.1' },
  (zone, report) => {
    for (const caa of contentRecords(zone).caa) {
      const record = caa.record;
      if (!wellTyped(caa) || !(caa.flags & CRITICAL) || KNOWN_TAG_SET.has(caa.tagKey) || !ALPHANUMERIC.test(caa.tag)) continue;
      const suggestion = closest(caa.tag, KNOWN_TAGS);
      report(
        'caa-critical-unknown-tag',
        fieldLocation(record, 'tag'),
        `CAA tag '${caa.tag}' is marked critical (flag 128) but is not a tag CAs know: a CA must refuse to issue when it meets a critical property it does not understand, so no certificate can be issued for this name. ${suggestion ? `Did you mean '${suggestion}'? ` : ''}Fix the tag or set the flags to 0.`,
        { flagsReplacement: '0', ...(suggestion ? { replacement: suggestion } : {}) },
      );
    }
  },
);

export const caaUnknownTag = defineRule(
  { id: 'caa-unknown-tag', severity: 'warning', title: 'Unknown or misspelled CAA tag', source: 'RFC 8659 §4.1, §7.2' },
  (zone, report) => {
    for (const caa of contentRecords(zone).caa) {
      const record = caa.record;
      if (!wellTyped(caa) || caa.flags & CRITICAL || KNOWN_TAG_SET.has(caa.tagKey) || !ALPHANUMERIC.test(caa.tag)) continue;
      const suggestion = closest(caa.tag, KNOWN_TAGS);
      report(
        'caa-unknown-tag',
        fieldLocation(record, 'tag'),
        `CAA tag '${caa.tag}' is not one CAs know (${KNOWN_TAGS.join(', ')}); CAs ignore the property, so it restricts nothing.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
        suggestion ? { replacement: suggestion } : undefined,
      );
    }
  },
);

/** The value field spans the token with its quotes, so a replacement carries them. */
function quoted(value: string): string {
  return '"' + value.replace(/(["\\])/g, '\\$1') + '"';
}

interface IssueValueFault {
  message: string;
  replacement?: string;
}

const FORBIDS = 'A CA treats a value that does not match the grammar of RFC 8659 §4.2 like an empty one, which forbids issuance by every CA';

/** The first fault of an issue/issuewild value, or undefined when it follows RFC 8659 §4.2 and RFC 8657. */
function issueValueFault(value: string): IssueValueFault | undefined {
  const semicolon = value.indexOf(';');
  const domainPart = (semicolon < 0 ? value : value.slice(0, semicolon)).trim();
  const rest = semicolon < 0 ? '' : value.slice(semicolon);
  if (domainPart !== '') {
    const url = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/:\s]+)/.exec(domainPart);
    if (url) {
      return { message: `The issuer is written as a URL ('${shorten(domainPart)}'), but a CA compares it with its own domain name. ${FORBIDS}. Write just the domain: '${url[1]}'.`, replacement: url[1] + rest };
    }
    if (/\s/.test(domainPart)) {
      return { message: `'${shorten(domainPart)}' names more than one issuer; a CAA issue property names one CA. ${FORBIDS}. Write one CAA record per CA.` };
    }
    if (domainPart.endsWith('.') && domainPart.length > 1 && domainPart.slice(0, -1).split('.').every((l) => LDH_LABEL.test(l))) {
      return { message: `The issuer domain '${domainPart}' ends with a dot; it is written without one. ${FORBIDS}. Remove the final dot.`, replacement: domainPart.slice(0, -1) + rest };
    }
    if (!domainPart.split('.').every((l) => LDH_LABEL.test(l))) {
      const quotes = /[\u2018\u2019\u201c\u201d"']/.test(domainPart);
      const cleaned = domainPart.replace(/[\u2018\u2019\u201c\u201d"']/g, '');
      const fixable = quotes && cleaned.split('.').every((l) => LDH_LABEL.test(l));
      return {
        message: `'${shorten(domainPart)}' is not a domain name of letters, digits and hyphens${quotes ? ' (it contains quote characters)' : ''}. ${FORBIDS}. Write the CA's domain, for example 'letsencrypt.org'.`,
        replacement: fixable ? cleaned + rest : undefined,
      };
    }
  }
  if (semicolon < 0) return undefined;
  const parameters = value.slice(semicolon + 1).split(';');
  for (let i = 0; i < parameters.length; i++) {
    const text = parameters[i].trim();
    // An empty issuer followed by ';' alone is the documented way to forbid issuance.
    if (text === '' && (parameters.length === 1 || i === parameters.length - 1)) continue;
    const m = PARAMETER.exec(text);
    if (!m) {
      const spaced = /^\S+=\S+(\s+\S+=\S+)+$/.test(text);
      const fixed = spaced ? value.slice(0, semicolon + 1) + parameters.map((p, j) => (j === i ? ' ' + text.split(/\s+/).join('; ') : p)).join(';') : undefined;
      return {
        message: spaced
          ? `Parameters are separated by ';', not spaces: '${shorten(text)}' reads as one malformed parameter. ${FORBIDS}. Write '${shorten(text.split(/\s+/).join('; '), 60)}'.`
          : `'${shorten(text)}' is not a parameter of the form name=value without spaces. ${FORBIDS}.`,
        replacement: fixed,
      };
    }
    const name = m[1].toLowerCase();
    const parameterValue = m[2];
    if (name === 'accounturi' && !URI.test(parameterValue)) {
      return { message: `accounturi must be the full URI of the ACME account (for example https://acme-v02.api.letsencrypt.org/acme/acct/12345), not '${shorten(parameterValue)}'; the CA issues only to the account it names (RFC 8657 §3), so no account matches.` };
    }
    if (name === 'validationmethods' && !METHOD_LIST.test(parameterValue)) {
      return { message: `validationmethods takes a comma-separated list of method names without spaces (for example dns-01,http-01), not '${shorten(parameterValue)}' (RFC 8657 §4). ${FORBIDS}.` };
    }
    if (!RFC8657_PARAMETERS.includes(name)) {
      const meant = closest(name, RFC8657_PARAMETERS);
      if (meant) {
        return {
          message: `Parameter '${m[1]}' looks like a misspelling of '${meant}'; CAs ignore parameters they do not know, so the restriction it was meant to add does not apply. Write '${meant}'.`,
          replacement: value.replace(m[1], meant),
        };
      }
    }
  }
  return undefined;
}

export const caaIssueValue = defineRule(
  { id: 'caa-issue-value', severity: 'error', title: 'Malformed CAA issue or issuewild value', source: 'RFC 8659 §4.2, §4.3; RFC 8657 §3, §4' },
  (zone, report) => {
    const faults = new Map<string, IssueValueFault | undefined>();
    let lastValue: string | undefined;
    let lastFault: IssueValueFault | undefined;
    for (const caa of contentRecords(zone).caa) {
      const record = caa.record;
      if (!wellTyped(caa)) continue;
      const tag = caa.tagKey;
      if (tag !== 'issue' && tag !== 'issuewild') continue;
      // Zones repeat a few CA values over and over: judge each distinct value once.
      if (caa.value !== lastValue) {
        lastValue = caa.value;
        lastFault = faults.get(lastValue);
        if (lastFault === undefined && !faults.has(lastValue)) faults.set(lastValue, (lastFault = issueValueFault(lastValue)));
      }
      const fault = lastFault;
      if (!fault) continue;
      report('caa-issue-value', fieldLocation(record, 'value'), fault.message, fault.replacement === undefined ? undefined : { replacement: quoted(fault.replacement) });
    }
  },
);

export const caaIodefScheme = defineRule(
  { id: 'caa-iodef-scheme', severity: 'error', title: 'CAA iodef not a mailto:, http: or https: URL', source: 'RFC 8659 §4.4' },
  (zone, report: Report) => {
    for (const caa of contentRecords(zone).caa) {
      const record = caa.record;
      if (!wellTyped(caa) || caa.tagKey !== 'iodef') continue;
      const value = caa.value.trim();
      if (/^(mailto:[^\s@]+@[^\s@]+|https?:\/\/\S+)$/i.test(value)) continue;
      const email = /^[^\s@:]+@[^\s@]+\.[^\s@]+$/.test(value);
      report(
        'caa-iodef-scheme',
        fieldLocation(record, 'value'),
        `The iodef value must be a mailto:, http: or https: URL (RFC 8659 §4.4); CAs cannot use '${shorten(value)}' and send no reports of refused certificate requests.${email ? ` Write 'mailto:${value}'.` : ''}`,
        email ? { replacement: quoted('mailto:' + value) } : undefined,
      );
    }
  },
);
