// The egress gate: the one path by which log and document text leaves the machine (copy, export; AI and
// integrations later). It releases only redacted text (for a log, every span not explicitly kept is replaced; for a
// document, every value the detector finds), only for logs whose redaction was approved — or after the user
// confirmed this one release — and appends an audit row with the SHA-256 of exactly the bytes released, once they
// are complete.
import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RedactionCounts } from '../../core/export/redactDocument';
import { redactDocument } from '../../core/export/redactDocument';
import type { EgressRelease, EgressRequest } from '../../core/model/logFile';
import { absolutePathSchema, detectorOptionsSchema, egressRequestSchema, idSchema, sha256Schema } from '../../core/model/logFile';
import type { TimelineEvent } from '../../core/model/timeline';
import { createDetector } from '../../core/pii/detector';
import type { DetectorOptions, PatternProblem } from '../../core/pii/types';
import { LogTextEncoder } from '../../core/text/logEncoding';
import { ContentError, parseInput } from '../content/errors';
import type { Database } from '../database';
import { newId } from '../ids';
import { wasScanned } from '../pii/approval';
import type { RedactedRead } from '../pii/redactedText';
import { prepareRedactedRead } from '../pii/redactedText';
import type { RepositoryContext } from './context';
import { documentNotFound, EXPORT_FORMATS, issueOfDocument, recordExportEvent } from './documents';

/** releaseText() builds the text in memory: at most this many UTF-8 bytes (files stream without a cap). */
export const MAX_RELEASE_TEXT_BYTES = 64 * 1024 * 1024;

export interface EgressText extends EgressRelease {
  text: string;
}

interface PreparedRelease {
  request: { logIds: string[]; destination: string };
  logs: RedactedRead[];
  approved: string[];
  confirmedUnapproved: string[];
}

/** A document's redacted title and Markdown, for the caller to render and write, then record (recordDocumentRelease). */
export interface DocumentRelease {
  /** Names this release for recordDocumentRelease: once, and only while the gate still holds it. */
  releaseId: string;
  docId: string;
  issueId: string;
  title: string;
  markdown: string;
  /** Replacements made in the title and the text, per PII type; empty when the detector found nothing. */
  redactedByType: RedactionCounts;
  /** Custom patterns the detector could not use (the release went on without them). */
  problems: PatternProblem[];
}

const documentWrittenSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  filePath: absolutePathSchema,
  /** Of exactly the bytes in the file. */
  sha256: sha256Schema,
  bytes: z.number().int().nonnegative(),
});
export type DocumentWritten = z.input<typeof documentWrittenSchema>;

export interface DocumentReleaseRecord {
  /** The egress.released audit row. */
  auditId: string;
  /** document_exported {format, file_path, doc_id, redacted: true}. */
  event: TimelineEvent;
}

/** Releases not yet recorded (rendering and writing take a moment); beyond this many, the oldest are forgotten. */
const MAX_PENDING_DOCUMENT_RELEASES = 32;

/** Approved here: redacted = 1 given by approveRedaction, which needs our scan (not a flag imported from elsewhere). */
const isApproved = (db: Database, log: RedactedRead): boolean => log.row.redacted === 1 && wasScanned(db, log.row.id);

/** The header line before each log when several are released together. */
export const logHeader = (fileName: string): string => `===== ${fileName} =====\n`;

export class EgressGate {
  /** What each unrecorded document release redacted: the audit row states the gate's counts, not the caller's. */
  private readonly pendingDocuments = new Map<string, { docId: string; redactedByType: RedactionCounts }>();

  constructor(protected readonly ctx: RepositoryContext) {}

