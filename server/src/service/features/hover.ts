// Hover: what the owner, TTL, class, type, each RDATA field and each SPF/DMARC/DKIM term under
// the cursor means, in the words of facts/, for the file being edited.
import type { Hover } from 'vscode-languageserver-types';
import { recordTypeByName } from '../facts/recordTypes';
import { fieldFact, RDATA_FIELDS, rfcLink, TLSA_MATCHING_TYPES, TLSA_SELECTORS, TLSA_USAGES, type FieldFact, type NamedNumberFact } from '../facts/rdataFields';
import { dkimTag, dmarcTag, spfTerm, type MailTagFact } from '../facts/mailTags';
import { joinTxt, type JoinedTxt } from '../mail/joinedText';
import { looksLikeForgottenDot, originOf } from '../rules/structure/nameChecks';
import { spfEvaluationOf, unresolvedWords } from '../rules/mail/spf';
import { tlsaRecordHover } from '../facts/dane';
import { lastAtOrBefore } from '../zone/search';
import { buildZoneIndex } from '../rules/zoneIndex';
import type { ZoneIndex } from '../rules/rule';
import { describeCosts, SPF_LOOKUP_LIMIT } from '../mail/spfLookups';
import { LineIndex } from '../zone/lineIndex';
import { formatTtl, parseTtl } from '../zone/ttl';
import { StoredRecord } from '../zone/record';
import type { Directive, ParsedZone, RdataField, Span, ZoneRecord } from '../zone/types';

// ---------------------------------------------------------------------------------------------
// Finding things at an offset, shared with inlay hints.

const fileZeroRecords = new WeakMap<ParsedZone, readonly ZoneRecord[]>();
const lineIndexes = new WeakMap<ParsedZone, LineIndex>();

/** The records of the edited file, in file order; filtered (once per parse) only when $INCLUDE added others. */
export function recordsOfEditedFile(parsed: ParsedZone): readonly ZoneRecord[] {
  if (parsed.files.length <= 1) return parsed.records;
  let records = fileZeroRecords.get(parsed);
  if (!records) {
    records = parsed.records.filter((r) => r.file === 0);
    fileZeroRecords.set(parsed, records);
  }
  return records;
}

/** Index of the last item starting at or before `offset`, or -1; items are in file order. */
export function lastStartingAtOrBefore(items: readonly { start: number }[], offset: number): number {
  return lastAtOrBefore(items, offset, (item) => item.start);
}

/** One LineIndex per parse of the edited file, so repeated requests do not rescan the text. */
export function lineIndexOf(parsed: ParsedZone, text: string): LineIndex {
  let index = lineIndexes.get(parsed);
  if (!index || parsed.files[0]?.text !== text) {
    index = new LineIndex(text);
    if (parsed.files[0]?.text === text) lineIndexes.set(parsed, index);
  }
  return index;
}

function directiveAt(parsed: ParsedZone, offset: number): Directive | undefined {
  const directives = parsed.files.length <= 1 ? parsed.directives : parsed.directives.filter((d) => d.file === 0);
  const i = lastStartingAtOrBefore(directives, offset);
  const d = i >= 0 ? directives[i] : undefined;
  return d && offset < d.end ? d : undefined;
}

/** Spans of a record's tokens, read once. */
export function recordTokenSpans(record: ZoneRecord): Span[] {
  if (record instanceof StoredRecord) return record.tokens();
  const head = [record.ownerSpan, record.ttlSpan, record.classSpan, record.typeSpan].filter((s): s is Span => s !== undefined);
  return [...head.sort((a, b) => a.start - b.start), ...record.rdata];
}

