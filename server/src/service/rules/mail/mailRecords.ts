// The TXT (and type-99 SPF) records the mail rules read, found in one pass over the content
// records and shared by every mail rule of the same lint. A record is here when its text starts
// with a mail version tag (v=spf1, v=DMARC1, v=DKIM1, v=STSv1, v=TLSRPTv1, v=BIMI1, or a DKIM key's
// k=) or when its owner is a mail name (_dmarc, *._domainkey, _mta-sts, _smtp._tls, _bimi), so
// that a record with a broken version tag at the right name is still checked.
import { joinTxt, type JoinedTxt } from '../../mail/joinedText';
import type { ZoneRecord } from '../../zone/types';
import type { ZoneIndex } from '../rule';
import { contentRecords, joinedText, mailKindOfOwner, mailKindOfText, TextTraits, textStringsOf, type MailRecordKind } from '../content/contentRecords';

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

const gathered = new WeakMap<ZoneIndex, MailRecords>();

/** Lower case, without the final dot: the form mail rules compare names in. */
export function mailName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') && lower.length > 1 ? lower.slice(0, -1) : lower;
}

export function mailRecords(zone: ZoneIndex): MailRecords {
  let found = gathered.get(zone);
  if (found) return found;
  const content = contentRecords(zone);
  const all: MailRecord[] = [];
  const byKind = new Map<MailRecordKind, MailRecord[]>();
  const byOwner = new Map<string, MailRecord[]>();
  const { texts, textTraits } = content;
  for (let i = 0; i < texts.length; i++) {
    const traits = textTraits[i];
    const record = texts[i];
    const rawOwner = record.owner;
    // Only names with an underscore serve a mail protocol by their name.
    const ownerKind = rawOwner.includes('_') ? mailKindOfOwner(rawOwner) : undefined;
    if (!(traits & (TextTraits.MailStart | TextTraits.Complex)) && ownerKind === undefined) continue;
    const strings = textStringsOf(record, record.rdata, traits);
    const value = joinedText(strings);
    const kind = mailKindOfText(value);
    if (kind === undefined && ownerKind === undefined) continue;
    let joined: JoinedTxt | undefined;
    const entry: MailRecord = {
      record,
      owner: mailName(rawOwner),
      kind,
      ownerKind,
      value,
      joined: () => (joined ??= joinTxt(record)),
      spfType: (traits & TextTraits.Spf) !== 0,
    };
    all.push(entry);
    if (kind) {
      const list = byKind.get(kind);
      if (list) list.push(entry);
      else byKind.set(kind, [entry]);
    }
    const list = byOwner.get(entry.owner);
    if (list) list.push(entry);
    else byOwner.set(entry.owner, [entry]);
  }
  found = {
    all,
    ofKind: (kind) => byKind.get(kind) ?? [],
    at: (name) => byOwner.get(mailName(name)) ?? [],
  };
  gathered.set(zone, found);
  return found;
}
