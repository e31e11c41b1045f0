// The egress gate for Confluence, ServiceNow and Azure DevOps. What is sent is released here, redacted (every value
// the detector finds in the document or the incident's fields), and nothing is audited until the host reports what
// it sent: recordSent() then writes, in one transaction, the external link (the page, incident or work item), the
// egress.released audit row with the SHA-256 and size of exactly the request body, the service and the external
// id, and the document_exported timeline event with format confluence | servicenow | azuredevops.
import { z } from 'zod';
import type { RedactionCounts } from '../../core/export/redactDocument';
import { redactDocument } from '../../core/export/redactDocument';
import { markdownToPlainText } from '../../core/integrations/markdownPlain';
import { sectionText } from '../../core/integrations/markdownSections';
import type { IntegrationConfig, IntegrationService } from '../../core/model/credential';
import { integrationServiceSchema } from '../../core/model/credential';
import type { ExternalKind, ExternalLink } from '../../core/model/externalLink';
import { EXTERNAL_KINDS } from '../../core/model/externalLink';
import { detectorOptionsSchema, idSchema, sha256Schema } from '../../core/model/logFile';
import type { TimelineEvent } from '../../core/model/timeline';
import { createDetector } from '../../core/pii/detector';
import type { DetectorOptions, PatternProblem } from '../../core/pii/types';
import { sqlTimestamp } from '../clock';
import { ContentError, parseInput } from '../content/errors';
import { newId } from '../ids';
import type { RepositoryContext } from './context';
import { CredentialRepository } from './credentials';
import { documentNotFound } from './documents';

/** A configured service and its token, for the host's request (never logged, never stored elsewhere). */
export type IntegrationConnection = Omit<IntegrationConfig, 'id' | 'updatedAt'> & { token: string };

/** Redacted text for one send, named by releaseId until recordSent. */
export interface IntegrationRelease {
  releaseId: string;
  service: IntegrationService;
  issueId: string;
  docId: string | null;
  title: string;
  /** The document's Markdown (placeholders escaped), or the incident's description (plain text, placeholders bare). */
  markdown: string;
  severity: string;
  /** The root cause (the latest RCA's "Root Cause" section), redacted, as plain text without prompts, for closing a ServiceNow incident; null without one. */
  rootCause: string | null;
  redactedByType: RedactionCounts;
  problems: PatternProblem[];
  /** What this release updates when it was sent before (the page of this document, the incident's record). */
  link: ExternalLink | null;
}

const sentSchema = z.strictObject({
  kind: z.enum(EXTERNAL_KINDS),
  externalId: z.string().trim().min(1).max(200),
  externalKey: z.string().trim().min(1).max(200).optional(),
  url: z.string().url().max(4096),
  title: z.string().max(1000).default(''),
  version: z.number().int().nonnegative().optional(),
  /** Of exactly the request body sent. */
  sha256: sha256Schema,
  bytes: z.number().int().nonnegative(),
});
export type IntegrationSent = z.input<typeof sentSchema>;

export interface SentRecord {
  link: ExternalLink;
  auditId: string;
  event: TimelineEvent;
}

interface LinkRow {
  id: string;
  issue_id: string;
  service: IntegrationService;
  kind: ExternalKind;
  doc_id: string | null;
  external_id: string;
  external_key: string | null;
  url: string;
  title: string;
  version: number | null;
  created_at: string;
  last_synced_at: string;
}

const toLink = (row: LinkRow): ExternalLink => ({
  id: row.id,
  issueId: row.issue_id,
  service: row.service,
  kind: row.kind,
  docId: row.doc_id,
  externalId: row.external_id,
  externalKey: row.external_key,
  url: row.url,
  title: row.title,
  version: row.version,
  createdAt: row.created_at,
  lastSyncedAt: row.last_synced_at,
});

const SERVICE_TITLES: Record<IntegrationService, string> = { confluence: 'Confluence', servicenow: 'ServiceNow', azuredevops: 'Azure DevOps' };
const MAX_PENDING = 32;

/** The "## Root Cause" section of an RCA's Markdown. */
export const rootCauseSection = (markdown: string): string | null => sectionText(markdown, 'Root Cause');

export class IntegrationGate {
  private readonly pending = new Map<string, { service: IntegrationService; issueId: string; docId: string | null; redactedByType: RedactionCounts }>();

