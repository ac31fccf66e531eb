// Mail records written without quotes: spaces split them into strings (T02) and an unquoted
// ';' starts a comment that silently drops the rest of the value (T03).
import { TokenKind, type Token, type ZoneRecord } from '../../zone/types';
import type { ZoneIndex } from '../rule';
import { contentRecords, defineRule, joinedText, MAIL_RECORD_NAMES, mailKindOfOwner, mailKindOfText, shorten, TextTraits, textStringsOf } from './contentRecords';

const TAG_LIKE = /^\s*[A-Za-z][A-Za-z0-9_-]*\s*=/;

interface CutByComment {
  /** Span of the comment that holds the rest of the value, trailing blanks excluded. */
  commentStart: number;
  commentEnd: number;
  commentText: string;
}

/** The comment that swallowed the rest of an unquoted mail record, if there is one. */
function commentCuttingValue(zone: ZoneIndex, record: ZoneRecord, tokens: readonly Token[]): CutByComment | undefined {
  const last = tokens[tokens.length - 1];
  if (!last || last.kind !== TokenKind.Word || record.generated) return undefined;
  const text = zone.parsed.files[last.file]?.text;
  if (text === undefined) return undefined;
  let i = last.end;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  if (text.charCodeAt(i) !== 0x3b) return undefined;
  let end = i;
  while (end < text.length && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d) end++;
  while (end > i && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  const commentText = text.slice(i + 1, end);
  if (!TAG_LIKE.test(commentText)) return undefined;
  return { commentStart: i, commentEnd: end, commentText };
}

export const txtUnquotedSemicolon = defineRule(
  { id: 'txt-unquoted-semicolon', severity: 'error', title: "Unquoted mail record cut short by ';'", source: 'RFC 1035 §5.1' },
  (zone, report) => {
    const { texts, textTraits } = contentRecords(zone);
    for (let n = 0; n < texts.length; n++) {
      if (!(textTraits[n] & TextTraits.LastUnquoted)) continue;
      const record = texts[n];
      const tokens = record.rdata;
      const last = tokens[tokens.length - 1];
      if (!last || last.kind !== TokenKind.Word) continue;
      const strings = textStringsOf(record, tokens, textTraits[n]);
      const kind = mailKindOfText(strings[0].value) ?? mailKindOfOwner(record.owner);
      if (!kind) continue;
      const cut = commentCuttingValue(zone, record, tokens);
      if (!cut) continue;
      const text = zone.parsed.files[record.file].text;
      const first = tokens[0];
      const kept = joinedText(strings);
      const written = text.slice(first.start, cut.commentEnd);
      // Only offer the fix when quoting the written text keeps its meaning.
      const data = /["()\n\r]/.test(written) ? undefined : { replacement: '"' + written + '"', start: first.start, end: cut.commentEnd };
      report(
        'txt-unquoted-semicolon',
        { file: record.file, start: cut.commentStart, end: cut.commentEnd },
        `Outside quotes ';' starts a comment, so this ${MAIL_RECORD_NAMES[kind]} record ends at '${shorten(kept)}' and '${shorten(cut.commentText.trim())}' is not published: receivers read only '${shorten(kept)}'. Put the whole value in double quotes: ${data ? shorten(data.replacement, 60) : '"..."'}.`,
        data,
      );
    }
  },
);

export const txtUnquotedSpaces = defineRule(
  { id: 'txt-unquoted-spaces', severity: 'error', title: 'Unquoted mail record with spaces', source: 'RFC 1035 §3.3, §5.1' },
  (zone, report) => {
    const { texts, textTraits } = contentRecords(zone);
    for (let n = 0; n < texts.length; n++) {
      const traits = textTraits[n];
      if (!(traits & TextTraits.UnquotedWords) || !(traits & TextTraits.MailStart)) continue;
      const record = texts[n];
      const tokens = record.rdata;
      if (tokens.length < 2 || record.generated) continue;
      let allWords = true;
      for (const t of tokens) if (t.kind !== TokenKind.Word) { allWords = false; break; }
      if (!allWords) continue;
      const strings = textStringsOf(record, tokens, traits);
      const kind = mailKindOfText(strings[0].value);
      if (!kind) continue;
      // The ';' fault explains this record better and its fix covers the spaces too.
      if (commentCuttingValue(zone, record, tokens)) continue;
      const replacement = '"' + tokens.map((t) => t.text).join(' ') + '"';
      report(
        'txt-unquoted-spaces',
        { file: record.file, start: tokens[0].start, end: tokens[tokens.length - 1].end },
        `This ${MAIL_RECORD_NAMES[kind]} value is not quoted, so the zone file splits it at each space into ${tokens.length} separate strings that are joined with no space: receivers read '${shorten(joinedText(strings), 50)}'. Put the whole value in double quotes.`,
        { replacement, start: tokens[0].start, end: tokens[tokens.length - 1].end },
      );
    }
  },
);