function tokenAt<T extends Span>(tokens: readonly T[], offset: number): T | undefined {
  for (const t of tokens) if (t.start <= offset && offset < t.end) return t;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Words.

function rfcMarkdown(link: string): string {
  const m = /rfc(\d+)(?:#section-([\w.-]+))?$/.exec(link);
  if (!m) return `[reference](${link})`;
  return `[RFC ${m[1]}${m[2] ? ` §${m[2]}` : ''}](${link})`;
}

/** "RFC 1035, RFC 7208 §3.1" as Markdown links; other references stay as written. */
function typeReferences(rfc: string): string {
  return rfc.replace(/RFC (\d+)(?: §([\d.]+))?/g, (_all, n: string, section?: string) => rfcMarkdown(rfcLink(Number(n), section)));
}

const code = (s: string | number) => '`' + String(s).replace(/`/g, "'") + '`';

function ttlWords(seconds: number): string {
  return seconds >= 60 ? `${seconds} seconds (${formatTtl(seconds)})` : formatTtl(seconds);
}

const TTL_SOURCES: Record<ZoneRecord['ttlSource'], string> = {
  explicit: 'written on the record',
  default: 'from the `$TTL` directive above',
  previous: 'taken from the previous record (no `$TTL` is in effect)',
  'soa-minimum': 'from the SOA minimum field, which BIND uses as the default TTL when there is no `$TTL`',
  none: 'unknown: no `$TTL` and no earlier TTL; BIND rejects the record',
};

const CLASSES: Record<string, string> = {
  IN: 'the Internet class, the only one public DNS uses.',
  CH: 'Chaosnet, today used only for server information such as `version.bind`.',
  HS: 'Hesiod, a directory service of MIT Project Athena.',
};

const DIRECTIVES: Record<string, string> = {
  $ORIGIN: 'Sets the origin: the name appended to every name below that has no final dot, and the meaning of `@`. Without a final dot the new origin is itself appended to the current one.',
  $TTL: 'Sets the TTL of the records below that give none (RFC 2308 §4): how long resolvers may cache them.',
  $INCLUDE: 'Reads another file here, optionally with its own origin; the origin and owner of this file are restored after it.',
  $GENERATE: 'BIND extension: writes one record per number of a range, replacing `$` in the template with the number (`${offset,width,base}` for other forms).',
};

// ---------------------------------------------------------------------------------------------
// Mail records inside TXT values.

interface Term {
  /** Joined-value indices. */
  from: number;
  to: number;
  text: string;
}

type MailKind = 'spf' | 'dmarc' | 'dkim';

/** Space-separated terms (RFC 7208 §4.6.1). */
function spfTerms(value: string): Term[] {
  const terms: Term[] = [];
  const re = /[^ ]+/g;
  for (let m = re.exec(value); m; m = re.exec(value)) terms.push({ from: m.index, to: m.index + m[0].length, text: m[0] });
  return terms;
}

interface Tag extends Term {
  name: string;
  value: string;
}

/** A tag=value list (RFC 6376 §3.2), each tag's span trimmed of whitespace. */
function tagList(value: string): Tag[] {
  const tags: Tag[] = [];
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i < value.length && value[i] !== ';') continue;
    let from = start;
    let to = i;
    while (from < to && /\s/.test(value[from])) from++;
    while (to > from && /\s/.test(value[to - 1])) to--;
    if (to > from) {
      const text = value.slice(from, to);
      const eq = text.indexOf('=');
      tags.push({ from, to, text, name: (eq < 0 ? text : text.slice(0, eq)).trim(), value: eq < 0 ? '' : text.slice(eq + 1).trim() });
    }
    start = i + 1;
  }
  return tags;
}

function mailKind(record: ZoneRecord, value: string): MailKind | undefined {
  if (/^v=spf1( |$)/i.test(value)) return 'spf';
  if (/^\s*v\s*=\s*DMARC1\s*(;|$)/i.test(value)) return 'dmarc';
  if (/^\s*v\s*=\s*DKIM1\s*(;|$)/.test(value)) return 'dkim';
  const tags = tagList(value);
  if (!tags.some((t) => t.name === 'p')) return undefined;
  // A key without v= is still a DKIM key where verifiers look for one, or when every tag is a DKIM tag.
  if (/(^|\.)_domainkey\./i.test(record.owner) || tags.every((t) => dkimTag(t.name))) return 'dkim';
  return undefined;
}

const SPF_MODIFIERS = new Set(['redirect', 'exp']);

interface SpfTermParts {
  qualifier?: string;
  name: string;
  modifier: boolean;
}

function spfParts(text: string): SpfTermParts {
  if (/^v=spf1$/i.test(text)) return { name: text, modifier: false };
  const modifier = /^([A-Za-z][A-Za-z0-9_.-]*)=/.exec(text);
  if (modifier) return { name: modifier[1], modifier: true };
  const m = /^([+\-~?]?)([^:/]*)/.exec(text)!;
  return m[1] ? { qualifier: m[1], name: m[2], modifier: false } : { name: m[2], modifier: false };
}

/** DNS-querying terms of one SPF record, by name: [total, "include ×2, mx"]. */
export function countSpfLookupTerms(value: string): { total: number; names: string } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const t of spfTerms(value)) {
    const fact = spfTerm(spfParts(t.text).name);
    if (!fact?.lookups) continue;
    total++;
    counts.set(fact.name, (counts.get(fact.name) ?? 0) + 1);
  }
  const names = [...counts].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n)).join(', ');
  return { total, names };
}

