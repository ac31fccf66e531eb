// DKIM (RFC 6376, RFC 8301, RFC 8463): key records, and the CNAMEs that hand a selector over to
// a mail service (Microsoft 365, Amazon SES); and whether a domain whose mail goes to Microsoft
// 365 has the SPF, DKIM and DMARC records it needs. What the rules read is gathered once per
// lint: the mail records of the shared pass, and the CNAME and TXT records whose owners mention
// "domainkey", found in one pass over the records.
import type { Resolver } from '../../dns/resolver';
import { joinTxt, type JoinedTxt } from '../../mail/joinedText';
import { analyseKey, decodeKeyData, keyText, readDkimKeyRecord, tagValueList, DKIM_KEY_TAGS, type DkimKeyRecord, type KeyAnalysis, type KeyData } from '../../mail/dkim';
import { parseTagList, type TagSpec } from '../../mail/tagList';
import type { RdataField, ZoneRecord } from '../../zone/types';
import { reportLookupFailure } from '../dnsLookup';
import type { RuleInfo } from '../ruleInfo';
import { field, perLint, ownerLocation, recordLocation, type Report, type Rule, type RuleLocation, type ZoneIndex } from '../rule';
import { looksLikeForgottenDot, originOf } from '../structure/nameChecks';
import { isAtOrBelowCut, isInZone } from '../structure/zoneFacts';
import { MAIL_RECORD_NAMES, mailKindOfText, shorten } from '../content/contentRecords';
import { mailRecords, type MailRecord } from './mailRecords';
import type { CarriedEdit as FixEdit, CarriedFix as Fix } from '../carriedFix';

// ---- What the rules share -------------------------------------------------------------------

interface Finding {
  at: RuleLocation;
  message: string;
  data?: unknown;
}

/**
 * Where a key record or a DKIM CNAME sits: below `_domainkey` with a selector, at `_domainkey`
 * itself, below a label that was meant to be `_domainkey` (`domainkey`, `_domainkeys`), at
 * another name, or at a name a DKIM CNAME of this zone points to.
 */
interface Placement {
  kind: 'selector' | 'no-selector' | 'misnamed' | 'elsewhere' | 'cname-target';
  /** The selector, lower case ('' when none). */
  selector: string;
  /** The signing domain, lower case, absolute with its final dot ('' when unknown). */
  domain: string;
  /** For 'misnamed': the label that stands where `_domainkey` belongs, and its index. */
  label?: string;
  labelIndex?: number;
}

interface KeyEntry {
  record: ZoneRecord;
  /** Owner, lower case, absolute with its final dot. */
  owner: string;
  value: string;
  joined(): JoinedTxt;
  placement: Placement;
  tags: DkimKeyRecord;
}

/** A key record found among the mail records: its map is the mail record's, made on first use. */
class MailKey implements KeyEntry {
  constructor(
    private readonly mail: MailRecord,
    readonly owner: string,
    public placement: Placement,
    readonly tags: DkimKeyRecord,
  ) {}

  get record(): ZoneRecord {
    return this.mail.record;
  }

  get value(): string {
    return this.mail.value;
  }

  joined(): JoinedTxt {
    return this.mail.joined();
  }
}

interface CnameEntry {
  record: ZoneRecord;
  owner: string;
  placement: Placement;
  field: RdataField;
  /** The target as written. */
  raw: string;
  /** The target as the file means it: lower case, absolute. */
  target: string;
  /** The target as the writer meant it: the written name made absolute when its final dot was forgotten. */
  meant: string;
  forgottenDot: boolean;
  /** The owner has a `_domainkey` label: zone-relative-target-fqdn leaves these CNAMEs to dkim-cname-relative. */
  underDomainkey: boolean;
  /** Placeholders in the written target (`<GUID>`, `yourdomain`). */
  placeholders: Placeholder[];
}

interface Placeholder {
  /** Offsets into the written text. */
  start: number;
  end: number;
  text: string;
}

interface MicrosoftMx {
  record: ZoneRecord;
  /** The MX owner, lower case, absolute. */
  owner: string;
  exchange: string;
  at: RuleLocation;
}

interface DkimFacts {
  /** The key records, until the findings are made: then only the findings are kept. */
  keys: KeyEntry[];
  cnames: CnameEntry[];
  microsoftMx: MicrosoftMx[];
  findings?: Map<string, Finding[]>;
}