  /**
   * A stored document with every value the detector (the user's settings, as plain data) finds in its title or
   * text replaced. Nothing has left yet, so nothing is audited here: the caller renders and writes the file, then
   * calls recordDocumentRelease. "Keep" decisions of the issue's log reviews are not applied: they are offsets
   * into one log's text, and a document is other, editable text — everything found is redacted.
   */
  releaseDocument(docId: string, options: DetectorOptions = {}): DocumentRelease {
    const id = parseInput(idSchema, docId, 'document id');
    const detector = createDetector(parseInput(detectorOptionsSchema, options, 'PII detector options'));
    const row = this.ctx.db.get<{ issue_id: string; title: string; content_md: string }>('SELECT issue_id, title, content_md FROM documents WHERE id = ?', [id]);
    if (!row) throw documentNotFound(id);
    const redacted = redactDocument({ title: row.title, markdown: row.content_md }, detector);
    const releaseId = newId();
    this.pendingDocuments.set(releaseId, { docId: id, redactedByType: redacted.redactedByType });
    for (const oldest of this.pendingDocuments.keys()) {
      if (this.pendingDocuments.size <= MAX_PENDING_DOCUMENT_RELEASES) break;
      this.pendingDocuments.delete(oldest);
    }
    return { releaseId, docId: id, issueId: row.issue_id, ...redacted, problems: [...detector.problems] };
  }

  /**
   * Records that a released document was written to a file, in one transaction: the egress.released audit row
   * {doc_id, destination 'file', format, file_path, sha256, bytes, redacted_by_type} and the document_exported
   * event {…, redacted: true} with its own audit row. Each release is recorded once; NOT_FOUND (nothing written)
   * for a release the gate does not hold or a document deleted meanwhile.
   */
  recordDocumentRelease(releaseId: string, written: DocumentWritten): DocumentReleaseRecord {
    const id = parseInput(idSchema, releaseId, 'release id');
    const { format, filePath, sha256, bytes } = parseInput(documentWrittenSchema, written, 'written document');
    const pending = this.pendingDocuments.get(id);
    if (!pending) throw new ContentError('NOT_FOUND', `No pending document release ${id}: it was recorded already or has expired; export again.`, { id });
    const { db, audit } = this.ctx;
    const record = db.transaction(() => {
      const issueId = issueOfDocument(db, pending.docId);
      const auditId = audit.append({
        action: 'egress.released',
        entityType: 'document',
        entityId: pending.docId,
        details: { doc_id: pending.docId, destination: 'file', format, file_path: filePath, sha256, bytes, redacted_by_type: pending.redactedByType },
      }).id;
      db.recordChange({ entity: 'egress', kind: 'created', ids: [auditId], issueId });
      return { auditId, event: recordExportEvent(this.ctx, issueId, pending.docId, { format, filePath, redacted: true }) };
    });
    this.pendingDocuments.delete(id);
    return record;
  }

  /** The released text itself (clipboard, a future AI request), at most 64 MiB of UTF-8. */
  async releaseText(request: EgressRequest): Promise<EgressText> {
    const prepared = this.prepare(request);
    const parts: string[] = [];
    const { sha256, bytes } = await this.stream(prepared, (piece, _bytes, total) => {
      if (total > MAX_RELEASE_TEXT_BYTES) {
        throw new ContentError('CONTENT_TOO_LARGE', `The redacted text is larger than ${MAX_RELEASE_TEXT_BYTES / (1024 * 1024)} MiB: export it to a file instead.`, { limit: MAX_RELEASE_TEXT_BYTES });
      }
      parts.push(piece);
    });
    const auditId = this.record(prepared, sha256, bytes);
    return { text: parts.join(''), sha256, bytes, auditId };
  }

