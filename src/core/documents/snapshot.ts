// What a generated document is made of: the incident's data at one moment, read by storage and passed to the
// pure generators (rca.ts, postmortem.ts), so a document is a function of its snapshot and nothing else.
import type { Issue } from '../model/issue';
import type { LogFile } from '../model/logFile';
import type { ResolutionStep } from '../model/step';
import type { TimelineEvent } from '../model/timeline';

/** A log as the documents list it: name, size, approval, hash — never its content. */
export type SnapshotLog = Pick<LogFile, 'id' | 'fileName' | 'fileSize' | 'redacted' | 'contentHash' | 'uploadedAt'> & {
  /** TRCAA scanned it for PII; false with redacted = true is a desktop import whose approval we never saw. Absent: unknown. */
  piiScanned?: boolean;
};

export type SnapshotStep = Pick<ResolutionStep, 'stepOrder' | 'whyQuestion' | 'answer' | 'evidence'>;

export type SnapshotEvent = Pick<TimelineEvent, 'eventType' | 'description' | 'metadata' | 'createdAt'>;

export interface IncidentSnapshot {
  issue: Issue;
  /** In time order (the timeline repository's order). */
  timeline: SnapshotEvent[];
  /** The 5 Whys by level. */
  steps: SnapshotStep[];
  /** In upload order. */
  logs: SnapshotLog[];
  /** Milliseconds since the epoch: when the document was generated. */
  generatedAt: number;
}

/** What a generator returns: the document and the figures its timeline event records. */
export interface GeneratedDocument {
  title: string;
  markdown: string;
  /** `## ` sections in the document. */
  sectionCount: number;
  /** Timeline events the document lists. */
  timelineEventsCount: number;
}
