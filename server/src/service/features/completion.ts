// Completion: what may come at the cursor, read from the cursor's entry. At the start of a line
// directives, owner names that mail setups need and whole record sets; after the owner record
// types and the class; in RDATA the values of numbered and enumerated fields, and inside TXT
// strings SPF terms and DMARC and DKIM tags with their values.
import type { CompletionItem, CompletionItemKind, CompletionItemTag, Position } from 'vscode-languageserver-types';
import { fieldFact, RDATA_FIELDS, TLSA_MATCHING_TYPES, TLSA_SELECTORS, TLSA_USAGES, type NamedNumberFact } from '../facts/rdataFields';
import { RECORD_TYPES, typeCodeOf, typeNameOf } from '../facts/recordTypes';
import { MAIL_RECORD_SETS } from '../facts/snippets';
import { isSubdomain, parseName, relativize } from '../zone/names';
import { classOf } from '../zone/parser';
import type { ParsedZone } from '../zone/types';
import { cursorContext, lineStartOf, type CursorContext, type CursorToken } from './completion/cursorContext';
import { mailTextItems, txtStarters, type EditTarget, type ItemBuilder } from './completion/mailText';
import { recordSetSnippet } from './completion/recordSets';
import { originAt, recordBefore, zoneMailFacts } from './completion/zoneContext';

export { dashedDomain, recordSetSnippet } from './completion/recordSets';

const KIND = {
  directive: 14 satisfies CompletionItemKind, // Keyword
  owner: 18 satisfies CompletionItemKind, // Reference
  type: 7 satisfies CompletionItemKind, // Class
  recordClass: 14 satisfies CompletionItemKind, // Keyword
  value: 20 satisfies CompletionItemKind, // EnumMember
  snippet: 15 satisfies CompletionItemKind, // Snippet
} as const;
const DEPRECATED = 1 satisfies CompletionItemTag;
const SNIPPET_FORMAT = 2;
/** Multi-line snippets go in as written, not re-indented to the cursor's line. */
const AS_IS = 1;

/** Types listed first: what zone files mostly hold. */
const COMMON_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SOA', 'SRV', 'CAA', 'TLSA', 'PTR', 'HTTPS', 'SVCB', 'DS', 'DNSKEY'];

const DIRECTIVES: { label: string; snippet: string; summary: string }[] = [
  { label: '$ORIGIN', snippet: '\\$ORIGIN ${1:{{origin}}}', summary: 'Sets the domain that relative names below it are completed with.' },
  { label: '$TTL', snippet: '\\$TTL ${1:3600}', summary: 'Sets the TTL of the records below it that give none (RFC 2308 §4).' },
  { label: '$INCLUDE', snippet: '\\$INCLUDE ${1:file} ${2:{{origin}}}', summary: 'Reads another file here, optionally with its own origin; the origin after it is unchanged.' },
  {
    label: '$GENERATE',
    snippet: '\\$GENERATE ${1:1-10} ${2:host-\\$} ${3:A} ${4:192.0.2.\\$}',
    summary: 'BIND extension: one record for each number in the range, `$` in owner and data standing for the number.',
  },
];

/** Zero-based line and character of `offset`, counting lines with indexOf (no line table for one request). */
function positionAt(text: string, offset: number): Position {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, character: offset - lineStartOf(text, offset) };
}

function makeBuilder(text: string, offset: number): ItemBuilder {
  const cursor = positionAt(text, offset);
  const lineStart = offset - cursor.character;
  return ({ newText, ...item }, target: EditTarget) => {
    const start = target.start >= lineStart ? { line: cursor.line, character: target.start - lineStart } : positionAt(text, target.start);
    const out: CompletionItem = { ...item, textEdit: { range: { start, end: cursor }, newText } };
    for (const key of Object.keys(out) as (keyof CompletionItem)[]) if (out[key] === undefined) delete out[key];
    return out;
  };
}

function markdown(...parts: (string | undefined)[]): CompletionItem['documentation'] {
  return { kind: 'markdown', value: parts.filter(Boolean).join('\n\n') };
}

