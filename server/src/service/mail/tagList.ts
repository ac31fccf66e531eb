// Tag-value lists (RFC 6376 §3.2): the syntax DMARC, DKIM key records, MTA-STS and TLS-RPT
// share. `tag=value` pairs separated by ';', blanks around tags, '=' and values allowed,
// an empty last element allowed. Offsets are indexes into the joined TXT value.

export interface TagSpec {
  /** The tag name as written (case kept). */
  name: string;
  /** The value with surrounding blanks removed. */
  value: string;
  /** [start, end) of the whole element without surrounding blanks. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  /** [valueStart, valueEnd) of the trimmed value; equal when the value is empty. */
  valueStart: number;
  valueEnd: number;
  /** False when the element has no '=' (then name is the whole element and value is ''). */
  hasEquals: boolean;
}

export interface TagList {
  tags: TagSpec[];
  /** Elements that are empty apart from blanks, other than a last one after a final ';'. */
  emptyElements: { start: number; end: number }[];
}

/** Folding white space as the tag-list ABNF allows it (we accept CR and LF too, as joined text may hold them). */
function isFws(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

export function parseTagList(value: string): TagList {
  const tags: TagSpec[] = [];
  const emptyElements: { start: number; end: number }[] = [];
  let pos = 0;
  const n = value.length;
  while (pos <= n) {
    let end = value.indexOf(';', pos);
    if (end < 0) end = n;
    let s = pos;
    let e = end;
    while (s < e && isFws(value.charCodeAt(s))) s++;
    while (e > s && isFws(value.charCodeAt(e - 1))) e--;
    if (s === e) {
      // A trailing ';' leaves an empty last element, which the ABNF allows.
      if (end < n) emptyElements.push({ start: pos, end });
    } else {
      const eq = value.indexOf('=', s);
      if (eq < 0 || eq >= e) {
        tags.push({ name: value.slice(s, e), value: '', start: s, end: e, nameStart: s, nameEnd: e, valueStart: e, valueEnd: e, hasEquals: false });
      } else {
        let ne = eq;
        while (ne > s && isFws(value.charCodeAt(ne - 1))) ne--;
        let vs = eq + 1;
        while (vs < e && isFws(value.charCodeAt(vs))) vs++;
        tags.push({ name: value.slice(s, ne), value: value.slice(vs, e), start: s, end: e, nameStart: s, nameEnd: ne, valueStart: vs, valueEnd: e, hasEquals: true });
      }
    }
    if (end >= n) break;
    pos = end + 1;
  }
  return { tags, emptyElements };
}
