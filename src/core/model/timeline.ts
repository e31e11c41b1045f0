import { z } from 'zod';

/** The seed's seven event types, plus our status_changed. */
export const TIMELINE_EVENT_TYPES = [
  'triage_started',
  'log_uploaded',
  'why_level_advanced',
  'root_cause_identified',
  'rca_generated',
  'postmortem_generated',
  'document_exported',
  'status_changed',
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

export const MAX_TIMELINE_METADATA_BYTES = 10 * 1024;

/** Metadata is a JSON object of at most 10 KB once serialised. */
export const timelineMetadataSchema = z
  .record(z.string(), z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value), 'utf8') <= MAX_TIMELINE_METADATA_BYTES, {
    message: `metadata must serialise to at most ${MAX_TIMELINE_METADATA_BYTES} bytes of JSON`,
  });

export const timelineEventInputSchema = z.object({
  issueId: z.string().min(1),
  eventType: z.enum(TIMELINE_EVENT_TYPES),
  description: z.string().min(1).max(2000),
  metadata: timelineMetadataSchema.optional(),
});
export type TimelineEventInput = z.input<typeof timelineEventInputSchema>;

export interface TimelineEvent {
  id: string;
  issueId: string;
  eventType: TimelineEventType | string;
  description: string;
  metadata: Record<string, unknown> | null;
  createdAt: string;
}