  constructor(protected readonly ctx: RepositoryContext) {}

  /** The service's configuration and token; NOT_FOUND (a message saying what to configure) without either. */
  connection(service: IntegrationService): IntegrationConnection {
    const name = parseInput(integrationServiceSchema, service, 'service');
    const credentials = new CredentialRepository(this.ctx);
    const config = credentials.config(name);
    if (!config) throw new ContentError('NOT_FOUND', `${SERVICE_TITLES[name]} is not configured: run TRCAA: Configure Integration….`, { service: name });
    const token = credentials.token(name);
    if (!token) throw new ContentError('NOT_FOUND', `No ${SERVICE_TITLES[name]} token is saved: run TRCAA: Configure Integration… and enter it.`, { service: name });
    return { service: name, baseUrl: config.baseUrl, username: config.username, projectName: config.projectName, spaceKey: config.spaceKey, autoCreateEnabled: config.autoCreateEnabled, token };
  }

  /** A document, redacted, to publish (a Confluence page); with the page it was published to before, if any. */
  prepareDocument(service: IntegrationService, docId: string, options: DetectorOptions = {}): IntegrationRelease {
    const name = parseInput(integrationServiceSchema, service, 'service');
    const id = parseInput(idSchema, docId, 'document id');
    const row = this.ctx.db.get<{ issue_id: string; title: string; content_md: string; severity: string }>(
      'SELECT d.issue_id, d.title, d.content_md, i.severity FROM documents d JOIN issues i ON i.id = d.issue_id WHERE d.id = ?',
      [id],
    );
    if (!row) throw documentNotFound(id);
    const link = this.ctx.db.get<LinkRow>('SELECT * FROM external_links WHERE service = ? AND doc_id = ? AND kind = ?', [name, id, 'page']);
    return this.release(name, row.issue_id, id, { title: row.title, markdown: row.content_md }, row.severity, link, options);
  }

  /** The incident's title and description, redacted, to create or update its ServiceNow incident / work item. */
  prepareIssue(service: IntegrationService, issueId: string, options: DetectorOptions = {}): IntegrationRelease {
    const name = parseInput(integrationServiceSchema, service, 'service');
    const id = parseInput(idSchema, issueId, 'issue id');
    const row = this.ctx.db.get<{ title: string; description: string | null; severity: string }>('SELECT title, description, severity FROM issues WHERE id = ?', [id]);
    if (!row) throw new ContentError('NOT_FOUND', `No issue ${id}: it may have been deleted.`, { id });
    const kind: ExternalKind = name === 'servicenow' ? 'incident' : 'workitem';
    const link = this.ctx.db.get<LinkRow>('SELECT * FROM external_links WHERE service = ? AND issue_id = ? AND kind = ?', [name, id, kind]);
    return this.release(name, id, null, { title: row.title, markdown: row.description ?? '' }, row.severity, link, options, { plainText: true });
  }

  private release(service: IntegrationService, issueId: string, docId: string | null, text: { title: string; markdown: string }, severity: string, link: LinkRow | undefined, options: DetectorOptions, read: { plainText?: boolean } = {}): IntegrationRelease {
    const detector = createDetector(parseInput(detectorOptionsSchema, options, 'PII detector options'));
    const redacted = redactDocument(text, detector, read);
    const rca = this.ctx.db.get<{ content_md: string }>("SELECT content_md FROM documents WHERE issue_id = ? AND doc_type = 'rca' ORDER BY created_at DESC, rowid DESC LIMIT 1", [issueId]);
    const cause = rca ? rootCauseSection(rca.content_md) : null;
    const rootCause = cause ? redactDocument({ title: '', markdown: cause }, detector) : null;
    const redactedByType = { ...redacted.redactedByType };
    for (const [type, count] of Object.entries(rootCause?.redactedByType ?? {})) redactedByType[type] = (redactedByType[type] ?? 0) + count;
    const releaseId = newId();
    this.pending.set(releaseId, { service, issueId, docId, redactedByType });
    for (const oldest of this.pending.keys()) {
      if (this.pending.size <= MAX_PENDING) break;
      this.pending.delete(oldest);
    }
    return { releaseId, service, issueId, docId, title: redacted.title, markdown: redacted.markdown, severity, rootCause: rootCause ? markdownToPlainText(rootCause.markdown) || null : null, redactedByType, problems: [...detector.problems], link: link ? toLink(link) : null };
  }

