// Completion inside TXT strings: SPF terms after v=spf1, DMARC and DKIM tags and their values.
// It reads the record's strings joined up to the cursor, the way receivers join them, with a
// simple split on spaces and semicolons: enough to know which term or tag is being written.
import type { CompletionItem, CompletionItemKind, CompletionItemTag } from 'vscode-languageserver-types';
import { DKIM_TAGS, DMARC_TAGS, spfTerm, type MailTagFact } from '../../facts/mailTags';
import { domainOf, escapeSnippet } from './recordSets';

/** What the completion builder needs to place an item. */
export interface EditTarget {
  /** Offset where the replaced text starts; it ends at the cursor. */
  start: number;
}

export type ItemBuilder = (item: Omit<CompletionItem, 'textEdit'> & { newText: string }, target: EditTarget) => CompletionItem;

const KIND_VALUE = 12 satisfies CompletionItemKind; // Value
const KIND_PROPERTY = 10 satisfies CompletionItemKind; // Property
const KIND_KEYWORD = 14 satisfies CompletionItemKind; // Keyword
const KIND_SNIPPET = 15 satisfies CompletionItemKind; // Snippet
const DEPRECATED = 1 satisfies CompletionItemTag;
const SNIPPET_FORMAT = 2;

/** Asks the editor to complete again, so the values of a tag follow its name. */
const SUGGEST_AGAIN = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };

/** Tags RFC 9989 removed from DMARC: still offered, marked as such, for readers of old records. */
const DMARC_REMOVED = new Set(['pct', 'rf', 'ri']);

/** Tags whose value is a list joined with ':' (DMARC fo, DKIM h, s and t). */
const COLON_LISTS = new Set(['fo', 'h', 's', 't']);

export type MailProtocol = 'spf' | 'dmarc' | 'dkim' | 'mta-sts' | 'tls-rpt';

/** The protocol a TXT record at this owner serves by its name alone. */
export function protocolOfOwner(owner: string): MailProtocol | undefined {
  const o = owner.toLowerCase();
  if (o.startsWith('_dmarc.')) return 'dmarc';
  if (o.includes('._domainkey.')) return 'dkim';
  if (o.startsWith('_mta-sts.')) return 'mta-sts';
  if (o.startsWith('_smtp._tls.')) return 'tls-rpt';
  return undefined;
}

/** Opening text of a new record of each protocol, in snippet syntax. */
function starterSnippet(protocol: MailProtocol, origin: string): { label: string; snippet: string; detail: string } {
  const domain = escapeSnippet(domainOf(origin) || 'example.com');
  switch (protocol) {
    case 'dmarc':
      return { label: 'v=DMARC1; p=none; rua=mailto:…', snippet: `v=DMARC1; p=\${1|none,quarantine,reject|}; rua=mailto:\${2:dmarc-reports}@${domain}`, detail: 'DMARC policy with aggregate reports' };
    case 'dkim':
      return { label: 'v=DKIM1; k=rsa; p=…', snippet: 'v=DKIM1; k=${1|rsa,ed25519|}; p=${2}', detail: 'DKIM public key' };
    case 'mta-sts':
      return { label: 'v=STSv1; id=…', snippet: 'v=STSv1; id=${1:1}', detail: 'MTA-STS policy announcement: change id whenever the policy file changes' };
    case 'tls-rpt':
      return { label: 'v=TLSRPTv1; rua=mailto:…', snippet: `v=TLSRPTv1; rua=mailto:\${1:tls-reports}@${domain}`, detail: 'TLS reporting address' };
    case 'spf':
      return { label: 'v=spf1 … -all', snippet: 'v=spf1 ${1:mx} ${2|-all,~all|}', detail: 'SPF policy' };
  }
}

/** Items for the first string of a TXT record: the start of a record of the owner's protocol. */
export function txtStarters(owner: string, origin: string, quoted: boolean, target: EditTarget, build: ItemBuilder): CompletionItem[] {
  const protocol = protocolOfOwner(owner) ?? 'spf';
  const s = starterSnippet(protocol, origin);
  const newText = quoted ? s.snippet : `"${s.snippet}"`;
  return [build({ label: quoted ? s.label : `"${s.label}"`, kind: KIND_SNIPPET, detail: s.detail, insertTextFormat: SNIPPET_FORMAT, newText }, target)];
}

function doc(fact: MailTagFact | undefined, extra?: string): CompletionItem['documentation'] {
  const parts = [extra, fact?.summary, fact ? `[${fact.rfc.replace(/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc(\d+)(#section-)?/, (_m, n: string, s?: string) => `RFC ${n}${s ? ' §' : ''}`)}](${fact.rfc})` : undefined].filter(Boolean);
  return { kind: 'markdown', value: parts.join('\n\n') };
}

