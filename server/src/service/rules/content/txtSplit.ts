// Where the strings of a mail record meet (T04) and how its first string starts (T05).
// Receivers join the strings of a TXT record with nothing between them (RFC 7208 §3.3,
// RFC 7489 §6.4), so a missing space or ';' at a boundary glues two terms together.
import { TokenKind, type Token } from '../../zone/types';
import { contentEnd, contentRecords, contentStart, defineRule, joinedText, MAIL_RECORD_NAMES, mailKindOfText, shorten, TextTraits, textStringsOf } from './contentRecords';

const SPF_TERM_START = /^[+\-~?]?(?:all(?=$|\s)|include:|a(?=$|[\s:/])|mx(?=$|[\s:/])|ptr(?=$|[\s:])|ip4:|ip6:|exists:)|^(?:redirect|exp)=/i;
const DMARC_TAG_START = /^(?:p|sp|rua|ruf|adkim|aspf|pct|fo|rf|ri|np|t|psd)\s*=/i;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function lastWord(s: string): string {
  const m = /\S*$/.exec(s);
  return m ? m[0] : '';
}

function firstWord(s: string): string {
  const m = /^\S*/.exec(s);
  return m ? m[0] : '';
}

/** Where a quick fix can add the separator: inside a quoted string next to the boundary. */
function insertionPoint(left: Token, right: Token): number | undefined {
  if (right.kind === TokenKind.Quoted) return contentStart(right);
  if (left.kind === TokenKind.Quoted) return contentEnd(left);
  return undefined;
}

export const txtSplitInsideTerm = defineRule(
  { id: 'txt-split-inside-term', severity: 'error', title: 'String boundary glues two terms of a mail record', source: 'RFC 7208 §3.3, RFC 7489 §6.4' },
  (zone, report) => {
    const { texts, textTraits } = contentRecords(zone);
    for (let n = 0; n < texts.length; n++) {
      if (!(textTraits[n] & TextTraits.MaySplitTerm)) continue;
      const record = texts[n];
      const tokens = record.rdata;
      if (tokens.length < 2 || record.generated) continue;
      const first = tokens[0].text.charCodeAt(0);
      if (first !== 0x76 && first !== 0x56) continue;
      // All-unquoted records are txt-unquoted-spaces' to report.
      let anyQuoted = false;
      for (const t of tokens) if (t.kind === TokenKind.Quoted) { anyQuoted = true; break; }
      if (!anyQuoted) continue;
      const strings = textStringsOf(record, tokens, textTraits[n]);
      const head = joinedText(strings).slice(0, 8).toLowerCase();
      const spf = head.startsWith('v=spf1');
      if (!spf && !head.startsWith('v=dmarc1')) continue;
      for (let i = 0; i + 1 < strings.length; i++) {
        const left = strings[i].value;
        const right = strings[i + 1].value;
        if (left.length === 0 || right.length === 0) continue;
        const end = left.charCodeAt(left.length - 1);
        if (isBlank(end) || (!spf && end === 0x3b)) continue;
        if (!(spf ? SPF_TERM_START : DMARC_TAG_START).test(right)) continue;
        const leftToken = strings[i].token;
        const rightToken = strings[i + 1].token;
        const separator = spf ? ' ' : '; ';
        const glued = lastWord(left) + firstWord(right);
        const consequence = spf
          ? /^v=spf1$/i.test(lastWord(left))
            ? "receivers no longer find 'v=spf1' and treat the domain as having no SPF record"
            : 'receivers meet a term they cannot parse and SPF fails with permerror, so mail can be rejected'
          : 'receivers read a tag value they do not know, and may ignore the whole policy';
        const at = insertionPoint(leftToken, rightToken);
        report(
          'txt-split-inside-term',
          { file: record.file, start: contentEnd(leftToken) - 1, end: contentStart(rightToken) + 1 },
          `The strings of this ${spf ? 'SPF' : 'DMARC'} record are joined with nothing between them, so '${shorten(lastWord(left), 30)}' and '${shorten(firstWord(right), 30)}' become '${shorten(glued, 50)}': ${consequence}. Add ${spf ? 'a space' : "'; '"} at the end of the first string or the start of the next.`,
          at === undefined ? undefined : { insert: separator, at },
        );
      }
    }
  },
);

export const txtLeadingSpace = defineRule(
  { id: 'txt-leading-space', severity: 'error', title: 'Whitespace before the version tag of a mail record', source: 'RFC 7208 §4.5, RFC 7489 §6.4, RFC 8461 §3.1, RFC 8460 §3' },
  (zone, report) => {
    const { texts, textTraits } = contentRecords(zone);
    for (let n = 0; n < texts.length; n++) {
      if (!(textTraits[n] & TextTraits.LeadingBlank)) continue;
      const record = texts[n];
      const tokens = record.rdata;
      const token = tokens[0];
      if (!token || token.kind !== TokenKind.Quoted || record.generated) continue;
      const c = token.text.charCodeAt(0);
      if (!isBlank(c)) continue;
      const value = textStringsOf(record, tokens, textTraits[n])[0].value;
      const kind = mailKindOfText(value.replace(/^[ \t]+/, ''));
      // DKIM's tag-list allows folding whitespace before a tag (RFC 6376 §3.2).
      if (!kind || kind === 'dkim') continue;
      let blanks = 0;
      while (isBlank(token.text.charCodeAt(blanks))) blanks++;
      const start = contentStart(token);
      report(
        'txt-leading-space',
        { file: record.file, start, end: start + blanks },
        `This ${MAIL_RECORD_NAMES[kind]} record starts with whitespace: receivers look for a record that begins exactly with '${shorten(value.trimStart().split(/[\s;]/)[0])}' and skip this one, as if there were none. Remove the leading whitespace.`,
        { replacement: '', start, end: start + blanks },
      );
    }
  },
);
