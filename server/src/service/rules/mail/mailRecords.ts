// The TXT (and type-99 SPF) records the mail rules read, found in one pass over the content
// records and shared by every mail rule of the same lint. A record is here when its text starts
// with a mail version tag (v=spf1, v=DMARC1, v=DKIM1, v=STSv1, v=TLSRPTv1, v=BIMI1, or a DKIM key's
// k=) or when its owner is a mail name (_dmarc, *._domainkey, _mta-sts, _smtp._tls, _bimi), so
// that a record with a broken version tag at the right name is still checked.
//
// A zone of a million records holds a hundred thousand of these: each entry keeps the record,
// two short strings and two small numbers, and builds the map of its value to the file only
// when a rule asks for it. A value written as one plain string is read from the span the
// content pass kept, without reading the record's tokens again.
import { joinTxt, type JoinedTxt } from '../../mail/joinedText';
import { TokenKind, type Token, type ZoneRecord } from '../../zone/types';
import { perLint } from '../rule';
import { contentRecords, joinedText, mailKindOfOwner, mailKindOfText, TextForm, TextTraits, textStringsOf, type MailRecordKind } from '../content/contentRecords';

export interface MailRecord {
  record: ZoneRecord;
  /** Owner, absolute, lower case, without the final dot. */
  owner: string;
  /** The protocol the text's version tag names, if any. */
  kind: MailRecordKind | undefined;
  /** The protocol the owner name serves, if any. */
  ownerKind: MailRecordKind | undefined;
  /** The record's strings decoded and joined with nothing between them. */
  value: string;
  /** The joined value with its map back to the file (built on first use). */
  joined(): JoinedTxt;
  /** True for a record of type SPF (99) rather than TXT. */
  spfType: boolean;
}

export interface MailRecords {
  /** Every mail record, in file order. */
  all: MailRecord[];
  /** The records whose text names `kind`, in file order. */
  ofKind(kind: MailRecordKind): MailRecord[];
  /** The mail records at `name` (absolute, any case, with or without the final dot). */
  at(name: string): MailRecord[];
}

const KINDS: readonly (MailRecordKind | undefined)[] = [undefined, 'spf', 'dmarc', 'dkim', 'mta-sts', 'tls-rpt', 'bimi'];

function kindBits(kind: MailRecordKind | undefined): number {
  return kind === undefined ? 0 : KINDS.indexOf(kind);
}

const enum Bits {
  OwnerKindShift = 3,
  Kind = 7,
  SpfType = 64,
  /** The value is written as one quoted string. */
  Quoted = 128,
}

/**
 * An entry of the pass: the two kinds and the flags in one number, and the map of its value
 * made when first asked for, by a method all entries share.
 */
class MailEntry implements MailRecord {
  private map: JoinedTxt | undefined = undefined;

  constructor(
    readonly record: ZoneRecord,
    readonly owner: string,
    readonly value: string,
    private readonly bits: number,
    /** For a value written as one plain string: the file offset of its first character; -1 otherwise. */
    readonly valueStart: number,
  ) {}

  get kind(): MailRecordKind | undefined {
    return KINDS[this.bits & Bits.Kind];
  }

  get ownerKind(): MailRecordKind | undefined {
    return KINDS[(this.bits >> Bits.OwnerKindShift) & Bits.Kind];
  }

  get spfType(): boolean {
    return (this.bits & Bits.SpfType) !== 0;
  }

  get quoted(): boolean {
    return (this.bits & Bits.Quoted) !== 0;
  }

  joined(): JoinedTxt {
    return (this.map ??= joinTxt(this.record));
  }
}

/**
 * The string of a mail record written as one string without escapes, as the scanner reads it
 * (the value is its text), made from what the pass kept; undefined for other records.
 */
export function plainString(mail: MailRecord): Token | undefined {
  if (!(mail instanceof MailEntry) || mail.valueStart < 0) return undefined;
  const quote = mail.quoted ? 1 : 0;
  return { kind: mail.quoted ? TokenKind.Quoted : TokenKind.Word, text: mail.value, start: mail.valueStart - quote, end: mail.valueStart + mail.value.length + quote, file: mail.record.file };
}

