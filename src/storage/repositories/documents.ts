// Documents (RCA, post-mortem): Markdown with INTEGER millisecond timestamps (the seed's convention for this
// table alone).
import { generatePostmortem, postmortemTitle } from '../../core/documents/postmortem';
import { generateRca, rcaTitle } from '../../core/documents/rca';
import type { IncidentSnapshot, SnapshotLog } from '../../core/documents/snapshot';
import type { CreateDocumentInput, DocType, Document, DocumentSummary, UpdateDocumentInput } from '../../core/model/document';
import { createDocumentSchema, DOC_TYPES, MAX_DOCUMENT_TITLE, updateDocumentSchema } from '../../core/model/document';
import { idSchema } from '../../core/model/logFile';
import type { TimelineEvent } from '../../core/model/timeline';
import { shorten } from '../../core/text/shorten';
import { z } from 'zod';
import { ContentError, parseInput } from '../content/errors';
import type { Database } from '../database';
import { newId } from '../ids';
import type { RepositoryContext } from './context';
import { IssueRepository } from './issues';
import { ResolutionStepRepository } from './steps';

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

interface SnapshotLogRow {
  id: string;
  file_name: string;
  file_size: number | null;
  redacted: number;
  content_hash: string | null;
  uploaded_at: string;
  scanned: number;
}

const generateOptionsSchema = z.number().int().nonnegative().optional();

export interface GenerateResult {
  document: Document;
  /** rca_generated or postmortem_generated, recorded with the document. */
  event: TimelineEvent;
}

export const EXPORT_FORMATS = ['markdown', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const recordExportSchema = z.strictObject({ format: z.enum(EXPORT_FORMATS), filePath: z.string().min(1).max(4096) });
export type RecordExportInput = z.input<typeof recordExportSchema>;

export const documentNotFound = (id: string) => new ContentError('NOT_FOUND', `No document ${id}: it may have been deleted.`, { id });

export class DocumentRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  create(issueId: string, input: CreateDocumentInput): Document {
    const id = parseInput(idSchema, issueId, 'issue id');
    const doc = parseInput(createDocumentSchema, input, 'document');
    const { db, clock } = this.ctx;
    return db.transaction(() => {
      if (!db.get('SELECT 1 AS x FROM issues WHERE id = ?', [id])) throw new ContentError('NOT_FOUND', `No issue ${id}: it may have been deleted.`, { id });
      return this.insert(id, doc.docType, doc.title, doc.contentMd, clock.now().getTime());
    });
  }

  /**
   * Generates an RCA or post-mortem from the issue's fields, timeline, 5 Whys and logs, stored as a NEW document
   * every time — regenerating never overwrites a document someone may have edited; later versions are titled
   * '… (v2)', '… (v3)'. The document, its timeline event (rca_generated {doc_id, section_count} or
   * postmortem_generated {doc_id, timeline_events_count}) with the event's audit row, and the document's own
   * audit row are written in one transaction: all or nothing.
   */
  generate(issueId: string, kind: DocType, now?: number): GenerateResult {
    const id = parseInput(idSchema, issueId, 'issue id');
    const docType = parseInput(z.enum(DOC_TYPES), kind, 'document kind');
    const at = parseInput(generateOptionsSchema, now, 'generation time') ?? this.ctx.clock.now().getTime();
    const { db, timeline } = this.ctx;
    return db.transaction(() => {
      const snapshot = this.snapshot(id, at);
      const generated = docType === 'rca' ? generateRca(snapshot) : generatePostmortem(snapshot);
      const earlier = db.get<{ n: number }>('SELECT count(*) AS n FROM documents WHERE issue_id = ? AND doc_type = ?', [id, docType])?.n ?? 0;
      const document = this.insert(id, docType, versionedTitle(docType, snapshot.issue.title, earlier + 1), generated.markdown, at);
      const version = earlier > 0 ? ` (version ${earlier + 1})` : '';
      const event = timeline.record(
        docType === 'rca'
          ? { issueId: id, eventType: 'rca_generated', description: `RCA generated${version}`, metadata: { doc_id: document.id, section_count: generated.sectionCount } }
          : { issueId: id, eventType: 'postmortem_generated', description: `Post-mortem generated${version}`, metadata: { doc_id: document.id, timeline_events_count: generated.timelineEventsCount } },
      );
      return { document, event };
    });
  }

  /** The issue's data as the generators read it; NOT_FOUND when there is no such issue. */
  private snapshot(issueId: string, generatedAt: number): IncidentSnapshot {
    const issue = new IssueRepository(this.ctx).get(issueId);
    if (!issue) throw new ContentError('NOT_FOUND', `No issue ${issueId}: it may have been deleted.`, { id: issueId });
    const steps = new ResolutionStepRepository(this.ctx).listForIssue(issueId);
    const logs = this.ctx.db
      .query<SnapshotLogRow>(
        `SELECT l.id, l.file_name, l.file_size, l.redacted, l.content_hash, l.uploaded_at,
                EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'log_file' AND a.entity_id = l.id AND a.action = 'pii.scanned') AS scanned
           FROM log_files l WHERE l.issue_id = ? ORDER BY l.uploaded_at, l.rowid`,
        [issueId],
      )
      .map((row): SnapshotLog => ({
        id: row.id,
        fileName: row.file_name,
        fileSize: row.file_size,
        redacted: row.redacted === 1,
        contentHash: row.content_hash,
        uploadedAt: row.uploaded_at,
        piiScanned: row.scanned === 1,
      }));
    return { issue, timeline: this.ctx.timeline.list(issueId), steps, logs, generatedAt };
  }

  private insert(issueId: string, docType: DocType, title: string, contentMd: string, at: number): Document {
    const doc = parseInput(createDocumentSchema, { docType, title, contentMd }, 'document');
    const row: DocumentRow = { id: newId(), issue_id: issueId, doc_type: doc.docType, title: doc.title, content_md: doc.contentMd, created_at: at, updated_at: at };
    this.ctx.db.exec('INSERT INTO documents(id, issue_id, doc_type, title, content_md, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row.id, row.issue_id, row.doc_type, row.title, row.content_md, row.created_at, row.updated_at,
    ]);
    this.ctx.db.recordChange({ entity: 'document', kind: 'created', ids: [row.id], issueId });
    // Ids and type only: a document quotes logs and may hold what was redacted elsewhere.
    this.ctx.audit.append({ action: 'document.generated', entityType: 'document', entityId: row.id, details: { issue_id: issueId, doc_type: docType } });
    return toDocument(row);
  }

  /**
   * Records that a document was written to a file: the timeline event document_exported {format, file_path,
   * doc_id} on its issue, with the event's audit row, in one transaction. NOT_FOUND (nothing written) when the
   * document is gone. A redacted export is recorded by the egress gate instead (EgressGate.recordDocumentRelease).
   */
  recordExport(docId: string, input: RecordExportInput): TimelineEvent {
    const id = parseInput(idSchema, docId, 'document id');
    const { format, filePath } = parseInput(recordExportSchema, input, 'export');
    return this.ctx.db.transaction(() => recordExportEvent(this.ctx, issueOfDocument(this.ctx.db, id), id, { format, filePath }));
  }

  /** Changes the title and/or content; updated_at moves forward (never back, even if the clock does). */
  update(id: string, input: UpdateDocumentInput): Document {
    const docId = parseInput(idSchema, id, 'document id');
    const change = parseInput(updateDocumentSchema, input, 'document change');
    const { db, clock } = this.ctx;
    return db.transaction(() => {
      const existing = db.get<DocumentRow>('SELECT * FROM documents WHERE id = ?', [docId]);
      if (!existing) throw documentNotFound(docId);
      const row: DocumentRow = {
        ...existing,
        title: change.title ?? existing.title,
        content_md: change.contentMd ?? existing.content_md,
        updated_at: Math.max(clock.now().getTime(), Number(existing.updated_at)),
      };
      db.exec('UPDATE documents SET title = ?, content_md = ?, updated_at = ? WHERE id = ?', [row.title, row.content_md, row.updated_at, docId]);
      db.recordChange({ entity: 'document', kind: 'updated', ids: [docId], issueId: row.issue_id });
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
      db.recordChange({ entity: 'document', kind: 'deleted', ids: [docId], issueId: row.issue_id });
      audit.append({ action: 'document.deleted', entityType: 'document', entityId: docId, details: { issue_id: row.issue_id, doc_type: row.doc_type } });
      return true;
    });
  }
}