/** Owner names at the start of a line: the apex, mail's underscore names and DANE names of the zone's MX hosts. */
function ownerItems(parsed: ParsedZone, origin: string, target: EditTarget, build: ItemBuilder): CompletionItem[] {
  const { mxTargets } = zoneMailFacts(parsed);
  const out: CompletionItem[] = [];
  const add = (label: string, detail: string, newText = label, snippet = false) =>
    out.push(build({ label, kind: KIND.owner, detail, sortText: `1${String(out.length).padStart(3, '0')}`, insertTextFormat: snippet ? SNIPPET_FORMAT : undefined, newText }, target));
  add('@', `The origin, ${origin}`);
  add('_dmarc', 'DMARC policy (TXT v=DMARC1)');
  add('<selector>._domainkey', 'DKIM key of a selector (TXT v=DKIM1, or a CNAME to the provider)', '${1:selector}._domainkey', true);
  if (mxTargets.some((t) => t.endsWith('.mail.protection.outlook.com.') || t.endsWith('.mx.microsoft.'))) {
    add('selector1._domainkey', 'Microsoft 365 DKIM: CNAME to selector1-<domain>._domainkey.<tenant>.onmicrosoft.com.');
    add('selector2._domainkey', 'Microsoft 365 DKIM: CNAME to selector2-<domain>._domainkey.<tenant>.onmicrosoft.com.');
  }
  if (mxTargets.some((t) => t.endsWith('.google.com.') || t.endsWith('.googlemail.com.'))) {
    add('google._domainkey', 'Google Workspace DKIM key (TXT from the Admin console)');
  }
  for (const mx of mxTargets) {
    // A TLSA name for an MX host outside this zone would be out-of-zone data here.
    if (!isSubdomain(mx, origin)) continue;
    const name = `_25._tcp.${mx === origin ? '@' : relativize(mx, origin)}`.replace(/\.@$/, '');
    add(name, `DANE TLSA for mail to ${mx} (RFC 7672)`);
  }
  add('_mta-sts', 'MTA-STS policy announcement (TXT v=STSv1; id=...)');
  add('_smtp._tls', 'TLS-RPT report address (TXT v=TLSRPTv1; rua=...)');
  return out;
}

function lineStartItems(parsed: ParsedZone, text: string, offset: number, ctx: CursorContext, build: ItemBuilder): CompletionItem[] {
  const origin = originAt(parsed, offset);
  const target = { start: ctx.current?.start ?? offset };
  const out: CompletionItem[] = DIRECTIVES.map((d, i) =>
    build(
      {
        label: d.label,
        kind: KIND.directive,
        documentation: markdown(d.summary),
        sortText: `0${i}`,
        insertTextFormat: SNIPPET_FORMAT,
        newText: d.snippet.replace(/\{\{origin\}\}/g, origin.replace(/[$}\\]/g, '\\$&')),
      },
      target,
    ),
  );
  out.push(...ownerItems(parsed, origin, target, build));
  // A set of records is offered only where it does not run into text already on the line.
  const lf = text.indexOf('\n', offset);
  if (/^\s*$/.test(text.slice(offset, lf < 0 ? text.length : lf))) {
    MAIL_RECORD_SETS.forEach((set, i) =>
      out.push(
        build(
          { label: set.label, kind: KIND.snippet, detail: set.detail, documentation: markdown(set.documentation), sortText: `2${i}`, insertTextFormat: SNIPPET_FORMAT, insertTextMode: AS_IS, newText: recordSetSnippet(set, origin) },
          target,
        ),
      ),
    );
  }
  return out;
}

function typeItems(withClass: boolean, target: EditTarget, build: ItemBuilder): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const t of RECORD_TYPES) {
    // OPT and the transaction types exist only in messages; the parser rejects them in zones.
    if (t.code === 41 || (t.code >= 128 && t.code <= 255) || t.code === 10) continue;
    const common = COMMON_TYPES.indexOf(t.name);
    const sort = t.obsolete ? `9${t.name}` : common >= 0 ? `0${String(common).padStart(2, '0')}` : `1${t.name}`;
    out.push(build({ label: t.name, kind: KIND.type, detail: t.summary, documentation: markdown(t.summary, t.rfc), sortText: sort, tags: t.obsolete ? [DEPRECATED] : undefined, newText: t.name }, target));
  }
  if (withClass) out.push(build({ label: 'IN', kind: KIND.recordClass, detail: 'Internet class', documentation: markdown('The class of every zone on the Internet; records without a class take the previous one.'), sortText: '05', newText: 'IN' }, target));
  return out;
}

