// Documents (RCA, post-mortem): Markdown with INTEGER millisecond timestamps (the seed's convention for this
// table alone).
import type { CreateDocumentInput, Document, DocumentSummary, UpdateDocumentInput } from '../../core/model/document';
import { createDocumentSchema, updateDocumentSchema } from '../../core/model/document';
import { idSchema } from '../../core/model/logFile';
import { ContentError, parseInput } from '../content/errors';
import { newId } from '../ids';
import type { RepositoryContext } from './context';

interface DocumentRow {
  id: string;
  issue_id: string;
  doc_type: string;
  title: string;
  content_md: string;
  created_at: number;
  updated_at: number;
}

const SUMMARY_COLUMNS = 'id, issue_id, doc_type, title, created_at, updated_at';

const toSummary = (row: Omit<DocumentRow, 'content_md'>): DocumentSummary => ({
  id: row.id,
  issueId: row.issue_id,
  docType: row.doc_type,
  title: row.title,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toDocument = (row: DocumentRow): Document => ({ ...toSummary(row), contentMd: row.content_md });

const notFound = (id: string) => new ContentError('NOT_FOUND', `No document ${id}: it may have been deleted.`, { id });

export class DocumentRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  create(issueId: string, input: CreateDocumentInput): Document {
    const id = parseInput(idSchema, issueId, 'issue id');
    const doc = parseInput(createDocumentSchema, input, 'document');
    const { db, audit, clock } = this.ctx;
    return db.transaction(() => {
      if (!db.get('SELECT 1 AS x FROM issues WHERE id = ?', [id])) throw new ContentError('NOT_FOUND', `No issue ${id}: it may have been deleted.`, { id });
      const now = clock.now().getTime();
      const row: DocumentRow = { id: newId(), issue_id: id, doc_type: doc.docType, title: doc.title, content_md: doc.contentMd, created_at: now, updated_at: now };
      db.exec('INSERT INTO documents(id, issue_id, doc_type, title, content_md, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        row.id, row.issue_id, row.doc_type, row.title, row.content_md, row.created_at, row.updated_at,
      ]);
      // Ids and type only: a document quotes logs and may hold what was redacted elsewhere.
      audit.append({ action: 'document.generated', entityType: 'document', entityId: row.id, details: { issue_id: id, doc_type: doc.docType } });
      return toDocument(row);
    });
  }

  /** Changes the title and/or content; updated_at moves forward (never back, even if the clock does). */
  update(id: string, input: UpdateDocumentInput): Document {
    const docId = parseInput(idSchema, id, 'document id');
    const change = parseInput(updateDocumentSchema, input, 'document change');
    const { db, clock } = this.ctx;
    return db.transaction(() => {
      const existing = db.get<DocumentRow>('SELECT * FROM documents WHERE id = ?', [docId]);
      if (!existing) throw notFound(docId);
      const row: DocumentRow = {
        ...existing,
        title: change.title ?? existing.title,
        content_md: change.contentMd ?? existing.content_md,
        updated_at: Math.max(clock.now().getTime(), Number(existing.updated_at)),
      };
      db.exec('UPDATE documents SET title = ?, content_md = ?, updated_at = ? WHERE id = ?', [row.title, row.content_md, row.updated_at, docId]);
      return toDocument(row);
    });
  }

  get(id: string): Document | null {
    const row = this.ctx.db.get<DocumentRow>('SELECT * FROM documents WHERE id = ?', [parseInput(idSchema, id, 'document id')]);
    return row ? toDocument(row) : null;
  }

  /** The issue's documents, newest first, without their content. */
  listForIssue(issueId: string): DocumentSummary[] {
    return this.ctx.db
      .query<DocumentRow>(`SELECT ${SUMMARY_COLUMNS} FROM documents WHERE issue_id = ? ORDER BY created_at DESC, rowid DESC`, [parseInput(idSchema, issueId, 'issue id')])
      .map(toSummary);
  }

  /** False when there was no such document. */
  delete(id: string): boolean {
    const docId = parseInput(idSchema, id, 'document id');
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      const row = db.get<DocumentRow>(`SELECT ${SUMMARY_COLUMNS} FROM documents WHERE id = ?`, [docId]);
      if (!row) return false;
      db.exec('DELETE FROM documents WHERE id = ?', [docId]);
      audit.append({ action: 'document.deleted', entityType: 'document', entityId: docId, details: { issue_id: row.issue_id, doc_type: row.doc_type } });
      return true;
    });
  }
}

/** The methods the main thread may call (see store.ts). */
export const DOCUMENT_REMOTE = ['create', 'update', 'get', 'listForIssue', 'delete'] as const satisfies readonly (keyof DocumentRepository)[];