function spfLookupSentence(value: string): string {
  const { total, names } = countSpfLookupTerms(value);
  const limit = rfcMarkdown(rfcLink(7208, '4.6.4'));
  const counted = total === 0 ? 'no DNS-querying terms' : `${total} DNS-querying term${total === 1 ? '' : 's'} (${names})`;
  const over = total > 10 ? ' That is over the limit: receivers return permerror and SPF fails for every message.' : '';
  return `This record has ${counted} of the 10 an SPF check may use (${limit}), counted in this record only; the records it includes add theirs.${over}`;
}

const zoneIndexes = new WeakMap<ParsedZone, ZoneIndex>();

/** The zone index SPF hovers follow includes through, built on the first SPF hover of a parse. */
function zoneIndexFor(parsed: ParsedZone): ZoneIndex {
  let index = zoneIndexes.get(parsed);
  if (!index) zoneIndexes.set(parsed, (index = buildZoneIndex(parsed, {})));
  return index;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The lookups of the whole evaluation: this record and the records it includes, those in this zone followed. */
function spfEvaluationSentence(parsed: ParsedZone, record: ZoneRecord): string | undefined {
  const found = spfEvaluationOf(zoneIndexFor(parsed), record);
  if (!found) return undefined;
  const e = found.evaluation;
  const exact = e.unresolved.length === 0;
  const count = exact ? `**${plural(e.lookups, 'DNS lookup')}**` : `**at least ${plural(e.lookups, 'DNS lookup')}**`;
  const costs = e.costs.length ? ` (${describeCosts(e.costs)})` : '';
  const rest = exact ? '' : ` Not counted yet: ${unresolvedWords(e)}; a live check looks them up.`;
  const over = e.lookups > SPF_LOOKUP_LIMIT ? ' That is over the limit: receivers return permerror and SPF fails for every message.' : '';
  return `Through the whole evaluation, following the records it includes: ${count}${costs} of the ${SPF_LOOKUP_LIMIT} allowed.${rest}${over}`;
}

/** What an include or redirect costs with the records it leads to. */
function spfTargetSentence(parsed: ParsedZone, record: ZoneRecord, from: number): string | undefined {
  const found = spfEvaluationOf(zoneIndexFor(parsed), record);
  if (!found) return undefined;
  const cost = found.evaluation.costs.find((c) => c.term.start === from);
  const term = cost?.term;
  if (!cost || !term || (term.mechanism !== 'include' && term.modifier !== 'redirect')) return undefined;
  const name = term.domain?.name ?? term.domain?.text ?? '';
  const below = found.evaluation.unresolved.filter((u) => (u.via[0] ?? u.term) === term);
  if (below.length && below.every((u) => u.term === term)) {
    const why = below[0].reason === 'macro' ? 'is built from macros, so what it adds is known only when a message is checked' : `is outside this zone, so what its record adds is not counted offline; a live check looks it up`;
    return `Costs 1 DNS lookup itself; ${code(name)} ${why}.`;
  }
  const unresolved = below.length ? `, and at least ${plural(below.length, 'target')} below it not resolved offline (${[...new Set(below.map((u) => u.name))].join(', ')})` : '';
  return `With the records ${code(name)} leads to, this term costs **${plural(cost.lookups, 'DNS lookup')}** of the ${SPF_LOOKUP_LIMIT} allowed${unresolved}.`;
}

function valueLines(fact: MailTagFact | FieldFact, value: string, separator?: string): string[] {
  if (!fact.values || value === '') return [];
  const parts = separator ? value.split(separator) : [value];
  const lines: string[] = [];
  for (const part of parts) {
    const v = fact.values.find((x) => x.value.toLowerCase() === part.trim().toLowerCase());
    lines.push(v ? `${code(part.trim())}: ${v.summary}` : `${code(part.trim())} is not a known value: ${fact.values.map((x) => code(x.value)).join(', ')}.`);
  }
  return lines;
}

function spfTermHover(term: Term, value: string, parsed: ParsedZone, record: ZoneRecord): string {
  const parts = spfParts(term.text);
  if (/^v=spf1$/i.test(term.text)) {
    const fact = spfTerm('v=spf1')!;
    const whole = spfEvaluationSentence(parsed, record);
    return [`**SPF version** ${code(term.text)}`, fact.summary + ' ' + rfcMarkdown(fact.rfc), spfLookupSentence(value), ...(whole ? [whole] : [])].join('\n\n');
  }
  const fact = spfTerm(parts.name);
  const isModifier = fact !== undefined && SPF_MODIFIERS.has(fact.name);
  if (fact && isModifier !== parts.modifier) {
    return parts.modifier
      ? `**SPF modifier** ${code(parts.name)}\n\n${code(fact.name)} is a mechanism, written ${code(fact.name + ':')}; as a modifier receivers ignore it (${rfcMarkdown(rfcLink(7208, '6'))}).`
      : `**Unknown SPF mechanism** ${code(parts.name)}\n\n${code(fact.name)} is a modifier, written ${code(fact.name + '=')}. Receivers return permerror for an unknown mechanism, so SPF fails for every message (${rfcMarkdown(rfcLink(7208, '5'))}).`;
  }
  if (!fact) {
    return parts.modifier
      ? `**SPF modifier** ${code(parts.name)}\n\nNot a modifier SPF defines; receivers ignore unknown modifiers (${rfcMarkdown(rfcLink(7208, '6'))}).`
      : `**Unknown SPF mechanism** ${code(parts.name)}\n\nReceivers return permerror for a record with an unknown mechanism, so SPF fails for every message (${rfcMarkdown(rfcLink(7208, '5'))}).`;
  }
  const lines = [`**SPF ${parts.modifier ? 'modifier' : 'mechanism'}** ${code(term.text)}`, `${fact.summary} ${rfcMarkdown(fact.rfc)}`];
  if (!parts.modifier) {
    lines.push(parts.qualifier ? spfTerm(parts.qualifier)!.summary : 'No qualifier, so a match gives **pass**: the sender is authorised.');
  }
  if (fact.lookups) lines.push('Costs one DNS lookup of the 10 an SPF check may use.');
  if (fact.name === 'include' || fact.name === 'redirect') {
    const target = spfTargetSentence(parsed, record, term.from);
    if (target) lines.push(target);
  }
  return lines.join('\n\n');
}

const MULTI_VALUE: Record<string, string> = { fo: ':', h: ':', s: ':', t: ':', rua: ',', ruf: ',' };

function tagHover(kind: 'dmarc' | 'dkim', tag: Tag): string {
  const fact = kind === 'dmarc' ? dmarcTag(tag.name) : dkimTag(tag.name);
  const what = kind === 'dmarc' ? 'DMARC tag' : 'DKIM key tag';
  if (!fact) {
    const reader = kind === 'dmarc' ? 'receivers' : 'verifiers';
    return `**Unknown ${what}** ${code(tag.name)}\n\nNot a tag ${kind === 'dmarc' ? 'DMARC' : 'DKIM'} defines; ${reader} ignore it. Check the spelling.`;
  }
  const lines = [`**${what}** ${code(tag.name)}`, `${fact.summary} ${rfcMarkdown(fact.rfc)}`];
  const separator = kind === 'dmarc' && tag.name.toLowerCase() === 't' ? undefined : MULTI_VALUE[tag.name.toLowerCase()];
  lines.push(...valueLines(fact, tag.value, separator));
  if (kind === 'dkim' && tag.name === 'p' && tag.value !== '') {
    lines.push(`Key: ${Math.floor((tag.value.replace(/\s/g, '').length * 3) / 4)} octets of base64-decoded data.`);
  }
  return lines.join('\n\n');
}

function mailHover(parsed: ParsedZone, record: ZoneRecord, joined: JoinedTxt, index: number): { markdown: string; from: number; to: number } | undefined {
  const kind = mailKind(record, joined.value);
  if (!kind) return undefined;
  if (kind === 'spf') {
    const term = spfTerms(joined.value).find((t) => t.from <= index && index < t.to);
    return term && { markdown: spfTermHover(term, joined.value, parsed, record), from: term.from, to: term.to };
  }
  const tag = tagList(joined.value).find((t) => t.from <= index && index < t.to);
  return tag && { markdown: tagHover(kind, tag), from: tag.from, to: tag.to };
}

// ---------------------------------------------------------------------------------------------
// Records.

function namedNumber(table: readonly NamedNumberFact[], value: string | number): NamedNumberFact | undefined {
  return table.find((f) => f.value === value);
}

function nameNote(raw: string, absolute: string, relative: boolean, origin: string): string {
  if (!relative) return `Absolute name ${code(absolute)}.`;
  if (raw === '@') return `${code('@')} stands for the origin ${code(absolute)}.`;
  const base = originOf(raw, absolute, origin);
  if (looksLikeForgottenDot(raw, base, false)) {
    return `**Final dot forgotten?** ${code(raw)} looks like an absolute name, but without a final dot the origin ${code(base)} is appended, so it means ${code(absolute)}. Write ${code(raw + '.')} if the name is absolute.`;
  }
  return `Written without a final dot, so the origin ${code(base)} is appended: ${code(absolute)}.`;
}

function ownerHover(record: ZoneRecord, raw: string, origin: string): string {
  const lines = [`**Owner** ${code(record.owner)}`, nameNote(raw, record.owner, record.ownerRelative, origin)];
  if (record.owner.startsWith('*.')) lines.push('A wildcard: answers for names below that do not exist, for the types it has (RFC 4592).');
  return lines.join('\n\n');
}

function ttlHover(record: ZoneRecord): string {
  return `**TTL** ${ttlWords(record.ttl)}\n\nHow long resolvers may cache this record before asking again; during a change, the old data can live this long in caches.`;
}

function typeHover(parsed: ParsedZone, record: ZoneRecord, joined: JoinedTxt | undefined): string {
  const fact = recordTypeByName(record.type);
  const lines = [`**${record.type}** record${fact?.obsolete ? ' (obsolete)' : ''}`];
  if (fact) lines.push(`${fact.summary} ${typeReferences(fact.rfc)}`);
  else lines.push(`Type code ${record.typeCode}, written in the RFC 3597 form (${rfcMarkdown(rfcLink(3597, '5'))}).`);
  if (record.ttlSource !== 'explicit') lines.push(`TTL ${ttlWords(record.ttl)}, ${TTL_SOURCES[record.ttlSource]}.`);
  if (joined && mailKind(record, joined.value) === 'spf') {
    lines.push(spfLookupSentence(joined.value));
    const whole = spfEvaluationSentence(parsed, record);
    if (whole) lines.push(whole);
  }
  if (record.type === 'TLSA') {
    const dane = tlsaHover(record);
    if (dane) lines.push(dane);
  }
  return lines.join('\n\n');
}

/** What a DANE client does with this TLSA record, when its three numbers parse. */
function tlsaHover(record: ZoneRecord): string | undefined {
  const fields = record.fields;
  if (!fields) return undefined;
  const n = (name: string) => {
    const v = fields.find((f) => f.name === name)?.value;
    return typeof v === 'number' ? v : undefined;
  };
  const usage = n('usage');
  const selector = n('selector');
  const matchingType = n('matchingType');
  if (usage === undefined || selector === undefined || matchingType === undefined) return undefined;
  return tlsaRecordHover(usage, selector, matchingType, record.owner);
}

function classHover(record: ZoneRecord): string {
  return `**Class ${record.class}**: ${CLASSES[record.class] ?? 'a class other than IN; public DNS serves only IN.'}`;
}

function fieldHover(record: ZoneRecord, field: RdataField, index: number, count: number, origin: string): string {
  const fact = fieldFact(record.type, field.name);
  const label = fact?.label ?? field.name;
  const lines = [`**${label}** (${record.type} ${field.name}) ${code(field.raw ?? field.value)}`];
  if (fact) lines.push(`${fact.summary} ${rfcMarkdown(fact.rfc)}`);
  const v = field.value;
  if (record.type === 'TLSA' || record.type === 'SMIMEA') {
    const table = field.name === 'usage' ? TLSA_USAGES : field.name === 'selector' ? TLSA_SELECTORS : field.name === 'matchingType' ? TLSA_MATCHING_TYPES : undefined;
    const named = table && namedNumber(table, v);
    if (named) lines.push(`${code(v)} is **${named.name}**: ${named.summary}`);
    else if (table) lines.push(`${code(v)} is not an assigned value; clients treat the record as unusable.`);
    if (field.name === 'data' && typeof v === 'string') lines.push(`${v.length / 2} octets.`);
  } else if (record.type === 'SOA' && ['refresh', 'retry', 'expire', 'minimum'].includes(field.name) && typeof v === 'number') {
    lines.splice(1, 0, `${ttlWords(v)}.`);
  } else if (record.type === 'TXT' || record.type === 'SPF') {
    lines.push(`String ${index + 1} of ${count}, ${new TextEncoder().encode(String(v)).length} octets (at most 255).`);
  } else if (field.relative !== undefined && typeof v === 'string') {
    lines.push(nameNote(field.raw ?? v, v, field.relative, origin));
  } else if (fact?.values) {
    lines.push(...valueLines(fact, String(v)));
  }
  if ((record.type === 'MX' && field.name === 'preference') || (record.type === 'SRV' && field.name === 'priority')) {
    lines.push(`Lower is tried first: ${code(v)} is tried after every target with a lower value.`);
  }
  return lines.join('\n\n');
}

function fieldAt(record: ZoneRecord, token: Span): { field: RdataField; index: number; count: number } | undefined {
  const fields = record.fields;
  if (!fields) return undefined;
  const same = fields.filter((f) => f.name === 'string');
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.start <= token.start && token.end <= f.end && f.end > f.start) {
      return { field: f, index: same.length ? same.indexOf(f) : i, count: same.length || fields.length };
    }
  }
  return undefined;
}

