// Turns a record set from facts/snippets.ts into the snippet text for one zone.
import type { RecordSetSnippet } from '../../facts/snippets';

/** Escapes text for use inside an LSP snippet, where $, } and \ are special. */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** The origin without its final dot ('' for the root). */
export function domainOf(origin: string): string {
  return origin === '.' ? '' : origin.replace(/\.$/, '');
}

/**
 * The label Microsoft 365 puts before mail.protection.outlook.com and in DKIM targets:
 * example.com. becomes example-com.
 */
export function dashedDomain(origin: string): string {
  return domainOf(origin).replace(/\./g, '-');
}

/** Snippet text of a record set, owners padded to one column, for a zone at `origin`. */
export function recordSetSnippet(set: RecordSetSnippet, origin: string): string {
  const domain = domainOf(origin);
  // A root or empty origin leaves nothing to compute from; the placeholder text then says what goes there.
  const dashed = domain ? escapeSnippet(dashedDomain(origin)) : 'domain-com';
  const mailDomain = domain ? escapeSnippet(domain) : 'example.com';
  const ownerWidth = Math.max(...set.records.map((r) => r.owner.length));
  const typeWidth = Math.max(...set.records.map((r) => r.type.length));
  return set.records
    .map((r) => {
      const rdata = r.rdata.replace(/\{\{dashed\}\}/g, dashed).replace(/\{\{domain\}\}/g, mailDomain);
      return `${escapeSnippet(r.owner).padEnd(ownerWidth)} IN ${r.type.padEnd(typeWidth)} ${rdata}`;
    })
    .join('\n');
}