/** The document's issue; NOT_FOUND when the document is gone. */
export function issueOfDocument(db: Database, docId: string): string {
  const row = db.get<{ issue_id: string }>('SELECT issue_id FROM documents WHERE id = ?', [docId]);
  if (!row) throw documentNotFound(docId);
  return row.issue_id;
}

/**
 * The document_exported event (with its audit row); `redacted` marks an export released by the egress gate.
 * Callers check the document and hold the transaction.
 */
export function recordExportEvent(
  ctx: RepositoryContext,
  issueId: string,
  docId: string,
  exported: { format: ExportFormat; filePath: string; redacted?: true },
): TimelineEvent {
  const { format, filePath, redacted } = exported;
  return ctx.timeline.record({
    issueId,
    eventType: 'document_exported',
    description: `Document exported${redacted ? ' redacted' : ''} as ${format === 'pdf' ? 'PDF' : 'Markdown'}`,
    metadata: { format, file_path: filePath, doc_id: docId, ...(redacted ? { redacted } : {}) },
  });
}

/** 'RCA — <issue title>', then '… (v2)': the issue title cut (with '…') so the whole stays within the column's limit. */
function versionedTitle(kind: DocType, issueTitle: string, version: number): string {
  const suffix = version > 1 ? ` (v${version})` : '';
  const base = kind === 'rca' ? rcaTitle('') : postmortemTitle('');
  const room = MAX_DOCUMENT_TITLE - base.length - suffix.length;
  const oneLine = issueTitle.replace(/\s+/g, ' ').trim() || 'Untitled issue';
  const cut = shorten(oneLine, room);
  return `${kind === 'rca' ? rcaTitle(cut) : postmortemTitle(cut)}${suffix}`;
}

/** The methods the main thread may call (see store.ts). */
export const DOCUMENT_REMOTE = ['generate', 'create', 'update', 'get', 'listForIssue', 'delete', 'recordExport'] as const satisfies readonly (keyof DocumentRepository)[];
