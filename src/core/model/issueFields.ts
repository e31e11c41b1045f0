// An issue's fixed vocabularies and limits: plain values, shared by the schemas (issue.ts) and the views.

/** The seed's severity words, most severe first. */
export const ISSUE_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type IssueSeverity = (typeof ISSUE_SEVERITIES)[number];

/** The seed's statuses, in workflow order. */
export const ISSUE_STATUSES = ['open', 'investigating', 'resolved', 'closed'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 100_000;
export const MAX_FIELD_LENGTH = 200;
export const MAX_TAG_LENGTH = 50;
export const MAX_TAGS = 32;
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

/** An issue as stored (the seed's columns), camelCase; dates are the seed's TEXT 'YYYY-MM-DD HH:MM:SS' UTC. */
