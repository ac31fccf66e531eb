// Puts named-compilezone's record lists and zonelint's canonical records into one comparable
// form, so that a difference left over is a difference in what was parsed.
//
// What named-compilezone does that zonelint's canonical form does not (and the normaliser
// undoes):
// - it sorts records by name (and within an RRset by wire form); zonelint keeps file order.
//   Both sides are sorted after normalising.
// - it splits hex and base64 fields into chunks of 56 characters separated by one space
//   (DNSKEY, RRSIG, DS, TLSA, SSHFP, CERT, ZONEMD, OPENPGPKEY, DHCID, `\# len hex` ...).
//   The normaliser compares the fixed leading fields of these types one by one and the
//   remaining blob with the spaces removed.
// - it pads columns with tabs and spaces: whitespace outside quoted strings is collapsed.
// - it writes `; resign=...` comments after RRSIGs: comment lines are dropped.
// - BIND 9.18 prints the SVCB dohpath parameter as key7 (it reads `dohpath=`); mapped back.
// - owner names and names in RDATA keep the case written; names compare case-insensitively,
//   so everything outside quoted strings and base64 blobs is lower-cased.
// - optionally (harmoniseTtls), an RRset takes the TTL of its first record, as BIND does
//   ("TTL set to prior TTL"), and identical records collapse into one.

/** Number of fields before the hex or base64 blob, for types BIND prints chunked. */
const BLOB_AFTER: Record<string, number> = {
  DNSKEY: 3,
  CDNSKEY: 3,
  KEY: 3,
  RKEY: 3,
  RRSIG: 8,
  SIG: 8,
  DS: 3,
  CDS: 3,
  DLV: 3,
  TA: 3,
  TLSA: 3,
  SMIMEA: 3,
  SSHFP: 2,
  CERT: 3,
  ZONEMD: 3,
  OPENPGPKEY: 0,
  DHCID: 0,
  IPSECKEY: 4,
};

/** Types whose blob is base64 (case matters); the others are hex. */
const BASE64_BLOB = new Set(['DNSKEY', 'CDNSKEY', 'KEY', 'RKEY', 'RRSIG', 'SIG', 'CERT', 'OPENPGPKEY', 'DHCID', 'IPSECKEY']);

/** Split presentation text into tokens: quoted strings (quotes kept, escapes intact) and words. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    let j = i;
    if (c === '"') {
      j++;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      j = Math.min(j + 1, text.length);
    } else {
      // A word, which may run into a quoted part (SVCB: alpn="h2,h3").
      while (j < text.length && !/\s/.test(text[j])) {
        if (text[j] === '\\') j += 2;
        else if (text[j] === '"') {
          j++;
          while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
          j++;
        } else j++;
      }
      j = Math.min(j, text.length);
    }
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/** Lower-case the parts of a token that are outside quotes. */
function lowerOutsideQuotes(token: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c === '\\' && i + 1 < token.length) {
      out += quoted ? c + token[i + 1] : (c + token[i + 1]).toLowerCase();
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      out += c;
    } else out += quoted ? c : c.toLowerCase();
  }
  return out;
}

export interface ParsedLine {
  owner: string;
  ttl: string;
  class: string;
  type: string;
  rdata: string[];
}

/** Parse one `owner TTL class type rdata` line (either tool's). Returns undefined for blank and comment lines. */
export function parseLine(line: string): ParsedLine | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith(';')) return undefined;
  const t = tokenize(trimmed);
  return { owner: t[0] ?? '', ttl: t[1] ?? '', class: (t[2] ?? '').toUpperCase(), type: (t[3] ?? '').toUpperCase(), rdata: t.slice(4) };
}

/** The normalised text of one record. */
export function normaliseRecord(p: ParsedLine): string {
  const type = p.type;
  let rdata = p.rdata.slice();
  const generic = rdata[0] === '\\#';
  if (generic) {
    // `\# len hex...`: BIND chunks the hex.
    rdata = [rdata[0], rdata[1] ?? '', rdata.slice(2).join('').toLowerCase()].filter((x, i) => i < 2 || x !== '');
  } else if (type in BLOB_AFTER && BLOB_AFTER[type] >= 0) {
    const n = BLOB_AFTER[type];
    const head = rdata.slice(0, n).map(lowerOutsideQuotes);
    const blob = rdata.slice(n).join('');
    rdata = [...head, ...(blob === '' ? [] : [BASE64_BLOB.has(type) ? blob : blob.toLowerCase()])];
  } else if (type === 'SVCB' || type === 'HTTPS') {
    rdata = rdata.map((tok) => {
      const m = /^(key7|dohpath)=(.*)$/i.exec(tok);
      if (m) return 'dohpath=' + (m[2].startsWith('"') ? m[2] : `"${m[2]}"`);
      if (/^ech=/i.test(tok)) return 'ech=' + tok.slice(4).replace(/^"|"$/g, '');
      return lowerOutsideQuotes(tok);
    });
  } else {
    rdata = rdata.map(lowerOutsideQuotes);
  }
  return [lowerOutsideQuotes(p.owner), p.ttl, p.class, type, ...rdata].join(' ');
}

export interface NormaliseOptions {
  /** Give every RRset the TTL of its first record and drop identical records, as BIND does when loading. */
  harmoniseTtls?: boolean;
}

/** Normalise a whole record list (file order for ours, any order for BIND's) into sorted lines. */
export function normaliseList(lines: readonly string[], options: NormaliseOptions = {}): string[] {
  const parsed = lines.map(parseLine).filter((p): p is ParsedLine => p !== undefined);
  if (options.harmoniseTtls) {
    const first = new Map<string, string>();
    for (const p of parsed) {
      // An RRSIG belongs to the RRset of signatures over its covered type.
      const key = `${lowerOutsideQuotes(p.owner)} ${p.class} ${p.type}${p.type === 'RRSIG' ? ' ' + (p.rdata[0] ?? '').toUpperCase() : ''}`;
      const ttl = first.get(key);
      if (ttl === undefined) first.set(key, p.ttl);
      else p.ttl = ttl;
    }
  }
  const out = parsed.map(normaliseRecord);
  const result = options.harmoniseTtls ? [...new Set(out)] : out;
  return result.sort();
}

/** Lines only on one side (as multisets), for failure messages. */
export function diffLists(bind: readonly string[], ours: readonly string[]): { onlyBind: string[]; onlyOurs: string[] } {
  const count = new Map<string, number>();
  for (const l of ours) count.set(l, (count.get(l) ?? 0) + 1);
  const onlyBind: string[] = [];
  for (const l of bind) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else onlyBind.push(l);
  }
  const left = new Map<string, number>();
  for (const l of bind) left.set(l, (left.get(l) ?? 0) + 1);
  const onlyOurs: string[] = [];
  for (const l of ours) {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    else onlyOurs.push(l);
  }
  return { onlyBind, onlyOurs };
}

export function formatDiff(d: { onlyBind: string[]; onlyOurs: string[] }, limit = 40): string {
  const lines = [
    ...d.onlyBind.slice(0, limit).map((l) => `  BIND only: ${l}`),
    ...(d.onlyBind.length > limit ? [`  ... ${d.onlyBind.length - limit} more BIND-only lines`] : []),
    ...d.onlyOurs.slice(0, limit).map((l) => `  ours only: ${l}`),
    ...(d.onlyOurs.length > limit ? [`  ... ${d.onlyOurs.length - limit} more lines only in ours`] : []),
  ];
  return lines.join('\n');
}