  /**
   * Records what was sent for a release, once: the link (created, or updated with the version written), the
   * egress.released audit row and the document_exported event. NOT_FOUND for a release the gate does not hold.
   */
  recordSent(releaseId: string, sent: IntegrationSent): SentRecord {
    const id = parseInput(idSchema, releaseId, 'release id');
    const what = parseInput(sentSchema, sent, 'what was sent');
    const pending = this.pending.get(id);
    if (!pending) throw new ContentError('NOT_FOUND', `No pending release ${id}: it was recorded already or has expired; send again.`, { id });
    const { db, audit, clock } = this.ctx;
    const record = db.transaction(() => {
      if (!db.get('SELECT 1 AS x FROM issues WHERE id = ?', [pending.issueId])) throw new ContentError('NOT_FOUND', `No issue ${pending.issueId}: it was deleted meanwhile.`, { id: pending.issueId });
      const now = sqlTimestamp(clock.now());
      const existing = db.get<LinkRow>('SELECT * FROM external_links WHERE service = ? AND external_id = ?', [pending.service, what.externalId]);
      const linkId = existing?.id ?? newId();
      if (existing) {
        db.exec('UPDATE external_links SET url = ?, title = ?, version = ?, external_key = ?, last_synced_at = ? WHERE id = ?', [what.url, what.title, what.version ?? null, what.externalKey ?? existing.external_key, now, linkId]);
      } else {
        db.exec(
          'INSERT INTO external_links (id, issue_id, service, kind, doc_id, external_id, external_key, url, title, version, created_at, last_synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [linkId, pending.issueId, pending.service, what.kind, pending.docId, what.externalId, what.externalKey ?? null, what.url, what.title, what.version ?? null, now, now],
        );
      }
      const auditId = audit.append({
        action: 'egress.released',
        entityType: pending.docId ? 'document' : 'issue',
        entityId: pending.docId ?? pending.issueId,
        details: {
          destination: pending.service,
          external_id: what.externalId,
          url: what.url,
          sha256: what.sha256,
          bytes: what.bytes,
          redacted_by_type: pending.redactedByType,
          ...(pending.docId ? { doc_id: pending.docId } : {}),
        },
      }).id;
      db.recordChange({ entity: 'egress', kind: 'created', ids: [auditId], issueId: pending.issueId });
      db.recordChange({ entity: 'externalLink', kind: existing ? 'updated' : 'created', ids: [linkId], issueId: pending.issueId });
      const event = this.ctx.timeline.record({
        issueId: pending.issueId,
        eventType: 'document_exported',
        description: `${existing ? 'Updated in' : 'Sent to'} ${SERVICE_TITLES[pending.service]}: ${what.externalKey ?? what.title ?? what.externalId}`,
        metadata: { format: pending.service, external_id: what.externalId, url: what.url, redacted: true, ...(pending.docId ? { doc_id: pending.docId } : {}) },
      });
      return { link: toLink(db.get<LinkRow>('SELECT * FROM external_links WHERE id = ?', [linkId]) as LinkRow), auditId, event };
    });
    this.pending.delete(id);
    return record;
  }

  /** The incident's external items, oldest first. */
  links(issueId: string): ExternalLink[] {
    const id = parseInput(idSchema, issueId, 'issue id');
    return this.ctx.db.query<LinkRow>('SELECT * FROM external_links WHERE issue_id = ? ORDER BY created_at, rowid', [id]).map(toLink);
  }

  /** Forgets a link (the item was deleted there, or an auto-created one was undone): nothing is sent. */
  removeLink(linkId: string): boolean {
    const id = parseInput(idSchema, linkId, 'link id');
    const { db } = this.ctx;
    return db.transaction(() => {
      const row = db.get<LinkRow>('SELECT * FROM external_links WHERE id = ?', [id]);
      if (!row) return false;
      db.exec('DELETE FROM external_links WHERE id = ?', [id]);
      db.recordChange({ entity: 'externalLink', kind: 'deleted', ids: [id], issueId: row.issue_id });
      return true;
    });
  }
}

export const INTEGRATION_REMOTE = ['connection', 'prepareDocument', 'prepareIssue', 'recordSent', 'links', 'removeLink'] as const satisfies readonly (keyof IntegrationGate)[];
