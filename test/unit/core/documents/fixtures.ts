// A realistic incident snapshot for the document tests: five whys, two logs, a timeline with a root cause.
import type { IncidentSnapshot } from '../../../../src/core/documents/snapshot';
import type { Issue } from '../../../../src/core/model/issue';

export const LOG_A = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
export const LOG_B = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';

export function issue(overrides: Partial<Issue> = {}): Issue {
  return {
    id: '0190a1b2-0000-7000-8000-000000000001',
    title: 'Checkout latency spike',
    description: 'p99 latency of /checkout rose from 300 ms to 9 s.\n\nCustomers saw timeouts.',
    severity: 'high',
    status: 'resolved',
    category: 'Performance',
    source: 'PagerDuty',
    createdAt: '2026-03-01 10:00:00',
    updatedAt: '2026-03-01 14:30:00',
    resolvedAt: '2026-03-01 14:30:00',
    assignedTo: 'Dana',
    tags: ['checkout', 'db'],
    ...overrides,
  };
}

export function fullSnapshot(overrides: Partial<IncidentSnapshot> = {}): IncidentSnapshot {
  return {
    issue: issue(),
    timeline: [
      { eventType: 'triage_started', description: 'Issue created', metadata: null, createdAt: '2026-03-01 10:00:00' },
      { eventType: 'log_uploaded', description: 'Log attached: api.log', metadata: { file_name: 'api.log' }, createdAt: '2026-03-01 10:05:00' },
      { eventType: 'why_level_advanced', description: 'Why 1 answered', metadata: { from_level: 1, to_level: 2, question: 'Why slow?' }, createdAt: '2026-03-01 10:20:00' },
      { eventType: 'root_cause_identified', description: 'Root cause identified', metadata: { root_cause: 'Missing index on orders.customer_id', confidence: 0.9 }, createdAt: '2026-03-01 11:15:00' },
    ],
    steps: [
      { stepOrder: 1, whyQuestion: 'Why was checkout slow?', answer: 'The orders query took 8 s.', evidence: `See log:${LOG_A}#L10-L20 and log:${LOG_B}#L7` },
      { stepOrder: 2, whyQuestion: 'Why did the query take 8 s?', answer: 'It scanned the whole table.', evidence: null },
      { stepOrder: 3, whyQuestion: 'Why a full scan?', answer: 'No index on customer_id.', evidence: null },
      { stepOrder: 4, whyQuestion: 'Why no index?', answer: 'The migration dropped it.', evidence: null },
      { stepOrder: 5, whyQuestion: 'Why was that not caught?', answer: 'No query-plan check in CI.', evidence: null },
    ],
    logs: [
      { id: LOG_A, fileName: 'api.log', fileSize: 2048, redacted: true, contentHash: 'abcdef0123456789'.repeat(4), uploadedAt: '2026-03-01 10:05:00', piiScanned: true },
      { id: LOG_B, fileName: 'db_slow|query.log', fileSize: 5_242_880, redacted: false, contentHash: '0123456789abcdef'.repeat(4), uploadedAt: '2026-03-01 10:06:00', piiScanned: true },
    ],
    generatedAt: Date.UTC(2026, 2, 2, 9, 0, 0),
    ...overrides,
  };
}

/** The `## ` headings of a Markdown text, in order. */
export function headings(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));
}

/** The body of one `## ` section. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const rest = markdown.slice(start + heading.length + 5);
  const end = rest.indexOf('\n## ');
  return end < 0 ? rest : rest.slice(0, end);
}
