// The open documents, kept from the client's open, change and close notifications. Unlike the
// library's TextDocuments, it tells the server each change with its offsets as it arrives, and
// applies it to its own copy only when that copy is next needed: applying a change to a text of
// megabytes rebuilds all of it, which must not hold up handing the change to the lint worker.
import type { Connection, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentChange } from './lintJob';

export interface DocumentEvents {
  opened(uri: string, version: number, text: string): void;
  /** One change of a document, in the offsets of its text before the change; `version` is the version it leads to. */
  changing(uri: string, version: number, change: DocumentChange): void;
  /** A change notification was taken. */
  changed(uri: string, version: number): void;
  closed(uri: string): void;
}

interface Entry {
  document: TextDocument;
  /** The version and length of the text with every change taken. */
  version: number;
  length: number;
  /** Changes taken but not yet applied to `document`, with the version they lead to. */
  unapplied: { version: number; change: TextDocumentContentChangeEvent }[];
}

export class OpenDocuments {
  private readonly entries = new Map<string, Entry>();

  /** The document with every change applied. */
  get(uri: string): TextDocument | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    for (const { version, change } of entry.unapplied) TextDocument.update(entry.document, [change], version);
    entry.unapplied.length = 0;
    return entry.document;
  }

  /** The newest version, without applying its changes. */
  version(uri: string): number | undefined {
    return this.entries.get(uri)?.version;
  }

  /** The length of the newest text, without applying its changes. */
  length(uri: string): number {
    return this.entries.get(uri)?.length ?? 0;
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  listen(connection: Connection, events: DocumentEvents): void {
    connection.onDidOpenTextDocument(({ textDocument: t }) => {
      this.entries.set(t.uri, { document: TextDocument.create(t.uri, t.languageId, t.version, t.text), version: t.version, length: t.text.length, unapplied: [] });
      events.opened(t.uri, t.version, t.text);
    });
    connection.onDidChangeTextDocument(({ textDocument: { uri, version }, contentChanges }) => {
      const entry = this.entries.get(uri);
      if (!entry || contentChanges.length === 0) return;
      for (const change of contentChanges) {
        // Offsets are those of the text before this change: the changes before it are applied first.
        const document = entry.unapplied.length ? this.get(uri)! : entry.document;
        const offsets = offsetsOf(document, change);
        entry.unapplied.push({ version, change });
        entry.length = 'start' in offsets ? entry.length - (offsets.end - offsets.start) + offsets.text.length : offsets.text.length;
        events.changing(uri, version, offsets);
      }
      entry.version = version;
      events.changed(uri, version);
    });
    connection.onDidCloseTextDocument(({ textDocument: { uri } }) => {
      if (this.entries.delete(uri)) events.closed(uri);
    });
  }
}

function offsetsOf(document: TextDocument, change: TextDocumentContentChangeEvent): DocumentChange {
  if (!('range' in change) || !change.range) return { text: change.text };
  const a = document.offsetAt(change.range.start);
  const b = document.offsetAt(change.range.end);
  return { start: Math.min(a, b), end: Math.max(a, b), text: change.text };
}