  /**
   * Writes the released text to `filePath`: streamed into `<file>.trcaa-tmp`, synced, then renamed over the
   * target, so there is never a half-written file (the temporary file is removed on any failure).
   */
  async releaseToFile(request: EgressRequest, filePath: string): Promise<EgressRelease> {
    const target = path.normalize(parseInput(absolutePathSchema, filePath, 'export file path'));
    const prepared = this.prepare(request);
    const temporary = `${target}.trcaa-tmp`;
    let renamed = false;
    try {
      const file = await open(temporary, 'w');
      let result: { sha256: string; bytes: number };
      try {
        result = await this.stream(prepared, async (_piece, bytes) => {
          if (bytes.length) await file.write(bytes);
        });
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, target);
      renamed = true;
      const auditId = this.record(prepared, result.sha256, result.bytes, target);
      return { ...result, auditId };
    } catch (error) {
      // Nothing stays behind unaudited: neither the temporary file nor a target the audit row could not record.
      await rm(renamed ? target : temporary, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  /** Checks the request and every log's approval, and takes each log's spans, all at one moment. */
  private prepare(input: EgressRequest): PreparedRelease {
    const request = parseInput(egressRequestSchema, input, 'release request');
    const logIds = [...new Set(request.logIds)];
    const { db } = this.ctx;
    return db.transaction(() => {
      const logs = logIds.map((id) => prepareRedactedRead(db, id));
      const unapproved = logs.filter((log) => !isApproved(db, log));
      if (unapproved.length > 0 && request.confirmedUnapproved !== true) {
        const names = unapproved.map((log) => log.row.file_name).join(', ');
        throw new ContentError(
          'NOT_APPROVED',
          `The redaction of ${names} has not been approved: review and approve it first, or confirm that this one release may go out unapproved.`,
          { ids: unapproved.map((log) => log.row.id) },
        );
      }
      return {
        request: { logIds, destination: request.destination },
        logs,
        approved: logs.filter((log) => isApproved(db, log)).map((log) => log.row.id),
        confirmedUnapproved: unapproved.map((log) => log.row.id),
      };
    }, 'deferred');
  }

  /**
   * Streams the released text (a header before each log when there are several) through SHA-256, handing each
   * piece to `sink` as text and as its UTF-8 bytes, with the running byte total.
   */
  private async stream(prepared: PreparedRelease, sink: (piece: string, bytes: Buffer, totalBytes: number) => void | Promise<void>): Promise<{ sha256: string; bytes: number }> {
    const hash = createHash('sha256');
    // Released text is UTF-8 whatever the log's encoding (a UTF-16 log's BOM goes out as EF BB BF).
    const utf8 = new LogTextEncoder('utf-8');
    let total = 0;
    let last = '\n';
    const emit = async (piece: string, bytes: Buffer) => {
      hash.update(bytes);
      total += bytes.length;
      await sink(piece, bytes, total);
    };
    const several = prepared.logs.length > 1;
    for (const log of prepared.logs) {
      // A header starts its own line, even after a log whose text does not end with one.
      const header = several ? `${last === '\n' ? '' : '\n'}${logHeader(log.row.file_name)}` : '';
      if (header) await emit(header, utf8.encode(header));
      for await (const piece of log.pieces) {
        if (!piece) continue;
        last = piece[piece.length - 1] as string;
        await emit(piece, utf8.encode(piece));
      }
    }
    const rest = utf8.end();
    if (rest.length) await emit('', rest);
    return { sha256: hash.digest('hex'), bytes: total };
  }

  private record(prepared: PreparedRelease, sha256: string, bytes: number, file?: string): string {
    const { logIds, destination } = prepared.request;
    const single = logIds.length === 1;
    const auditId = this.ctx.audit.append({
      action: 'egress.released',
      entityType: single ? 'log_file' : 'egress',
      entityId: single ? (logIds[0] as string) : newId(),
      details: {
        destination,
        log_ids: logIds,
        sha256,
        bytes,
        approved: prepared.approved,
        confirmed_unapproved: prepared.confirmedUnapproved,
        redacted_spans: prepared.logs.reduce((sum, log) => sum + log.redactedSpans, 0),
        ...(file ? { file } : {}),
      },
    }).id;
    for (const issueId of new Set(prepared.logs.map((log) => log.row.issue_id))) this.ctx.db.recordChange({ entity: 'egress', kind: 'created', ids: [auditId], issueId });
    return auditId;
  }
}

/** The methods the main thread may call (see store.ts). */
export const EGRESS_REMOTE = ['releaseText', 'releaseToFile', 'releaseDocument', 'recordDocumentRelease'] as const satisfies readonly (keyof EgressGate)[];
