// trcaa-doc: — stored RCAs and post-mortems as files, so VS Code itself owns dirty state, save, undo, hot exit and
// restore after a reload. Reads and writes go to the documents table; there are no folders and no new files.
import * as vscode from 'vscode';
import type { Document } from '../../core/model/document';
import type { Services } from '../workbench/services';
import type { ChangeEvent } from '../workbench/changeChannel';
import { parseDocumentUri } from './documentUri';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class DocumentFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  /** Document id → the URIs it was read through: a change to the row is announced for each (open editors reload). */
  private readonly known = new Map<string, Map<string, vscode.Uri>>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: Services) {
    this.subscription = services.changes.onDidChange((event) => this.onChange(event));
  }

  /** A document changed or was deleted (in this window, another, or another process): VS Code reads it again. */
  private onChange(event: ChangeEvent): void {
    const events: vscode.FileChangeEvent[] = [];
    if (event.external) {
      for (const uris of this.known.values()) for (const uri of uris.values()) events.push({ type: vscode.FileChangeType.Changed, uri });
    }
    for (const change of event.external ? [] : event.changes) {
      if (change.entity !== 'document') continue;
      const type = change.kind === 'deleted' ? vscode.FileChangeType.Deleted : vscode.FileChangeType.Changed;
      for (const id of change.ids) for (const uri of this.known.get(id)?.values() ?? []) events.push({ type, uri });
    }
    if (events.length > 0) this.changed.fire(events);
  }

  /** The stored document a URI names; FileNotFound when it is gone or belongs to another issue. */
  private async load(uri: vscode.Uri): Promise<Document> {
    const ref = parseDocumentUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    const store = await this.services.store();
    const doc = await store.documents.get(ref.docId).catch(() => null);
    if (!doc || doc.issueId !== ref.issueId) throw vscode.FileSystemError.FileNotFound(uri);
    const uris = this.known.get(doc.id) ?? new Map<string, vscode.Uri>();
    uris.set(uri.toString(), uri);
    this.known.set(doc.id, uris);
    return doc;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const doc = await this.load(uri);
    return { type: vscode.FileType.File, ctime: doc.createdAt, mtime: doc.updatedAt, size: Buffer.byteLength(doc.contentMd, 'utf8') };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return Buffer.from((await this.load(uri)).contentMd, 'utf8');
  }

  /**
   * Replaces the stored Markdown. VS Code's file service compares the mtime it read with stat()'s before calling
   * this (its "the file is newer" dialog); here a document deleted meanwhile is FileNotFound, never re-created.
   */
  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    const doc = await this.load(uri);
    if (!options.overwrite) throw vscode.FileSystemError.FileExists(uri);
    let text: string;
    try {
      text = utf8.decode(content);
    } catch {
      throw new vscode.FileSystemError('TRCAA documents are stored as UTF-8: this content is not valid UTF-8.');
    }
    const store = await this.services.store();
    try {
      await store.documents.update(doc.id, { contentMd: text });
    } catch (error) {
      // NOT_FOUND (deleted between load and update) or content over the size limit: the message says which.
      throw new vscode.FileSystemError(error instanceof Error ? error.message : String(error));
    }
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(): vscode.Disposable {
    // Every document change arrives through the change channel (this window's writes and others'): see onChange.
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    // Deleting a document is a TRCAA command with its audit row, never a file operation.
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(oldUri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(oldUri);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
