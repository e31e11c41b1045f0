// Issues as the features see them: zod schemas for every input that reaches the issue repository (from a
// webview, a command or the worker boundary), and the Issue type it returns. Pure: no vscode, no SQL.
import { z } from 'zod';

// The plain values (no zod) live apart, so the views that only show issues load without the schemas.
export { ISSUE_SEVERITIES, ISSUE_STATUSES, MAX_TITLE_LENGTH, MAX_DESCRIPTION_LENGTH, MAX_FIELD_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from './issueFields';
export type { IssueSeverity, IssueStatus } from './issueFields';
export { phraseQuery, wordsQuery } from '../issues/ftsQuery';
import type { IssueSeverity, IssueStatus } from './issueFields';
import { ISSUE_SEVERITIES, ISSUE_STATUSES, MAX_TITLE_LENGTH, MAX_DESCRIPTION_LENGTH, MAX_FIELD_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from './issueFields';

export interface Issue {
  id: string;
  title: string;
  description: string | null;
  severity: IssueSeverity;
  status: IssueStatus;
  category: string | null;
  source: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  assignedTo: string | null;
  tags: string[];
}

// C0 controls other than tab, newline and carriage return never belong in text a person typed; they would also
// collide with the search highlight markers.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const stripControls = (text: string) => text.replace(CONTROL_CHARS, '');
/** Single-line fields also lose line breaks and tabs. */
const oneLine = (text: string) => stripControls(text).replace(/\s+/g, ' ').trim();

const severitySchema = z.enum(ISSUE_SEVERITIES, {
  error: (issue) => `Severity must be one of ${ISSUE_SEVERITIES.join(', ')} (got ${JSON.stringify(issue.input)}).`,
});
const statusSchema = z.enum(ISSUE_STATUSES, {
  error: (issue) => `Status must be one of ${ISSUE_STATUSES.join(', ')} (got ${JSON.stringify(issue.input)}).`,
});
export { severitySchema as issueSeveritySchema, statusSchema as issueStatusSchema };

const titleSchema = z
  .string({ error: 'Title must be text.' })
  .transform(oneLine)
  .pipe(
    z
      .string()
      .min(1, { error: 'Title is required.' })
      .max(MAX_TITLE_LENGTH, { error: `Title must be at most ${MAX_TITLE_LENGTH} characters.` }),
  );

/** Empty (or blank) clears the field: stored as NULL, like a field that was never set. */
const descriptionSchema = z
  .string({ error: 'Description must be text.' })
  .max(MAX_DESCRIPTION_LENGTH, { error: `Description must be at most ${MAX_DESCRIPTION_LENGTH} characters.` })
  .transform((text) => (text.trim() ? stripControls(text) : null))
  .nullable();

const shortField = (label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .transform(oneLine)
    .pipe(z.string().max(MAX_FIELD_LENGTH, { error: `${label} must be at most ${MAX_FIELD_LENGTH} characters.` }))
    .transform((text) => text || null)
    .nullable();

const tagSchema = z
  .string({ error: 'A tag must be text.' })
  .transform(oneLine)
  .pipe(
    z
      .string()
      .min(1, { error: 'A tag cannot be empty.' })
      .max(MAX_TAG_LENGTH, { error: `A tag must be at most ${MAX_TAG_LENGTH} characters.` }),
  );

/** Tags keep the first spelling of each tag; duplicates differing only in case are dropped. */
const tagsSchema = z
  .array(tagSchema, { error: 'Tags must be a list of text.' })
  .max(MAX_TAGS, { error: `At most ${MAX_TAGS} tags.` })
  .transform((tags) => {
    const seen = new Set<string>();
    return tags.filter((tag) => {
      const key = tag.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });

export const createIssueInputSchema = z.strictObject({
  title: titleSchema,
  description: descriptionSchema.optional(),
  severity: severitySchema,
  category: shortField('Category').optional(),
  source: shortField('Source').optional(),
  assignedTo: shortField('Assignee').optional(),
  tags: tagsSchema.optional(),
});
export type CreateIssueInput = z.input<typeof createIssueInputSchema>;
export type CreateIssueData = z.output<typeof createIssueInputSchema>;

/**
 * Any field; absent leaves it as it is, null clears it (title and severity cannot be cleared). A status goes
 * through the same transition as setStatus (resolved_at, timeline).
 */
export const updateIssueInputSchema = z.strictObject({
  title: titleSchema.optional(),
  description: descriptionSchema.optional(),
  severity: severitySchema.optional(),
  status: statusSchema.optional(),
  category: shortField('Category').optional(),
  source: shortField('Source').optional(),
  assignedTo: shortField('Assignee').optional(),
  tags: tagsSchema.nullable().optional(),
});
export type UpdateIssueInput = z.input<typeof updateIssueInputSchema>;
export type UpdateIssueData = z.output<typeof updateIssueInputSchema>;

export const ISSUE_SORT_FIELDS = ['created_at', 'updated_at', 'severity', 'title', 'status'] as const;
export type IssueSortField = (typeof ISSUE_SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

/**
 * Where the direction is not given: newest first for dates, most severe first for severity ('desc' = critical
 * first), A→Z for titles, workflow order (open → closed) for status.
 */
export const DEFAULT_SORT_DIRECTION: Record<IssueSortField, SortDirection> = {
  created_at: 'desc',
  updated_at: 'desc',
  severity: 'desc',
  title: 'asc',
  status: 'asc',
};

export const listIssuesOptionsSchema = z
  .strictObject({
    status: z.array(statusSchema).optional(),
    severity: z.array(severitySchema).optional(),
    /** Exact match, ignoring case; null: issues without a category. */
    category: z.string().nullable().optional(),
    /** Exact match, ignoring case; null: unassigned issues. */
    assignedTo: z.string().nullable().optional(),
    /** Issues carrying this tag (ignoring case). */
    tag: z.string().optional(),
    /** Free text typed by a person: every word must start a word of the title or description. */
    text: z.string().max(1000).optional(),
    sort: z
      .strictObject({
        field: z.enum(ISSUE_SORT_FIELDS, { error: `Sort by one of ${ISSUE_SORT_FIELDS.join(', ')}.` }),
        direction: z.enum(['asc', 'desc']).optional(),
      })
      .optional(),
    limit: z
      .number()
      .int()
      .min(1, { error: 'limit must be at least 1.' })
      .max(MAX_PAGE_SIZE, { error: `limit must be at most ${MAX_PAGE_SIZE}.` })
      .default(DEFAULT_PAGE_SIZE),
    offset: z.number().int().min(0, { error: 'offset cannot be negative.' }).optional(),
    /** The nextCursor of the previous page (same filters and sort): stable while rows are added. */
    cursor: z.string().min(1).optional(),
  })
  .refine((options) => !(options.cursor && options.offset), { error: 'Give either offset or cursor, not both.', path: ['cursor'] });
export type ListIssuesOptions = z.input<typeof listIssuesOptionsSchema>;
export type ListIssuesQuery = z.output<typeof listIssuesOptionsSchema>;

export interface IssuePage {
  items: Issue[];
  /** Rows matching the filters, over all pages. */
  total: number;
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface IssueCounts {
  total: number;
  byStatus: Record<IssueStatus, number>;
  bySeverity: Record<IssueSeverity, number>;
  /** open + investigating, per severity: the open badge and its tooltip. */
  activeBySeverity: Record<IssueSeverity, number>;
}

export const searchOptionsSchema = z.strictObject({
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  offset: z.number().int().min(0).default(0),
});
export type SearchOptions = z.input<typeof searchOptionsSchema>;

/**
 * Text with its matched parts as [start, end) ranges of UTF-16 code units. The UI renders the text as text
 * and styles the ranges: nothing here is markup.
 */
export interface HighlightedText {
  text: string;
  ranges: Array<[number, number]>;
}

export interface SearchHit {
  issue: Issue;
  /** The whole title, matches marked. */
  title: HighlightedText;
  /** A window of the description around the best match ('…' where cut); empty when there is no description. */
  snippet: HighlightedText;
  /** 0 when the title matches, 1 when only the description does (lower is better; hits come best first). */
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Every issue the query matches. */
  total: number;
}

export interface StatusChange {
  /** Issues whose status changed, after the change. */
  changed: Issue[];
  /** Ids that already had the status. */
  unchanged: string[];
  /** Ids with no issue (deleted meanwhile, e.g. in another window). */
  missing: string[];
}

export interface DeletedIssue {
  id: string;
  /** Rows removed with the issue by ON DELETE CASCADE. */
  cascaded: CascadeCounts;
}

export interface CascadeCounts {
  logFiles: number;
  piiSpans: number;
  images: number;
  steps: number;
  documents: number;
  timelineEvents: number;
  conversations: number;
  messages: number;
}

export interface DeleteManyResult {
  deleted: DeletedIssue[];
  missing: string[];
}

export { parseInput, ValidationError } from './validation';
export type { ValidationProblem } from './validation';