/** When the RDATA did not parse: the field a token stands in by position, for fixed layouts. */
function fieldFactByPosition(record: ZoneRecord, token: Span): FieldFact | undefined {
  const facts = RDATA_FIELDS[record.type];
  if (!facts) return undefined;
  const i = record.rdata.findIndex((t) => t.start === token.start);
  return i >= 0 && i < facts.length ? facts[i] : undefined;
}

function directiveHover(d: Directive, token: Span & { text: string }): string {
  const lines = [`**${d.name}**`, DIRECTIVES[d.name] ?? 'Not a directive zone files know: $ORIGIN, $TTL, $INCLUDE and $GENERATE.'];
  if (token.start !== d.nameSpan.start) {
    if (d.name === '$TTL') {
      const ttl = parseTtl(token.text);
      if ('value' in ttl) lines.push(`${code(token.text)} is ${ttlWords(ttl.value)}.`);
    } else if (d.name === '$ORIGIN' && !token.text.endsWith('.')) {
      lines.push(`${code(token.text)} has no final dot, so it is appended to the current origin; write ${code(token.text + '.')} if it is absolute.`);
    }
  }
  return lines.join('\n\n');
}

function result(parsed: ParsedZone, text: string, markdown: string, span: Span): Hover {
  const index = lineIndexOf(parsed, text);
  return { contents: { kind: 'markdown', value: markdown }, range: { start: index.position(span.start), end: index.position(span.end) } };
}

