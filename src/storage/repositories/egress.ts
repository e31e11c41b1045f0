// The egress gate: the one path by which log text leaves the machine (copy, export; AI and integrations later).
// It releases only redacted text (every span not explicitly kept is replaced), only for logs whose redaction was
// approved — or after the user confirmed this one release — and appends an audit row with the SHA-256 of exactly
// the bytes released, once they are complete.
import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EgressRelease, EgressRequest } from '../../core/model/logFile';
import { absolutePathSchema, egressRequestSchema } from '../../core/model/logFile';
import { ContentError, parseInput } from '../content/errors';
import type { Database } from '../database';
import { newId } from '../ids';
import { wasScanned } from '../pii/approval';
import type { RedactedRead } from '../pii/redactedText';
import { prepareRedactedRead } from '../pii/redactedText';
import type { RepositoryContext } from './context';

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

/** UTF-8 of text arriving in pieces: a high surrogate ending a piece waits for its pair, so bytes = Buffer.from(whole). */
export class Utf8Pieces {
  private carry = '';
  encode(piece: string): Buffer {
    let text = this.carry + piece;
    this.carry = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.carry = text.slice(-1);
      text = text.slice(0, -1);
    }
    return Buffer.from(text, 'utf8');
  }
  end(): Buffer {
    const rest = Buffer.from(this.carry, 'utf8');
    this.carry = '';
    return rest;
  }
}

/** Approved here: redacted = 1 given by approveRedaction, which needs our scan (not a flag imported from elsewhere). */
const isApproved = (db: Database, log: RedactedRead): boolean => log.row.redacted === 1 && wasScanned(db, log.row.id);

/** The header line before each log when several are released together. */
export const logHeader = (fileName: string): string => `===== ${fileName} =====\n`;

export class EgressGate {
  constructor(protected readonly ctx: RepositoryContext) {}

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
    const utf8 = new Utf8Pieces();
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
    return this.ctx.audit.append({
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
  }
}

/** The methods the main thread may call (see store.ts). */
export const EGRESS_REMOTE = ['releaseText', 'releaseToFile'] as const satisfies readonly (keyof EgressGate)[];