/** TLSA usage, selector and matching type: numbers, as BIND reads them, labelled with RFC 7218 names. */
function namedNumberItems(facts: readonly NamedNumberFact[], typed: string, preferred: number[], note: (f: NamedNumberFact) => string | undefined, target: EditTarget, build: ItemBuilder): CompletionItem[] {
  // Someone typing the acronym finds the item by it, and gets the number in its place.
  const byName = /^[a-z]/i.test(typed);
  return facts.map((f) => {
    const rank = preferred.indexOf(f.value);
    return build(
      {
        label: String(f.value),
        labelDetails: { description: f.name },
        kind: KIND.value,
        detail: f.name,
        documentation: markdown(note(f), `**${f.value} ${f.name}**: ${f.summary}`),
        sortText: `${rank >= 0 ? rank : 9}${f.value}`,
        filterText: byName ? f.name : String(f.value),
        newText: String(f.value),
      },
      target,
    );
  });
}

function rdataItems(type: string, owner: string, origin: string, rdata: CursorToken[], ctx: CursorContext, offset: number, build: ItemBuilder): CompletionItem[] {
  const current = ctx.current;
  if (type === 'TXT') {
    if (current?.quoted && current.open) {
      const joined = rdata.map((t) => t.text).join('') + current.text;
      return mailTextItems(joined, offset, current.start + 1, owner, origin, rdata.length === 0, build);
    }
    if (rdata.length === 0 && !current?.quoted) return txtStarters(owner, origin, false, { start: current?.start ?? offset }, build);
    return [];
  }
  if (current?.quoted) return [];
  const index = rdata.length;
  const target = { start: current?.start ?? offset };
  const typed = current?.text ?? '';
  if (type === 'TLSA' || type === 'SMIMEA') {
    const smtp = type === 'TLSA' && owner.toLowerCase().startsWith('_25._tcp.');
    if (index === 0) {
      const unusable = (f: NamedNumberFact) => (smtp && f.value < 2 ? 'Unusable for SMTP: senders skip DANE for it (RFC 7672 §3.1.3).' : undefined);
      return namedNumberItems(TLSA_USAGES, typed, smtp ? [3, 2] : [], unusable, target, build);
    }
    if (index === 1) return namedNumberItems(TLSA_SELECTORS, typed, smtp ? [1] : [], () => undefined, target, build);
    if (index === 2) return namedNumberItems(TLSA_MATCHING_TYPES, typed, smtp ? [1] : [], () => undefined, target, build);
    return [];
  }
  const field = RDATA_FIELDS[type]?.[index];
  const values = field && fieldFact(type, field.name)?.values;
  if (!field || !values) return [];
  return values.map((v, i) =>
    build({ label: v.value, kind: KIND.value, detail: field.label, documentation: markdown(v.summary), sortText: String(i).padStart(2, '0'), newText: v.value }, target),
  );
}

/**
 * Completion items at `offset` of the edited file (file 0 of `parsed`), whose text is `text`.
 * Reads only the entry at the cursor and, for owner names, facts gathered once per parse.
 */
export function completions(parsed: ParsedZone, text: string, offset: number): CompletionItem[] {
  offset = Math.max(0, Math.min(offset, text.length));
  const ctx = cursorContext(text, offset);
  if (ctx.inComment) return [];
  const build = makeBuilder(text, offset);
  const tokens = ctx.tokens;

  if (!ctx.indented) {
    if (tokens.length === 0) return ctx.current?.quoted ? [] : lineStartItems(parsed, text, offset, ctx, build);
    // Directive arguments are files, names and ranges: nothing to offer.
    if (tokens[0].text.startsWith('$') && !tokens[0].quoted) return [];
  }

  const origin = originAt(parsed, offset);
  let i = ctx.indented ? 0 : 1;
  let hasTtl = false;
  let hasClass = false;
  let type: string | undefined;
  for (; i < tokens.length && !type; i++) {
    const t = tokens[i];
    if (t.quoted) return [];
    if (!hasTtl && /^[0-9]/.test(t.text)) hasTtl = true;
    else if (!hasClass && classOf(t.text) !== undefined) hasClass = true;
    else {
      const code = typeCodeOf(t.text);
      if (code === undefined) return [];
      type = typeNameOf(code);
    }
  }
  if (!type) {
    const current = ctx.current;
    // A TTL is the user's to choose; a quoted string cannot be a type.
    if (current && (current.quoted || /^[0-9]/.test(current.text))) return [];
    return typeItems(!hasClass, { start: current?.start ?? offset }, build);
  }
  const owner = ctx.indented ? (recordBefore(parsed, ctx.entryStart)?.owner ?? origin) : parseName(tokens[0].text, origin).name;
  return rdataItems(type, owner, origin, tokens.slice(i), ctx, offset, build);
}