function spfItems(joined: string, cursor: number, build: ItemBuilder): CompletionItem[] {
  const term = /[^ ]*$/.exec(joined)![0];
  // A term with its argument begun (include:..., ip4:..., redirect=...) needs a domain or address, not a term name.
  if (/[:=/]/.test(term)) return [];
  const terms = joined.toLowerCase().split(' ').slice(1, -1);
  const hasAll = terms.some((t) => /^[-~?+]?all$/.test(t));
  const hasRedirect = terms.some((t) => t.startsWith('redirect='));
  const hasExp = terms.some((t) => t.startsWith('exp='));
  const target = { start: cursor - term.length };
  const out: CompletionItem[] = [];
  const add = (label: string, name: string, sort: string, extra?: string) =>
    out.push(build({ label, kind: label.endsWith('=') ? KIND_PROPERTY : KIND_KEYWORD, detail: spfTerm(name)?.lookups ? 'costs a DNS lookup (10 at most)' : undefined, documentation: doc(spfTerm(name), extra), sortText: sort, newText: label }, target));
  add('include:', 'include', '1');
  add('ip4:', 'ip4', '2');
  add('ip6:', 'ip6', '3');
  add('a', 'a', '4');
  add('mx', 'mx', '5');
  add('exists:', 'exists', '7');
  if (!hasAll && !hasRedirect) {
    add('-all', 'all', '6a', `**-all**: ${spfTerm('-')?.summary ?? ''}`);
    add('~all', 'all', '6b', `**~all**: ${spfTerm('~')?.summary ?? ''}`);
    add('redirect=', 'redirect', '8');
  }
  if (!hasExp) add('exp=', 'exp', '9');
  // ptr (RFC 7208 §5.5 SHOULD NOT) and +all (authorises every host) are deliberately not offered.
  return out;
}

/** Tag and value completion for the tag=value lists of DMARC and DKIM. */
function tagListItems(joined: string, cursor: number, facts: readonly MailTagFact[], caseSensitive: boolean, origin: string, build: ItemBuilder): CompletionItem[] {
  const semicolon = joined.lastIndexOf(';');
  const segment = joined.slice(semicolon + 1);
  const eq = segment.indexOf('=');
  const norm = (s: string) => (caseSensitive ? s : s.toLowerCase());
  if (eq >= 0) {
    const name = norm(segment.slice(0, eq).trim());
    const fact = facts.find((f) => norm(f.name) === name);
    const value = segment.slice(eq + 1);
    if (!fact || name === 'v') return [];
    if (name === 'rua' || name === 'ruf') {
      const uri = value.slice(value.lastIndexOf(',') + 1).trimStart();
      if (uri.includes(':')) return [];
      const snippet = `mailto:\${1:dmarc-reports}@${escapeSnippet(domainOf(origin) || 'example.com')}`;
      return [build({ label: 'mailto:', kind: KIND_VALUE, detail: 'report address', documentation: doc(fact), insertTextFormat: SNIPPET_FORMAT, newText: snippet }, { start: cursor - uri.length })];
    }
    if (!fact.values) return [];
    const current = COLON_LISTS.has(name) ? value.slice(value.lastIndexOf(':') + 1) : value.trimStart();
    const target = { start: cursor - current.length };
    return fact.values.map((v, i) =>
      build({ label: v.value, kind: KIND_VALUE, detail: `${fact.name}=${v.value}`, documentation: { kind: 'markdown', value: v.summary }, sortText: String(i).padStart(2, '0'), newText: v.value }, target),
    );
  }
  const present = new Set(
    joined
      .slice(0, semicolon + 1)
      .split(';')
      .map((s) => norm(s.split('=')[0].trim())),
  );
  const typed = segment.trimStart();
  // Right after ';' with no space the tag still gets one, as records are usually written.
  const lead = segment.length === 0 && joined.endsWith(';') ? ' ' : '';
  const target = { start: cursor - typed.length };
  const out: CompletionItem[] = [];
  facts.forEach((fact, i) => {
    if (fact.name === 'v' || present.has(norm(fact.name))) return;
    const removed = !caseSensitive && DMARC_REMOVED.has(fact.name);
    out.push(
      build(
        {
          label: `${fact.name}=`,
          kind: KIND_PROPERTY,
          documentation: doc(fact),
          sortText: (removed ? '9' : '0') + String(i).padStart(2, '0'),
          filterText: `${fact.name}=`,
          tags: removed ? [DEPRECATED] : undefined,
          command: fact.values || fact.name === 'rua' || fact.name === 'ruf' ? SUGGEST_AGAIN : undefined,
          newText: `${lead}${fact.name}=`,
        },
        target,
      ),
    );
  });
  return out;
}

/**
 * Items for a cursor inside a TXT string. `joined` is the record's text up to the cursor and
 * `stringStart` the offset where the current string's text begins.
 */
export function mailTextItems(joined: string, cursor: number, stringStart: number, owner: string, origin: string, first: boolean, build: ItemBuilder): CompletionItem[] {
  // An edit never reaches back into an earlier string: a term split across strings is replaced only in this one.
  const clamp: ItemBuilder = (item, target) => build(item, { start: Math.max(target.start, stringStart) });
  if (/^v=spf1 /i.test(joined)) return spfItems(joined, cursor, clamp);
  if (/^v=DMARC1\s*;/i.test(joined)) return tagListItems(joined, cursor, DMARC_TAGS, false, origin, clamp);
  const protocol = protocolOfOwner(owner);
  if (/^v=DKIM1\s*;/.test(joined) || (protocol === 'dkim' && /[;=]/.test(joined))) return tagListItems(joined, cursor, DKIM_TAGS, true, origin, clamp);
  // The version tag being written at the start of the first string: offer the whole opening.
  if (first && !/[ ;]/.test(joined)) return txtStarters(owner, origin, true, { start: stringStart }, clamp);
  return [];
}