const MISNAMED_LABEL = /^_?domain[-_]?keys?$/;
/** A quick test of an owner, before its labels are looked at. */
const MENTIONS_DOMAINKEY = /domain[-_]?key/i;
const UNDER_DOMAINKEY = /(?:^|\.)_domainkey\./i;
const HAS_BRACKET = /[<{[%]/;
const MICROSOFT_HINT = /outlook|microsoft/i;
const BRACKETED = /<[^<>]*>|\{[^{}]*\}|\[[^[\]]*\]|%[A-Za-z_]+%/g;
const PLACEHOLDER_WORDS = /(?<![A-Za-z0-9])(?:your[-_]?domain|your[-_]?tenant|tenant[-_]?name|initial[-_]?domain|custom[-_]?domain|domain[-_]?guid|your[-_]?selector)(?![A-Za-z0-9])/gi;
const CONTOSO = /(?<![A-Za-z0-9])contoso(?![A-Za-z0-9])/gi;

/** Suffixes of the names mail services publish DKIM keys under: a relative target ending in one surely lost its final dot. */
const VENDOR_SUFFIXES = [
  '.onmicrosoft.com',
  '.dkim.mail.microsoft',
  '.amazonses.com',
  '.sendgrid.net',
  '.mcsv.net',
  '.mandrillapp.com',
  '.mailgun.org',
  '.hubspotemail.net',
  '.zendesk.com',
  '.mktomail.com',
  '.dkim.brevo.com',
];

const M365_OLD = /^selector(\d+)-([a-z0-9-]+)\._domainkey\.[a-z0-9-]+\.onmicrosoft\.com\.$/;
const M365_NEW = /^selector(\d+)-([a-z0-9-]+)\._domainkey\.[a-z0-9-]+\.(?:[a-z0-9-]+\.)+dkim\.mail\.microsoft\.$/;
const SES_TARGET = /^([^.]+)\.dkim\.(?:[a-z0-9-]+\.)?amazonses\.com\.$/;

function isMicrosoftTarget(name: string): boolean {
  return name.endsWith('.onmicrosoft.com.') || name.endsWith('.dkim.mail.microsoft.');
}

function isSesTarget(name: string): boolean {
  return name.endsWith('.amazonses.com.');
}

/** A name in the prose of a message: without its final dot, as mail names are usually written. */
function shown(name: string): string {
  return name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name;
}

function placementOf(owner: string): Placement {
  // The usual case, <selector>._domainkey.<domain>, without splitting the name.
  const at = owner.indexOf('_domainkey.');
  if (at === 0) return { kind: 'no-selector', selector: '', domain: owner.slice(11) };
  if (at > 0 && owner.charCodeAt(at - 1) === 0x2e && owner.indexOf('\\') < 0) {
    return { kind: 'selector', selector: owner.slice(0, at - 1), domain: owner.slice(at + 11) };
  }
  const labels = owner.split('.');
  let misnamed = -1;
  // The last element is the empty root label after the final dot.
  for (let i = 0; i < labels.length - 1; i++) {
    const label = labels[i];
    if (label === '_domainkey') {
      const domain = labels.slice(i + 1).join('.');
      return { kind: i === 0 ? 'no-selector' : 'selector', selector: labels.slice(0, i).join('.'), domain };
    }
    if (misnamed < 0 && MISNAMED_LABEL.test(label)) misnamed = i;
  }
  if (misnamed >= 0) {
    return { kind: 'misnamed', selector: labels.slice(0, misnamed).join('.'), domain: labels.slice(misnamed + 1).join('.'), label: labels[misnamed], labelIndex: misnamed };
  }
  return { kind: 'elsewhere', selector: '', domain: '' };
}

function hasKeyTag(value: string): boolean {
  return parseTagList(value).tags.some((t) => t.hasEquals && t.name === 'p');
}

function textOf(zone: ZoneIndex, record: ZoneRecord): string {
  return zone.parsed.files[record.file]?.text ?? '';
}

/**
 * A cheap look at the record's first line, before its tokens are read: false only when the
 * line names no Microsoft host and the record does not go on (parentheses) to another line.
 */
function mayNameMicrosoft(zone: ZoneIndex, r: ZoneRecord): boolean {
  const text = zone.parsed.files[r.file]?.text;
  if (text === undefined) return true;
  let end = text.indexOf('\n', r.start);
  if (end < 0) end = text.length;
  const line = text.slice(r.start, end);
  return line.includes('(') || MICROSOFT_HINT.test(line);
}

/** The MX's exchange when it is a Microsoft 365 host (`*.mail.protection.outlook.com`, `*.mx.microsoft`). */
function microsoftExchange(r: ZoneRecord): MicrosoftMx | undefined {
  const tokens = r.rdata;
  const token = tokens[tokens.length - 1];
  if (!token || !MICROSOFT_HINT.test(token.text)) return undefined;
  const exchange = token.text.toLowerCase().replace(/\.$/, '');
  if (!exchange.endsWith('.mail.protection.outlook.com') && !exchange.endsWith('.mx.microsoft')) return undefined;
  return { record: r, owner: r.owner.toLowerCase(), exchange, at: { file: r.file, start: token.start, end: token.end } };
}

function placeholdersIn(raw: string, apex: string, sesTarget: boolean): Placeholder[] {
  const out: Placeholder[] = [];
  const add = (re: RegExp) => {
    re.lastIndex = 0;
    for (let m = re.exec(raw); m; m = re.exec(raw)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  };
  add(BRACKETED);
  add(PLACEHOLDER_WORDS);
  // Microsoft's documentation writes its examples for contoso.com.
  if (!apex.includes('contoso')) add(CONTOSO);
  // Amazon's documentation writes the records with the word 'token' where the token goes.
  if (sesTarget && /^token\./i.test(raw)) out.push({ start: 0, end: 5, text: raw.slice(0, 5) });
  out.sort((a, b) => a.start - b.start);
  // Overlapping matches ('<yourdomain>' is both bracketed and a word) count once, and so does a
  // placeholder written twice ('contoso-com' and 'contoso' of one example).
  const seen = new Set<string>();
  return out.filter((p, i) => {
    if (i > 0 && p.start < out[i - 1].end) return false;
    const key = p.text.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}


const dkimFacts = perLint((zone): DkimFacts => {
  const records = zone.parsed.records;
  const cnameRecords: ZoneRecord[] = [];
  const domainkeyTexts: ZoneRecord[] = [];
  const microsoftMx: MicrosoftMx[] = [];
  let lastOwner: string | undefined;
  let lastMentions = false;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const type = r.type;
    if (type === 'CNAME' || type === 'TXT') {
      const owner = r.owner;
      // Records of one owner mostly follow each other, sharing the owner string.
      if (owner !== lastOwner) {
        lastOwner = owner;
        lastMentions = MENTIONS_DOMAINKEY.test(owner);
      }
      if (!lastMentions) continue;
      // TXT records below _domainkey come from the mail records; only misnamed owners are wanted here.
      if (type === 'CNAME') cnameRecords.push(r);
      else if (!UNDER_DOMAINKEY.test(owner)) domainkeyTexts.push(r);
    } else if (type === 'MX' && mayNameMicrosoft(zone, r)) {
      const mx = microsoftExchange(r);
      if (mx) microsoftMx.push(mx);
    }
  }

  const keys: KeyEntry[] = [];
  // The records already taken; filled only where a record may come twice (misnamed owners, CNAME targets).
  const seen = new Set<ZoneRecord>();
  let keepSeen = false;
  // Zones that sign many domains with one key repeat the very same text: read it once.
  const read = new Map<string, DkimKeyRecord>();
  let lastValue: string | undefined;
  let lastTags: DkimKeyRecord | undefined;
  const tagsOf = (value: string): DkimKeyRecord => {
    let tags = value === lastValue ? lastTags : read.get(value);
    if (!tags) read.set(value, (tags = readDkimKeyRecord(value)));
    lastValue = value;
    lastTags = tags;
    return tags;
  };
  const addKey = (record: ZoneRecord, owner: string, value: string, joined: () => JoinedTxt, placement: Placement) => {
    keys.push({ record, owner, value, joined, placement, tags: tagsOf(value) });
    if (keepSeen || placement.kind !== 'selector') seen.add(record);
  };
  for (const e of mailRecords(zone).all) {
    if (e.spfType || (e.ownerKind !== 'dkim' && e.kind !== 'dkim')) continue;
    // The mail records keep the owner in lower case, without the final dot.
    const owner = e.owner + '.';
    const placement = placementOf(owner);
    // A DKIM name holds a key below _domainkey under a selector, which never starts with '_'
    // (_adsp._domainkey is ADSP's, _domainkey itself was DomainKeys' policy record).
    if (e.kind !== 'dkim' && (placement.kind !== 'selector' || placement.selector.startsWith('_'))) continue;
    keys.push(new MailKey(e, owner, placement, tagsOf(e.value)));
    if (keepSeen || placement.kind !== 'selector') seen.add(e.record);
  }
  for (const r of domainkeyTexts) {
    if (seen.has(r)) continue;
    const owner = r.owner.toLowerCase();
    const placement = placementOf(owner);
    if (placement.kind !== 'misnamed') continue;
    const joined = joinTxt(r);
    if (!hasKeyTag(joined.value)) continue;
    addKey(r, owner, joined.value, () => joined, placement);
  }

  const apex = zone.apex;
  const cnames: CnameEntry[] = [];
  for (const r of cnameRecords) {
    const owner = r.owner.toLowerCase();
    const placement = placementOf(owner);
    if (placement.kind === 'elsewhere') continue;
    const f = field(r, 'target');
    if (!f || typeof f.value !== 'string') continue;
    const raw = f.raw ?? f.value;
    const target = f.value.toLowerCase();
    let forgottenDot = false;
    if (f.relative && !r.generated) {
      const meantTld = looksLikeForgottenDot(raw, originOf(raw, f.value, zone.parsed.origin), false) || VENDOR_SUFFIXES.some((s) => raw.toLowerCase().endsWith(s));
      // A target that exists in the zone as written was meant relative.
      forgottenDot = meantTld && !zone.byOwner.has(target) && !isAtOrBelowCut(zone, target);
    }
    const meant = forgottenDot ? raw.toLowerCase() + '.' : target;
    cnames.push({
      record: r,
      owner,
      placement,
      field: f,
      raw,
      target,
      meant,
      forgottenDot,
      underDomainkey: owner.startsWith('_domainkey.') || owner.includes('._domainkey.'),
      placeholders: r.generated ? [] : placeholdersIn(raw, apex, isSesTarget(meant)),
    });
  }

  // Keys that DKIM CNAMEs of this zone point to are read where they are.
  const targets = new Set<string>();
  for (const c of cnames) if (!c.forgottenDot && c.placement.kind !== 'no-selector' && isInZone(zone, c.target)) targets.add(c.target);
  if (targets.size > 0) {
    keepSeen = true;
    for (const k of keys) {
      if (targets.has(k.owner)) k.placement = { kind: 'cname-target', selector: '', domain: '' };
      seen.add(k.record);
    }
    for (const t of targets) {
      for (const r of zone.recordsAt(t, 'TXT')) {
        if (seen.has(r)) continue;
        // The CNAME makes whatever TXT is there the selector's key record.
        const joined = joinTxt(r);
        addKey(r, t, joined.value, () => joined, { kind: 'cname-target', selector: '', domain: '' });
      }
    }
  }
  const facts: DkimFacts = { keys, cnames, microsoftMx };
  return facts;
});

// ---- Locations and fixes ----------------------------------------------------------------------

/** The file characters of joined characters [from, to) of a key record (at least one character). */
function joinedLocation(e: KeyEntry, from: number, to: number): RuleLocation {
  const j = e.joined();
  const n = j.value.length;
  if (n === 0) return recordLocation(e.record);
  const first = Math.min(from, n - 1);
  const last = Math.min(Math.max(first, to - 1), n - 1);
  return { file: e.record.file, start: j.offsetOf(first), end: j.endOffsetOf(last) };
}

function tagLocation(e: KeyEntry, tag: TagSpec): RuleLocation {
  return joinedLocation(e, tag.start, tag.end);
}

/** The tag's value, or the whole tag when the value is empty. */
function valueLocation(e: KeyEntry, tag: TagSpec): RuleLocation {
  return tag.valueEnd > tag.valueStart ? joinedLocation(e, tag.valueStart, tag.valueEnd) : tagLocation(e, tag);
}

function wholeValueLocation(e: KeyEntry): RuleLocation {
  return joinedLocation(e, 0, e.value.length);
}

/**
 * Edits that replace joined characters [from, to) with `newText`: the first string's part takes
 * the new text, the parts in other strings are emptied. Undefined for generated records.
 */
function joinedEdits(zone: ZoneIndex, e: KeyEntry, from: number, to: number, newText: string): FixEdit[] | undefined {
  if (e.record.generated) return undefined;
  const j = e.joined();
  const text = textOf(zone, e.record);
  if (from >= to) {
    const at = from < j.value.length ? j.offsetOf(from) : j.endOffsetOf(j.value.length - 1);
    return [{ start: at, end: at, newText, expect: '' }];
  }
  const spans = j.spansOf(from, to);
  if (spans.length === 0) return undefined;
  return spans.map((s, i) => ({ start: s.start, end: s.end, newText: i === 0 ? newText : '', expect: text.slice(s.start, s.end) }));
}

/** Joined range of a tag element with the separator that goes with it, for deleting the element. */
function elementDeletion(value: string, tag: TagSpec): { start: number; end: number } {
  const semicolon = value.indexOf(';', tag.end);
  if (semicolon >= 0) {
    let end = semicolon + 1;
    while (end < value.length && (value[end] === ' ' || value[end] === '\t')) end++;
    return { start: tag.start, end };
  }
  const before = value.lastIndexOf(';', tag.start);
  return before >= 0 ? { start: before, end: tag.end } : { start: tag.start, end: tag.end };
}

function fixData(...fixes: (Fix | undefined)[]): { fixes: Fix[] } | undefined {
  const kept = fixes.filter((f): f is Fix => f !== undefined && f.edits.length > 0);
  if (kept.length === 0) return undefined;
  // Kept for the lint: a list that grew by filtering holds room for more.
  return { fixes: kept.length === fixes.length ? (fixes as Fix[]) : kept };
}

function fix(title: string, preferred: boolean, edits: FixEdit[] | undefined): Fix | undefined {
  return edits ? { title, preferred, edits } : undefined;
}

function fieldLocation(c: CnameEntry): RuleLocation {
  return { file: c.record.file, start: c.field.start, end: c.field.end };
}

/** An edit of the written target's characters [from, to), when the target is written plainly. */
function targetEdit(zone: ZoneIndex, c: CnameEntry, from: number, to: number, newText: string): FixEdit | undefined {
  if (c.record.generated) return undefined;
  const written = textOf(zone, c.record).slice(c.field.start, c.field.end);
  if (written !== c.raw || written.includes('\\')) return undefined;
  return { start: c.field.start + from, end: c.field.start + to, newText, expect: written.slice(from, to) };
}

/** The span of label `index` (of the owner name) in the written owner, when it is written there. */
function ownerLabelSpan(zone: ZoneIndex, record: ZoneRecord, label: string): { start: number; end: number; text: string } | undefined {
  const span = record.ownerSpan;
  if (!span || record.generated) return undefined;
  const written = textOf(zone, record).slice(span.start, span.end);
  if (written.includes('\\')) return undefined;
  let pos = 0;
  for (const l of written.split('.')) {
    if (l.toLowerCase() === label) return { start: span.start + pos, end: span.start + pos + l.length, text: l };
    pos += l.length + 1;
  }
  return undefined;
}

// ---- The key record's own checks --------------------------------------------------------------

class Findings {
  readonly byRule = new Map<string, Finding[]>();
  count = 0;

  add(id: string, at: RuleLocation, message: string, data?: unknown): void {
    this.count++;
    const f: Finding = { at, message };
    if (data !== undefined) f.data = data;
    const list = this.byRule.get(id);
    if (list) list.push(f);
    else this.byRule.set(id, [f]);
  }
}

/** Where the key of a record is looked up, for messages. */
function keyName(e: KeyEntry): string {
  return e.placement.selector ? `selector '${e.placement.selector}'` : `'${shown(e.owner)}'`;
}

/** Whole-record faults make verifiers ignore the record: messages say so in one phrase. */
const IGNORED = 'verifiers ignore the key record, so DKIM fails (permerror) for every message signed with this selector';

const HOST_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+\.?$/;
const BASE64_KEY = /^[A-Za-z0-9+/]{40,}={0,2}$/;

interface KeyMemo {
  data: KeyData;
  analysis?: KeyAnalysis;
}

/**
 * checkKeyRecord, skipped for a tag list (shared by records with the same text) that already
 * gave no finding: its findings depend on the text alone.
 */
function checkKey(zone: ZoneIndex, e: KeyEntry, out: Findings, memo: Map<string, KeyMemo>, clean: Set<DkimKeyRecord>): void {
  if (clean.has(e.tags)) return;
  const before = out.count;
  checkKeyRecord(zone, e, out, memo);
  if (out.count === before) clean.add(e.tags);
}

function checkKeyRecord(zone: ZoneIndex, e: KeyEntry, out: Findings, memo: Map<string, KeyMemo>): void {
  const t = e.tags;
  const value = e.value;
  const tagAt = (tag: TagSpec) => tagLocation(e, tag);

  // Another protocol's record at a DKIM name (an SPF record, say) is no key: one finding says so.
  const otherKind = mailKindOfText(value);
  if (otherKind && otherKind !== 'dkim' && !t.key) {
    const name = MAIL_RECORD_NAMES[otherKind];
    out.add(
      'dkim-key-missing',
      wholeValueLocation(e),
      `This TXT record at a DKIM name holds ${/^(SPF|MTA)/.test(name) ? 'an' : 'a'} ${name} record, not a DKIM key: verifiers looking up ${keyName(e)} find no p= tag, and DKIM fails for mail signed with it. Publish the key here, or move the ${name} record to the name it belongs to.`,
    );
    return;
  }
  // The key itself written as an element of its own ('p=' lost); its padding reads as an '='.
  const bareKey = !t.key ? t.tagList.tags.find((b) => (!b.hasEquals || b.value === '') && BASE64_KEY.test(value.slice(b.start, b.end).replace(/\s+/g, ''))) : undefined;
  // A host name where a key belongs: dkim-key-missing says what to do with it.
  const hostName = !t.key && HOST_NAME.test(value.trim()) && !value.includes('=');
  for (const b of t.bare) {
    if (b === bareKey || hostName) continue;
    out.add(
      'dkim-tag-syntax',
      tagAt(b),
      `'${shorten(b.name)}' is not a tag=value pair. RFC 6376 §3.2 makes a key record with such an element invalid, and strict verifiers ignore the whole record, so DKIM fails for ${keyName(e)}. Write it as tag=value or remove it.`,
    );
  }
  for (const d of t.duplicates) {
    const firstTag = t.first.get(d.name)!;
    const range = elementDeletion(value, d);
    const same = d.value === firstTag.value;
    out.add(
      'dkim-duplicate-tag',
      tagAt(d),
      `Tag '${d.name}=' appears twice in this key record. RFC 6376 §3.2 makes a tag-list with a duplicate tag invalid: ${IGNORED}. Keep one '${d.name}='.`,
      fixData(fix(`Delete the repeated '${d.name}=${shorten(d.value, 20)}'`, same, joinedEdits(zone, e, range.start, range.end, ''))),
    );
  }

  const v = t.version;
  if (v) {
    if (v.value !== 'DKIM1') {
      const caseOnly = v.value.replace(/\s+/g, '').toUpperCase() === 'DKIM1';
      out.add(
        'dkim-version',
        valueLocation(e, v),
        `The key record's version is '${shorten(v.value, 20)}', but v= must be exactly 'DKIM1' (RFC 6376 §3.6.1): ${IGNORED}. Write v=DKIM1 (or leave v= out; it is optional).`,
        fixData(fix("Write 'DKIM1'", caseOnly, joinedEdits(zone, e, v.valueStart, v.valueEnd, 'DKIM1'))),
      );
    } else if (t.tagList.tags[0] !== v) {
      const range = elementDeletion(value, v);
      const first = t.tagList.tags[0];
      const remove = joinedEdits(zone, e, range.start, range.end, '');
      const insert = joinedEdits(zone, e, first.start, first.start, 'v=DKIM1; ');
      const edits = remove && insert && range.start > first.start ? [...insert, ...remove] : undefined;
      out.add(
        'dkim-version',
        tagAt(v),
        `v=DKIM1 is not the first tag of the key record; RFC 6376 §3.6.1 requires it first when present, and verifiers that check it ignore the record, so DKIM fails for ${keyName(e)}. Move v=DKIM1 to the front (or remove it: it is optional).`,
        fixData(fix('Move v=DKIM1 to the front', true, edits)),
      );
    }
  }

  const k = t.keyType;
  const keyType = k ? k.value.toLowerCase() : 'rsa';
  const knownType = keyType === 'rsa' || keyType === 'ed25519';
  if (k && !knownType) {
    out.add(
      'dkim-key-type',
      valueLocation(e, k),
      `k=${shorten(k.value, 20)} is not a key type verifiers know; RFC 6376 and RFC 8463 define 'rsa' and 'ed25519', and verifiers ignore a key of another type, so DKIM fails for ${keyName(e)}. Write k=rsa or k=ed25519 to match the key.`,
    );
  }

  const h = t.hashes;
  if (h) {
    const algorithms = tagValueList(h.value).map((a) => a.toLowerCase());
    if (!algorithms.includes('sha256')) {
      const onlySha1 = algorithms.length > 0 && algorithms.every((a) => a === 'sha1');
      out.add(
        'dkim-hash-algorithms',
        valueLocation(e, h),
        onlySha1
          ? `h=sha1 allows only SHA-1 signatures with this key, and RFC 8301 §3.1 forbids verifiers to accept rsa-sha1: every signature with ${keyName(e)} fails. Write h=sha256 (or remove h=), and make the signer use rsa-sha256.`
          : `h=${shorten(h.value, 30)} lists no hash algorithm verifiers accept (sha256); signatures with ${keyName(e)} cannot verify. Write h=sha256 or remove h=.`,
        fixData(fix("Write 'sha256'", false, joinedEdits(zone, e, h.valueStart, h.valueEnd, 'sha256'))),
      );
    }
  }

  const s = t.services;
  if (s) {
    const services = tagValueList(s.value).map((x) => x.toLowerCase());
    if (!services.includes('*') && !services.includes('email')) {
      out.add(
        'dkim-service-type',
        valueLocation(e, s),
        `s=${shorten(s.value, 30)} does not name 'email' or '*': mail verifiers must ignore this key (RFC 6376 §3.6.1), so signatures with ${keyName(e)} fail. If the key signs mail, write s=email or remove s=.`,
      );
    }
  }

  const flags = t.flags;
  if (flags && tagValueList(flags.value).some((x) => x.toLowerCase() === 'y')) {
    out.add(
      'dkim-testing-mode',
      valueLocation(e, flags),
      `t=y marks ${keyName(e)} as testing DKIM: verifiers may treat failing signatures as if the message were unsigned rather than reject it (RFC 6376 §3.6.1), and some give the signature less weight. Remove the 'y' flag once signing works.`,
    );
  }

  for (const u of t.unknown) {
    if (u === bareKey) continue;
    const lower = u.name.toLowerCase();
    // A capital P is the key written under the wrong name: dkim-key-missing says so.
    if (lower === 'p' && !t.key) continue;
    const known = DKIM_KEY_TAGS.includes(lower);
    out.add(
      'dkim-unknown-tag',
      joinedLocation(e, u.nameStart, u.nameEnd),
      known
        ? `Tag '${u.name}=' is not '${lower}=': tag names are case-sensitive (RFC 6376 §3.2) and verifiers ignore '${u.name}='. Write '${lower}='.`
        : `'${shorten(u.name, 20)}=' is not a DKIM key record tag (${DKIM_KEY_TAGS.join(', ')}); verifiers ignore it.${u.name === 'g' || u.name === 'o' ? ' It is a DomainKeys tag, unused by DKIM.' : ''} Remove it unless another tool needs it.`,
      known ? fixData(fix(`Write '${lower}='`, true, joinedEdits(zone, e, u.nameStart, u.nameEnd, lower))) : undefined,
    );
  }

  const p = t.key;
  if (!p) {
    const upper = t.first.get('P');
    let message: string;
    let data: unknown;
    if (upper) {
      message = `The key is under 'P=', but the tag is 'p=' (tag names are case-sensitive): verifiers find no key, and DKIM fails for ${keyName(e)}. Write 'p='.`;
      data = fixData(fix("Write 'p='", true, joinedEdits(zone, e, upper.nameStart, upper.nameEnd, 'p')));
    } else if (bareKey) {
      message = `The key record has the key text without 'p=' in front of it: verifiers find no p= tag and DKIM fails for ${keyName(e)}. Write 'p=' before the key.`;
      data = fixData(fix("Insert 'p=' before the key", true, joinedEdits(zone, e, bareKey.start, bareKey.start, 'p=')));
    } else if (hostName) {
      message = `This TXT record holds the host name '${shorten(value.trim(), 60)}' rather than a key: a mail service that gives a host name for a selector wants a CNAME record pointing there. Verifiers find no p= tag here, so DKIM fails for ${keyName(e)}. Replace the TXT record with a CNAME to that name (with a final dot).`;
    } else {
      message = `This DKIM key record has no p= tag (RFC 6376 §3.6.1 requires it): verifiers find no public key and DKIM fails for every message signed with ${keyName(e)}. Publish the key as p=<base64 key>; an empty p= revokes a selector.`;
    }
    out.add('dkim-key-missing', wholeValueLocation(e), message, data);
    return;
  }
  if (p.value === '') {
    const wildcard = e.placement.selector === '*';
    out.add(
      'dkim-key-revoked',
      tagAt(p),
      wildcard
        ? `p= is empty: every selector without a record of its own under ${shown(e.placement.domain)} is revoked. Verifiers treat signatures with those selectors as failing, which is the intent for a domain that sends no signed mail.`
        : `p= is empty: ${keyName(e)} is revoked (RFC 6376 §3.6.1). Verifiers treat signatures with it as failing, as if the message were unsigned. That is right for a retired selector; if mail is still signed with it, publish the current key.`,
    );
    return;
  }
  if (!knownType) return;

  let known = memo.get(p.value);
  if (!known) {
    const data = decodeKeyData(p.value);
    known = { data };
    memo.set(p.value, known);
  }
  const data = known.data;
  const base = p.valueStart;
  const fault = data.fault;
  if (fault) {
    const first = fault.ranges[0];
    const at = joinedLocation(e, base + first.start, base + first.end);
    /** Edits that delete the value's characters in `ranges`; complete only when each could be made and the rest is valid. */
    const removals = (ranges: readonly { start: number; end: number }[], restValid: boolean) => {
      const edits: FixEdit[] = [];
      let complete = restValid;
      for (const r of ranges) {
        const part = joinedEdits(zone, e, base + r.start, base + r.end, '');
        if (part) edits.push(...part);
        else complete = false;
      }
      return { edits, complete };
    };
    switch (fault.kind) {
      case 'armour': {
        const { edits, complete } = removals([...fault.strip].reverse(), fault.restValid);
        out.add(
          'dkim-key-base64',
          at,
          `p= holds the key with its PEM armour ('${shorten(value.slice(base + first.start, base + first.end), 30)}'); p= takes only the base64 text between the armour lines. Verifiers cannot decode the key, and every signature with ${keyName(e)} fails. Remove the armour lines.${fault.restValid ? '' : ' The text between them is not valid base64 either: copy the key again.'}`,
          complete ? fixData(fix('Remove the PEM armour', true, edits)) : undefined,
        );
        return;
      }
      case 'quotes': {
        const { edits, complete } = removals(fault.ranges, fault.restValid);
        out.add(
          'dkim-key-base64',
          at,
          `p= contains a quote character, which is no part of base64: the quotes of the zone file belong around whole strings, not inside the key. Verifiers cannot decode the key, and every signature with ${keyName(e)} fails. Remove the stray quotes.${fault.restValid ? '' : ' The rest is not valid base64 either: copy the key again.'}`,
          complete ? fixData(fix('Remove the quotes from the key', true, edits)) : undefined,
        );
        return;
      }
      case 'character':
        out.add(
          'dkim-key-base64',
          at,
          fault.placeholder
            ? `p= holds the placeholder '${shorten(fault.character, 30)}' instead of a key: verifiers cannot decode it, and every signature with ${keyName(e)} fails. Paste the public key your mail service or signer gives you.`
            : `p= contains '${fault.character}', which is not a base64 character (A-Z, a-z, 0-9, '+', '/', '=' at the end): verifiers cannot decode the key, and every signature with ${keyName(e)} fails. Copy the key again from its source.`,
        );
        return;
      case 'length':
        out.add(
          'dkim-key-base64',
          at,
          fault.padding
            ? `p= has '=' padding in the middle, where base64 has none: parts of keys were probably pasted together. Verifiers cannot decode it, and every signature with ${keyName(e)} fails. Copy the whole key again.`
            : `p= has ${fault.characters} base64 characters, a length no base64 text has: the key was probably cut off while copying. Verifiers cannot decode it, and every signature with ${keyName(e)} fails. Copy the whole key again.`,
        );
        return;
    }
  }
  const bytes = data.bytes;
  if (!bytes) return;
  const ed = keyType === 'ed25519';
  const analysis = ed ? analyseKey(bytes, true) : (known.analysis ??= analyseKey(bytes, false));
  // Locations map joined characters to the file: worked out only for a finding.
  const keyAt = () => valueLocation(e, p);
  const invalid = (message: string, data?: unknown) => out.add('dkim-key-invalid', keyAt(), message, data);
  switch (analysis.kind) {
    case 'rsa':
      if (ed) {
        invalid(`k=ed25519, but p= holds an RSA key (${analysis.bits} bits): verifiers read the data as an Ed25519 key, which it is not, and signatures with ${keyName(e)} fail. Write k=rsa, or publish the Ed25519 key.`);
      } else if (analysis.bits < 1024) {
        out.add(
          'dkim-rsa-key-too-short',
          keyAt(),
          `This RSA key has ${analysis.bits} bits. RFC 8301 §3.2 forbids verifiers to accept signatures made with RSA keys under 1024 bits, so every signature with ${keyName(e)} fails. Generate a 2048-bit key, publish it and sign with it.`,
          { bits: analysis.bits },
        );
      } else if (analysis.bits < 2048) {
        out.add(
          'dkim-rsa-key-weak',
          keyAt(),
          `This RSA key has ${analysis.bits} bits; RFC 8301 §3.2 asks for at least 2048. Keys of 1024 bits are within reach of well-funded attackers, and some receivers weigh such signatures less. Rotate to a 2048-bit key (publish it under a new selector, switch the signer, then revoke this one).`,
          { bits: analysis.bits },
        );
      }
      return;
    case 'ed25519':
      if (!ed) {
        invalid(`p= holds 32 octets, the size of an Ed25519 key, but the key type is RSA${k ? '' : ' (k= is missing, and rsa is the default)'}: verifiers cannot read it as an RSA key, and signatures with ${keyName(e)} fail. Add k=ed25519 if this is an Ed25519 key.`);
      }
      return;
    case 'ed25519-spki': {
      const raw = keyText(analysis.raw);
      const edits = ed ? joinedEdits(zone, e, p.valueStart, p.valueEnd, raw) : undefined;
      invalid(
        ed
          ? `p= holds the Ed25519 key wrapped in a SubjectPublicKeyInfo (${bytes.length} octets); RFC 8463 §4.2 publishes only the 32 key octets, and verifiers reject the longer form, so signatures with ${keyName(e)} fail. Publish the 32-octet key: ${raw}`
          : `p= holds an Ed25519 key, but the key type is RSA${k ? '' : ' (k= is missing, and rsa is the default)'}: signatures with ${keyName(e)} fail. Write k=ed25519 and publish only the 32 key octets: ${raw}`,
        ed ? fixData(fix('Publish only the 32 octets of the Ed25519 key', true, edits)) : undefined,
      );
      return;
    }
    case 'other-algorithm':
      invalid(`p= holds ${analysis.name}, which DKIM does not use (only RSA and Ed25519): verifiers cannot use it, and signatures with ${keyName(e)} fail. Publish the RSA or Ed25519 public key the signer signs with.`);
      return;
    case 'invalid':
      invalid(
        ed
          ? `An Ed25519 key is 32 octets (RFC 8463 §4.2), but p= decodes to ${analysis.octets}: verifiers cannot use it, and signatures with ${keyName(e)} fail. Copy the key again.`
          : `p= decodes to ${analysis.octets} octets that are not an RSA public key (a SubjectPublicKeyInfo): the key may be cut off or be something else. Verifiers cannot use it, and signatures with ${keyName(e)} fail. Copy the key again from its source.`,
      );
      return;
  }
}

// ---- Names: where keys and delegations sit ----------------------------------------------------

function checkPlacement(zone: ZoneIndex, record: ZoneRecord, owner: string, placement: Placement, what: string, out: Findings, reported: Set<string>): void {
  if (placement.kind === 'selector' || placement.kind === 'cname-target') return;
  // A record whose owner was inherited shares the finding of the record that wrote the owner.
  if (!record.ownerSpan && reported.has(owner)) return;
  reported.add(owner);
  if (placement.kind === 'misnamed') {
    const label = placement.label!;
    const span = ownerLabelSpan(zone, record, label);
    const labels = owner.split('.');
    labels[placement.labelIndex!] = '_domainkey';
    const corrected = labels.join('.');
    const taken = zone.byOwner.has(corrected);
    const selector = placement.selector ? `selector '${placement.selector}'` : 'any selector';
    out.add(
      'dkim-selector-name',
      span ? { file: record.file, start: span.start, end: span.end } : ownerLocation(record),
      `The ${what} is at '${shown(owner)}', with '${label}' where DKIM needs '_domainkey' (with the underscore). Verifiers look up <selector>._domainkey.<domain>, never find this ${what}, and DKIM fails for mail signed with ${selector}. Rename the label to '_domainkey'${taken ? `; '${shown(corrected)}' already has records, so check which to keep` : ''}.`,
      span ? fixData(fix(`Rename '${span.text}' to '_domainkey'`, !taken, [{ start: span.start, end: span.end, newText: '_domainkey', expect: span.text }])) : undefined,
    );
    return;
  }
  if (placement.kind === 'no-selector') {
    out.add(
      'dkim-selector-name',
      ownerLocation(record),
      `This DKIM ${what} is at '${shown(owner)}' itself, without a selector: verifiers look up <selector>._domainkey.<domain> with the selector from the signature's s= tag, so they never find it and DKIM fails. Put it at <selector>._domainkey, using the selector the signer uses.`,
    );
    return;
  }
  // A key at another name may be the target of CNAMEs in other zones (mail services host keys
  // so); at the apex or at a name that receives mail it was meant for <selector>._domainkey.
  if (owner !== zone.apex && zone.recordsAt(owner, 'MX').length === 0) return;
  out.add(
    'dkim-selector-name',
    ownerLocation(record),
    `This TXT record holds a DKIM key, but '${shown(owner)}' is not a DKIM name: verifiers look up <selector>._domainkey.<domain> and never find it, so signatures with this key fail. Move it to <selector>._domainkey.<domain>, using the selector the signer puts in s=.`,
  );
}

function checkOwnerPlaceholders(zone: ZoneIndex, record: ZoneRecord, out: Findings): void {
  // The owner name keeps the brackets as written; most owners have none.
  if (!HAS_BRACKET.test(record.owner)) return;
  const span = record.ownerSpan;
  if (!span || record.generated) return;
  const written = textOf(zone, record).slice(span.start, span.end);
  if (!HAS_BRACKET.test(written)) return;
  BRACKETED.lastIndex = 0;
  for (let m = BRACKETED.exec(written); m; m = BRACKETED.exec(written)) {
    out.add(
      'dkim-placeholder',
      { file: record.file, start: span.start + m.index, end: span.start + m.index + m[0].length },
      `'${shorten(m[0], 30)}' is a placeholder from a setup guide, left in the name: verifiers look up the real selector and never find this record, so DKIM fails. Write the selector the signer uses (for Microsoft 365: selector1 and selector2).`,
    );
  }
}

// ---- CNAME delegations ----------------------------------------------------------------------

function dashed(domain: string): string {
  return domain.replace(/\.$/, '').replace(/\./g, '-');
}

/**
 * True when the rest of a Microsoft 365 target label names the domain as Microsoft forms it:
 * dots replaced by dashes, sometimes with the dashes inside labels dropped and an alphanumeric
 * suffix added (seen for long names and for domains added since 2025).
 */
function microsoftLabelMatches(rest: string, domain: string): boolean {
  const plain = domain.replace(/\.$/, '');
  const forms = [plain.replace(/\./g, '-'), plain.split('.').map((l) => l.replace(/-/g, '')).join('-')];
  return forms.some((f) => rest === f || (rest.startsWith(f) && /^[a-z0-9]+$/.test(rest.slice(f.length))));
}

/** True when the domain repeats the apex: an owner written relative with the apex in it (its final dot forgotten). */
function repeatsApex(zone: ZoneIndex, domain: string): boolean {
  const apex = zone.apex;
  return apex !== '.' && domain.endsWith('.' + apex) && domain.slice(0, -apex.length - 1).endsWith(apex.slice(0, -1));
}

function checkCname(zone: ZoneIndex, c: CnameEntry, out: Findings, microsoft: Map<string, CnameEntry[]>, ses: Map<string, CnameEntry[]>): void {
  const at = fieldLocation(c);
  if (c.underDomainkey && c.forgottenDot) {
    const preferred = VENDOR_SUFFIXES.some((s) => c.meant.endsWith(s + '.'));
    const edit = targetEdit(zone, c, 0, c.raw.length, c.raw + '.');
    out.add(
      'dkim-cname-relative',
      at,
      `The CNAME target '${c.raw}' has no final dot, so the zone completes it to '${c.target}'. Verifiers following ${shown(c.owner)} look for the key there, find nothing, and DKIM fails for every message signed with selector '${c.placement.selector}'. Add the final dot: '${c.raw}.'.`,
      fixData(fix(`Add the final dot: '${c.raw}.'`, preferred, edit ? [edit] : undefined)),
    );
  }
  for (const ph of c.placeholders) {
    out.add(
      'dkim-placeholder',
      { file: c.record.file, start: c.field.start + ph.start, end: c.field.start + ph.end },
      `'${shorten(ph.text, 30)}' is a placeholder from a setup guide, left in the CNAME target: the name does not lead to your key, so verifiers find none and DKIM fails for selector '${c.placement.selector}'. Copy the exact value your mail service shows (for Microsoft 365, the Defender portal's DKIM page).`,
    );
  }
  if (c.placeholders.length > 0 || (c.placement.kind !== 'selector' && c.placement.kind !== 'misnamed')) return;
  const meant = c.meant;
  const selector = c.placement.selector;
  if (isMicrosoftTarget(meant)) {
    const m = M365_OLD.exec(meant) ?? M365_NEW.exec(meant);
    const own = /^selector([12])$/.exec(selector);
    if (!own) {
      out.add(
        'dkim-microsoft365-target',
        ownerLocation(c.record),
        `This CNAME points at a Microsoft 365 key, but Microsoft 365 signs custom domains with the selectors selector1 and selector2 only: verifiers never look up '${shown(c.owner)}'. Name the records selector1._domainkey and selector2._domainkey.`,
      );
      return;
    }
    if (!m) {
      out.add(
        'dkim-microsoft365-target',
        at,
        `'${shorten(c.raw, 80)}' does not have the form of a Microsoft 365 DKIM target (selector${own[1]}-<domain-with-dashes>._domainkey.<tenant>.onmicrosoft.com., or …._domainkey.<tenant>.<x>-v1.dkim.mail.microsoft. for domains added since 2025): verifiers will likely find no key there. Copy the value the Defender portal shows for this domain.`,
      );
      return;
    }
    const firstLabel = c.raw.slice(0, c.raw.indexOf('.'));
    (microsoft.get(c.placement.domain) ?? microsoft.set(c.placement.domain, []).get(c.placement.domain)!).push(c);
    if (m[1] !== own[1]) {
      const replacement = `selector${own[1]}` + firstLabel.slice(firstLabel.indexOf('-'));
      const edit = targetEdit(zone, c, 0, firstLabel.length, replacement);
      out.add(
        'dkim-microsoft365-target',
        { file: c.record.file, start: c.field.start, end: c.field.start + firstLabel.length },
        `${shown(c.owner)} points at Microsoft's selector${m[1]} key: Microsoft 365 signs with selector${own[1]} using the key at selector${own[1]}-…, so verifiers fail the signatures once Microsoft rotates to selector${own[1]}. Write '${replacement}'.`,
        fixData(fix(`Write '${replacement}'`, true, edit ? [edit] : undefined)),
      );
      return;
    }
    const domain = c.placement.domain;
    if (repeatsApex(zone, domain) || microsoftLabelMatches(m[2], domain)) return;
    const expected = dashed(domain);
    const replacement = `selector${own[1]}-${expected}`;
    const unsure = domain.includes('-') || replacement.length > 63;
    const edit = targetEdit(zone, c, 0, firstLabel.length, replacement);
    out.add(
      unsure ? 'dkim-microsoft365-domain-label' : 'dkim-microsoft365-target',
      { file: c.record.file, start: c.field.start, end: c.field.start + firstLabel.length },
      unsure
        ? `'${firstLabel}' does not name ${shown(domain)} the usual way ('${replacement}'). Microsoft forms this label differently for some names (hyphens dropped, long names shortened, a suffix added), so this may be right: compare it with the value the Defender portal shows for ${shown(domain)}.`
        : `'${firstLabel}' names another domain than ${shown(domain)}: Microsoft 365 publishes the key for ${shown(domain)} at '${replacement}…' (the domain with its dots replaced by dashes). A key of another domain does not verify signatures of this one. Copy the value the Defender portal shows for ${shown(domain)}.`,
      fixData(fix(`Write '${replacement}'`, false, edit ? [edit] : undefined)),
    );
    return;
  }
  if (isSesTarget(meant)) {
    const m = SES_TARGET.exec(meant);
    if (!m) {
      out.add(
        'dkim-amazonses-target',
        at,
        `'${shorten(c.raw, 80)}' is not an Amazon SES DKIM target: Easy DKIM keys are at <token>.dkim.amazonses.com. Verifiers will likely find no key there. Copy the three CNAME records the SES console shows.`,
      );
      return;
    }
    (ses.get(c.placement.domain) ?? ses.set(c.placement.domain, []).get(c.placement.domain)!).push(c);
    if (m[1] !== selector) {
      const firstLabel = c.raw.slice(0, c.raw.indexOf('.'));
      const ownerToken = c.owner.slice(0, c.owner.indexOf('.'));
      const edit = selector.includes('.') ? undefined : targetEdit(zone, c, 0, firstLabel.length, ownerToken);
      out.add(
        'dkim-amazonses-target',
        { file: c.record.file, start: c.field.start, end: c.field.start + firstLabel.length },
        `The token in the target ('${firstLabel}') differs from the token in the name ('${selector}'): SES signs with selector '${selector}' and its key is at ${selector}.dkim.amazonses.com, so verifiers following this CNAME get another key and the signatures fail. Copy the token pairs exactly as the SES console shows them.`,
        fixData(fix(`Use the token of the name: '${ownerToken}'`, false, edit ? [edit] : undefined)),
      );
    }
  }
}

/** True when a record exists at `<selector>._domainkey.<domain>` or at a misnamed form of it. */
function selectorExists(zone: ZoneIndex, facts: DkimFacts, selector: string, domain: string): boolean {
  if (zone.byOwner.has(`${selector}._domainkey.${domain}`)) return true;
  return facts.cnames.some((c) => c.placement.kind === 'misnamed' && c.placement.selector === selector && c.placement.domain === domain);
}

function checkSets(zone: ZoneIndex, facts: DkimFacts, out: Findings, microsoft: Map<string, CnameEntry[]>, ses: Map<string, CnameEntry[]>): void {
  if (!zone.wholeZone) return;
  for (const [domain, list] of microsoft) {
    const present = new Set(list.map((c) => c.placement.selector));
    for (const wanted of ['selector1', 'selector2']) {
      if (present.has(wanted) || selectorExists(zone, facts, wanted, domain)) continue;
      const other = list[0];
      out.add(
        'dkim-microsoft365-selector-missing',
        ownerLocation(other.record),
        `${shown(domain)} has the Microsoft 365 DKIM record ${other.placement.selector}._domainkey but no ${wanted}._domainkey. Microsoft 365 switches to the other selector when it rotates keys, and the portal does not enable signing until both exist: after a rotation, signatures would fail. Add ${wanted}._domainkey as a CNAME to the value the Defender portal shows.`,
        { missing: `${wanted}._domainkey.${domain}` },
      );
    }
  }
  for (const [domain, list] of ses) {
    const tokens = new Set(list.map((c) => c.placement.selector));
    if (tokens.size >= 3) continue;
    out.add(
      'dkim-amazonses-incomplete',
      ownerLocation(list[0].record),
      `${shown(domain)} has ${tokens.size} of the 3 CNAME records Amazon SES Easy DKIM gives; SES keeps DKIM for the domain pending until it finds all three, and signs with the keys behind them. Add the missing records from the SES console.`,
      { count: tokens.size },
    );
  }
}

/** True when the closest existing ancestor of an in-zone name owns a wildcard that would answer for it. */
function wildcardAnswers(zone: ZoneIndex, name: string): boolean {
  let n = name;
  while (n.length > zone.apex.length) {
    const dot = n.indexOf('.');
    if (dot < 0 || dot === n.length - 1) return false;
    n = n.slice(dot + 1);
    if (zone.byOwner.has('*.' + n)) return true;
    if (zone.byOwner.has(n)) return false;
  }
  return false;
}

/** DKIM CNAMEs whose target lies in this zone and has no TXT record there (DK11 for in-zone targets). */
function checkInZoneTargets(zone: ZoneIndex, facts: DkimFacts, out: Findings): void {
  if (!zone.wholeZone) return;
  for (const c of facts.cnames) {
    if (c.placement.kind !== 'selector' || c.forgottenDot || c.placeholders.length > 0) continue;
    if (!isInZone(zone, c.target) || zone.isBelowDelegation(c.target)) continue;
    const records = zone.recordsAt(c.target);
    // An alias of an alias is followed by the CNAME rules; a TXT without a key gets the key checks.
    if (records.some((r) => r.type === 'CNAME' || r.type === 'TXT')) continue;
    if (records.length === 0 && wildcardAnswers(zone, c.target)) continue;
    out.add(
      'dkim-cname-target-no-key',
      fieldLocation(c),
      `${shown(c.owner)} points at '${c.target}', which has no TXT record in this zone: verifiers following the alias find no key, and DKIM fails for every message signed with selector '${c.placement.selector}'. Publish the key at '${c.target}' or point the CNAME at the name that has it.`,
    );
  }
}

// ---- Microsoft 365 completeness ---------------------------------------------------------------

const OUTLOOK_SPF = 'spf.protection.outlook.com';

/** Whether the SPF record at `name` includes Microsoft 365's, following includes and redirects inside the zone. */
function spfIncludesMicrosoft(zone: ZoneIndex, name: string, depth: number, seen: Set<string>): 'yes' | 'no' | 'none' {
  const records = mailRecords(zone).at(name).filter((e) => e.kind === 'spf');
  if (records.length === 0) return 'none';
  seen.add(name);
  for (const e of records) {
    for (const raw of e.value.split(/[ \t]+/)) {
      const term = raw.toLowerCase().replace(/^[+\-~?]/, '');
      let target: string | undefined;
      if (term.startsWith('include:')) target = term.slice(8);
      else if (term.startsWith('redirect=')) target = term.slice(9);
      if (!target) continue;
      target = target.replace(/\.$/, '');
      if (target === OUTLOOK_SPF) return 'yes';
      const key = target + '.';
      if (depth < 10 && !seen.has(key) && isInZone(zone, key) && spfIncludesMicrosoft(zone, key, depth + 1, seen) === 'yes') return 'yes';
    }
  }
  return 'no';
}

function checkMicrosoft365(zone: ZoneIndex, facts: DkimFacts, out: Findings): void {
  if (!zone.wholeZone || facts.microsoftMx.length === 0) return;
  const done = new Set<string>();
  for (const mx of facts.microsoftMx) {
    const d = mx.owner;
    if (done.has(d)) continue;
    done.add(d);
    if (!isInZone(zone, d) || zone.isBelowDelegation(d)) continue;
    const missing: string[] = [];
    const parts: string[] = [];
    const spf = spfIncludesMicrosoft(zone, d, 0, new Set());
    if (spf === 'none') {
      missing.push('spf');
      parts.push(`an SPF record (TXT "v=spf1 include:${OUTLOOK_SPF} -all")`);
    } else if (spf === 'no') {
      missing.push('spf-include');
      parts.push(`include:${OUTLOOK_SPF} in its SPF record`);
    }
    for (const selector of ['selector1', 'selector2']) {
      if (!selectorExists(zone, facts, selector, d)) {
        missing.push(`dkim-${selector}`);
        parts.push(`the DKIM CNAME ${selector}._domainkey`);
      }
    }
    const hasDmarc = zone.byOwner.has('_dmarc.' + d) || (d !== zone.apex && zone.byOwner.has('_dmarc.' + zone.apex));
    if (!hasDmarc) {
      missing.push('dmarc');
      parts.push('a DMARC record at _dmarc (TXT "v=DMARC1; p=none; rua=mailto:…" to start)');
    }
    if (parts.length === 0) continue;
    const list = parts.length === 1 ? parts[0] : parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1];
    out.add(
      'mx-microsoft365-incomplete',
      mx.at,
      `${shown(d)} receives its mail through Microsoft 365 (MX ${mx.exchange}), but the zone lacks ${list}. Gmail, Yahoo and others reject or junk mail that passes neither SPF nor DKIM aligned with the From domain (550 5.7.1 … DMARC/SPF/DKIM), so mail sent from Microsoft 365 as ${shown(d)} is at risk. Add what is missing; the DKIM values are on the Defender portal's DKIM page.`,
      { missing },
    );
  }
}

// ---- Running the checks -----------------------------------------------------------------------

function allFindings(zone: ZoneIndex): Map<string, Finding[]> {
  const facts = dkimFacts(zone);
  if (facts.findings) return facts.findings;
  const out = new Findings();
  const memo = new Map<string, KeyMemo>();
  const reported = new Set<string>();
  const clean = new Set<DkimKeyRecord>();
  for (const e of facts.keys) {
    checkPlacement(zone, e.record, e.owner, e.placement, 'key record', out, reported);
    if (e.placement.kind !== 'cname-target') checkOwnerPlaceholders(zone, e.record, out);
    checkKey(zone, e, out, memo, clean);
  }
  const microsoft = new Map<string, CnameEntry[]>();
  const ses = new Map<string, CnameEntry[]>();
  for (const c of facts.cnames) {
    if (c.placement.kind === 'misnamed') checkPlacement(zone, c.record, c.owner, c.placement, 'CNAME', out, reported);
    checkOwnerPlaceholders(zone, c.record, out);
    checkCname(zone, c, out, microsoft, ses);
  }
  checkSets(zone, facts, out, microsoft, ses);
  checkInZoneTargets(zone, facts, out);
  checkMicrosoft365(zone, facts, out);
  facts.findings = out.byRule;
  // A zone of a million records has tens of thousands of keys: nothing reads them after this.
  facts.keys = [];
  return out.byRule;
}

function dkimRule(info: RuleInfo): Rule {
  return {
    ...info,
    check(zone, report) {
      for (const f of allFindings(zone).get(info.id) ?? []) report(info.id, f.at, f.message, f.data);
    },
  };
}

// ---- The live check: keys behind CNAMEs outside the zone (DK11) --------------------------------

/** What a TXT answer at a DKIM CNAME target holds: undefined when a usable key, else what is wrong. */
function keyProblem(answers: readonly string[]): string | undefined {
  let revoked = false;
  let other: string | undefined;
  for (const text of answers) {
    const tags = readDkimKeyRecord(text);
    const p = tags.key;
    if (!p) continue;
    if (p.value === '') {
      revoked = true;
      continue;
    }
    const type = tags.keyType ? tags.keyType.value.toLowerCase() : 'rsa';
    const data = decodeKeyData(p.value);
    if (!data.bytes || data.fault) {
      other = 'a key that is not valid base64';
      continue;
    }
    const analysis = analyseKey(data.bytes, type === 'ed25519');
    if ((type === 'rsa' && analysis.kind === 'rsa') || (type === 'ed25519' && analysis.kind === 'ed25519')) return undefined;
    other = 'a key that does not decode as its k= type says';
  }
  if (other) return other;
  if (revoked) return 'a revoked key (empty p=)';
  return answers.length === 0 ? 'no TXT record' : 'TXT records but no DKIM key (no p= tag)';
}

async function checkTargetsLive(zone: ZoneIndex, dns: Resolver, report: Report): Promise<void> {
  const byTarget = new Map<string, CnameEntry[]>();
  for (const c of dkimFacts(zone).cnames) {
    if (c.placement.kind !== 'selector' || c.forgottenDot || c.placeholders.length > 0 || isInZone(zone, c.target)) continue;
    const list = byTarget.get(c.target);
    if (list) list.push(c);
    else byTarget.set(c.target, [c]);
  }
  await Promise.all(
    [...byTarget].map(async ([target, list]) => {
      const name = target.replace(/\.$/, '');
      const answer = await dns.txt(name);
      for (const c of list) {
        const at = fieldLocation(c);
        if (reportLookupFailure(report, at, name, 'TXT', answer, `the DKIM key behind ${shown(c.owner)}`)) continue;
        const problem = answer.status === 'nxdomain' ? 'no such name (NXDOMAIN)' : keyProblem(answer.status === 'ok' ? answer.records : []);
        if (!problem) continue;
        const vendor = isMicrosoftTarget(c.meant) ? ' Microsoft 365 publishes the key once DKIM signing is enabled for the domain on the Defender portal.' : '';
        report(
          'dkim-cname-target-no-key',
          at,
          `${shown(c.owner)} points at '${name}', where DNS has ${problem}: verifiers following the alias find no usable key, and DKIM fails for every message signed with selector '${c.placement.selector}'.${vendor} Check the target against the value your mail service shows, and that signing is enabled there.`,
          { target: name, status: answer.status },
        );
      }
    }),
  );
}

// ---- The rules --------------------------------------------------------------------------------

const RFC6376 = 'RFC 6376 §3.6.1';

/** DK11: offline for targets in the zone, through DNS for the others. */
const TARGET_NO_KEY = dkimRule({ id: 'dkim-cname-target-no-key', severity: 'warning', title: 'DKIM CNAME target holds no key', source: 'RFC 6376 §3.6.2.2' });

export const DKIM_RULES: readonly Rule[] = [
  dkimRule({ id: 'dkim-selector-name', severity: 'warning', title: 'DKIM key or delegation not at <selector>._domainkey.<domain>', source: 'RFC 6376 §3.6.2.1' }),
  dkimRule({ id: 'dkim-version', severity: 'error', title: 'DKIM key record version not first or not DKIM1', source: RFC6376 }),
  dkimRule({ id: 'dkim-key-missing', severity: 'error', title: 'DKIM key record without p=', source: RFC6376 }),
  dkimRule({ id: 'dkim-key-revoked', severity: 'information', title: 'DKIM key revoked (empty p=)', source: RFC6376 }),
  dkimRule({ id: 'dkim-key-base64', severity: 'error', title: 'DKIM key is not valid base64 (PEM armour, quotes, placeholders)', source: `${RFC6376}; mailauth "Invalid base64 format for public key"` }),
  dkimRule({ id: 'dkim-key-invalid', severity: 'error', title: 'DKIM key data is not a key of its type', source: 'RFC 6376 §3.6.1; RFC 8463 §4.2' }),
  dkimRule({ id: 'dkim-rsa-key-too-short', severity: 'error', title: 'DKIM RSA key under 1024 bits', source: 'RFC 8301 §3.2' }),
  dkimRule({ id: 'dkim-rsa-key-weak', severity: 'warning', title: 'DKIM RSA key under 2048 bits', source: 'RFC 8301 §3.2' }),
  dkimRule({ id: 'dkim-key-type', severity: 'error', title: 'DKIM key type (k=) not rsa or ed25519', source: `${RFC6376}; RFC 8463` }),
  dkimRule({ id: 'dkim-hash-algorithms', severity: 'error', title: 'DKIM key allows only SHA-1 (h=sha1)', source: 'RFC 8301 §3.1' }),
  dkimRule({ id: 'dkim-duplicate-tag', severity: 'error', title: 'Tag repeated in a DKIM key record', source: 'RFC 6376 §3.2' }),
  dkimRule({ id: 'dkim-tag-syntax', severity: 'warning', title: 'DKIM key record element without tag=value', source: 'RFC 6376 §3.2' }),
  dkimRule({ id: 'dkim-unknown-tag', severity: 'information', title: 'Unknown tag in a DKIM key record', source: RFC6376 }),
  dkimRule({ id: 'dkim-testing-mode', severity: 'information', title: 'DKIM key in testing mode (t=y)', source: RFC6376 }),
  dkimRule({ id: 'dkim-service-type', severity: 'information', title: 'DKIM key not for email (s=)', source: RFC6376 }),
  dkimRule({ id: 'dkim-cname-relative', severity: 'error', title: 'DKIM CNAME target without its final dot', source: 'RFC 1035 §5.1; tested with BIND' }),
  dkimRule({ id: 'dkim-placeholder', severity: 'error', title: 'Placeholder from a setup guide left in a DKIM record', source: 'Microsoft 365 and Amazon SES setup guides' }),
  dkimRule({ id: 'dkim-microsoft365-target', severity: 'warning', title: 'Microsoft 365 DKIM CNAME with the wrong selector or domain', source: 'Microsoft Learn: email-authentication-dkim-configure' }),
  dkimRule({ id: 'dkim-microsoft365-domain-label', severity: 'information', title: 'Microsoft 365 DKIM target names the domain unusually', source: 'Microsoft Learn: email-authentication-dkim-configure' }),
  dkimRule({ id: 'dkim-microsoft365-selector-missing', severity: 'warning', title: 'Only one of the two Microsoft 365 DKIM selectors', source: 'Microsoft Learn: email-authentication-dkim-configure' }),
  dkimRule({ id: 'dkim-amazonses-target', severity: 'warning', title: 'Amazon SES DKIM CNAME with mismatched token or target', source: 'Amazon SES Developer Guide: Easy DKIM' }),
  dkimRule({ id: 'dkim-amazonses-incomplete', severity: 'information', title: 'Fewer than the 3 Amazon SES DKIM CNAMEs', source: 'Amazon SES Developer Guide: Easy DKIM' }),
  {
    ...TARGET_NO_KEY,
    async checkLive(zone, dns, report) {
      TARGET_NO_KEY.check(zone, report);
      await checkTargetsLive(zone, dns, report);
    },
  },
  dkimRule({ id: 'mx-microsoft365-incomplete', severity: 'warning', title: 'Microsoft 365 mail domain without SPF include, both DKIM selectors or DMARC', source: 'Microsoft Learn: email authentication in Microsoft 365' }),
];
