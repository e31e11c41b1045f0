// Timeline events: each written in one transaction with its audit row, and the issue's updated_at bumped.
import type { TimelineEvent, TimelineEventInput } from '../../core/model/timeline';
import { timelineEventInputSchema } from '../../core/model/timeline';
import { parseInput } from '../../core/model/validation';
import type { Clock } from '../clock';
import { sqlTimestamp } from '../clock';
import type { Database } from '../database';
import { StorageError } from '../errors';
import { newId } from '../ids';
import type { AuditLog } from './auditLog';

interface TimelineRow {
  id: string;
  issue_id: string;
  event_type: string;
  description: string;
  metadata: string | null;
  created_at: string;
}

const toEvent = (row: TimelineRow): TimelineEvent => ({
  id: row.id,
  issueId: row.issue_id,
  eventType: row.event_type,
  description: row.description,
  metadata: row.metadata ? (JSON.parse(row.metadata) as Record<string, unknown>) : null,
  createdAt: row.created_at,
});

export class TimelineRepository {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  record(input: TimelineEventInput): TimelineEvent {
    const event = parseInput(timelineEventInputSchema, input, 'timeline event');
    return this.db.transaction(() => {
      const now = sqlTimestamp(this.clock.now());
      this.db.exec('UPDATE issues SET updated_at = ? WHERE id = ?', [now, event.issueId]);
      if (this.db.changes() === 0) throw new StorageError('SQL', `No issue ${event.issueId}.`);
      const row: TimelineRow = {
        id: newId(),
        issue_id: event.issueId,
        event_type: event.eventType,
        description: event.description,
        metadata: event.metadata ? JSON.stringify(event.metadata) : null,
        created_at: now,
      };
      this.db.exec('INSERT INTO timeline_events(id, issue_id, event_type, description, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        row.id, row.issue_id, row.event_type, row.description, row.metadata, row.created_at,
      ]);
      this.db.recordChange({ entity: 'timeline', kind: 'created', ids: [row.id], issueId: event.issueId });
      this.audit.append({ action: `timeline.${event.eventType}`, entityType: 'issue', entityId: event.issueId, details: { event_id: row.id, ...(event.metadata ?? {}) } });
      return toEvent(row);
    });
  }

  /** The issue's events in time order (insertion order within a second). */
  list(issueId: string): TimelineEvent[] {
    return this.db.query<TimelineRow>('SELECT * FROM timeline_events WHERE issue_id = ? ORDER BY created_at, rowid', [issueId]).map(toEvent);
  }
}