/** The file offset of the first character of a record's value written as one plain string; -1 for other records. */
export function plainValueStart(mail: MailRecord): number {
  return mail instanceof MailEntry ? mail.valueStart : -1;
}


/** Lower case, without the final dot: the form mail rules compare names in. */
export function mailName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') && lower.length > 1 ? lower.slice(0, -1) : lower;
}

export const mailRecords = perLint((zone): MailRecords => {
  const content = contentRecords(zone);
  const all: MailRecord[] = [];
  const byKind = new Map<MailRecordKind, MailRecord[]>();
  // Keys of many strings are joined into one string each, and zones that sign many domains with
  // one key repeat the same text: such values are kept once.
  const joinedValues = new Map<string, string>();
  const { texts, textTraits, textRdataStarts, textRdataEnds, textForms } = content;
  // Records of several strings written the same as the one before (a key that signs many
  // domains) have its value: the strings are not read again.
  let lastRaw: string | undefined;
  let lastFile = -1;
  let lastValue = '';
  const files = zone.parsed.files;
  for (let i = 0; i < texts.length; i++) {
    const traits = textTraits[i];
    const record = texts[i];
    const rawOwner = record.owner;
    // Only names with an underscore serve a mail protocol by their name.
    const ownerKind = rawOwner.includes('_') ? mailKindOfOwner(rawOwner) : undefined;
    if (!(traits & (TextTraits.MailStart | TextTraits.Complex)) && ownerKind === undefined) continue;
    let value: string;
    let valueStart = -1;
    let bits = (traits & TextTraits.Spf) !== 0 ? Bits.SpfType : 0;
    const start = textRdataStarts[i];
    const end = textRdataEnds[i];
    if (textForms[i] & TextForm.SinglePlain) {
      // One plain string: its text as written is its value, read without reading the record's tokens again.
      const text = files[record.file].text;
      if (text.charCodeAt(start) === 0x22) {
        valueStart = start + 1;
        value = text.slice(valueStart, end - 1);
        bits |= Bits.Quoted;
      } else {
        valueStart = start;
        value = text.slice(start, end);
      }
    } else {
      const raw = start >= 0 ? files[record.file].text.slice(start, end) : undefined;
      if (raw !== undefined && raw === lastRaw && record.file === lastFile) value = lastValue;
      else {
        const strings = textStringsOf(record, record.rdata, traits);
        value = joinedText(strings);
        if (strings.length > 1) {
          const known = joinedValues.get(value);
          if (known === undefined) joinedValues.set(value, value);
          else value = known;
        }
        lastRaw = raw;
        lastFile = record.file;
        lastValue = value;
      }
    }
    const kind = mailKindOfText(value);
    if (kind === undefined && ownerKind === undefined) continue;
    bits |= kindBits(kind) | (kindBits(ownerKind) << Bits.OwnerKindShift);
    const entry = new MailEntry(record, mailName(rawOwner), value, bits, valueStart);
    all.push(entry);
    if (kind) {
      const list = byKind.get(kind);
      if (list) list.push(entry);
      else byKind.set(kind, [entry]);
    }
  }
  // By owner, made when first asked for: few zones need it. Most names hold one mail record:
  // the entry itself stands for the list.
  let byOwner: Map<string, MailRecord | MailRecord[]> | undefined;
  const owners = (): Map<string, MailRecord | MailRecord[]> => {
    if (byOwner) return byOwner;
    byOwner = new Map();
    for (const entry of all) {
      const held = byOwner.get(entry.owner);
      if (held === undefined) byOwner.set(entry.owner, entry);
      else if (Array.isArray(held)) held.push(entry);
      else byOwner.set(entry.owner, [held, entry]);
    }
    return byOwner;
  };
  const found: MailRecords = {
    all,
    ofKind: (kind) => byKind.get(kind) ?? [],
    at: (name) => {
      const held = owners().get(mailName(name));
      return held === undefined ? [] : Array.isArray(held) ? held : [held];
    },
  };
  return found;
});