/** Hover at a UTF-16 offset of the edited file (file 0), or null over blank space and comments. */
export function hover(parsed: ParsedZone, text: string, offset: number): Hover | null {
  const directive = directiveAt(parsed, offset);
  if (directive) {
    const token = tokenAt([{ start: directive.nameSpan.start, end: directive.nameSpan.end, text: directive.name }, ...directive.args], offset);
    return token ? result(parsed, text, directiveHover(directive, token), token) : null;
  }
  const records = recordsOfEditedFile(parsed);
  const i = lastStartingAtOrBefore(records, offset);
  if (i < 0) return null;
  const record = records[i];
  if (record.generated) return null;
  const token = tokenAt(recordTokenSpans(record), offset);
  if (!token) return null;
  const origin = parsed.origin;

  const ownerSpan = record.ownerSpan;
  if (ownerSpan && token.start === ownerSpan.start) return result(parsed, text, ownerHover(record, text.slice(token.start, token.end), origin), token);
  const ttlSpan = record.ttlSpan;
  if (ttlSpan && token.start === ttlSpan.start) return result(parsed, text, ttlHover(record), token);
  const classSpan = record.classSpan;
  if (classSpan && token.start === classSpan.start) return result(parsed, text, classHover(record), token);
  const isText = record.type === 'TXT' || record.type === 'SPF';
  const joined = isText ? joinTxt(record) : undefined;
  const typeSpan = record.typeSpan;
  if (token.start === typeSpan.start) return result(parsed, text, typeHover(parsed, record, joined), token);

  if (record.generic) {
    return result(parsed, text, `**RDATA in the generic form** (${rfcMarkdown(rfcLink(3597, '5'))})\n\n${code('\\#')}, the length in octets, then the data in hex: the wire form of the ${record.type} data.`, token);
  }
  if (joined) {
    const index = joined.indexAt(offset);
    const mail = index >= 0 ? mailHover(parsed, record, joined, index) : undefined;
    if (mail) return result(parsed, text, mail.markdown, { start: joined.offsetOf(mail.from), end: joined.endOffsetOf(mail.to - 1) });
  }
  const at = fieldAt(record, token);
  if (at) return result(parsed, text, fieldHover(record, at.field, at.index, at.count, origin), at.field);
  const fact = fieldFactByPosition(record, token);
  if (fact) return result(parsed, text, `**${fact.label}** (${record.type} ${fact.name})\n\n${fact.summary} ${rfcMarkdown(fact.rfc)}`, token);
  return null;
}
