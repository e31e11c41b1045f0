// The facts of an incident at their edges: a minute exactly, three units, a revised or unreadable root cause, whys
// out of order or half answered, a log without size or hash, every timeline event's label.
import * as assert from 'node:assert/strict';
import {
  assemble,
  formatDuration,
  identifiedRootCause,
  logsTable,
  metricsTable,
  rootCauseText,
  summaryTable,
  timelineTable,
  whysSection,
} from '../../../../src/core/documents/incidentFacts';
import type { SnapshotEvent, SnapshotStep } from '../../../../src/core/documents/snapshot';
import { fullSnapshot, issue, LOG_A } from './fixtures';

const event = (eventType: string, metadata: unknown = null, createdAt = '2026-03-01 11:00:00'): SnapshotEvent => ({ eventType, description: `${eventType} happened`, metadata: metadata as SnapshotEvent['metadata'], createdAt });
const step = (stepOrder: number, answer: string | null, evidence: string | null = null): SnapshotStep => ({ stepOrder, whyQuestion: `Why ${stepOrder}?`, answer, evidence });

describe('incident facts: edges', () => {
  it('durations: 59 s stays seconds, a minute exactly is 1 min, three units keep the two largest', () => {
    assert.equal(formatDuration(59_000), '59 s');
    assert.equal(formatDuration(60_000), '1 min');
    assert.equal(formatDuration(86_400_000 + 2 * 3_600_000 + 3 * 60_000), '1 d 2 h');
  });

  it('every timeline event has its label; an unknown type is shown as it is', () => {
    const types = ['triage_started', 'log_uploaded', 'why_level_advanced', 'root_cause_identified', 'rca_generated', 'postmortem_generated', 'document_exported', 'status_changed', 'custom_event'];
    const table = timelineTable(fullSnapshot({ timeline: types.map((type) => event(type)) }));
    const labels = table.split('\n').slice(2).map((row) => row.split(' | ')[1]);
    assert.deepEqual(labels, ['Triage started', 'Log uploaded', 'Why level advanced', 'Root cause identified', 'RCA generated', 'Post-mortem generated', 'Document exported', 'Status changed', 'custom_event']);
  });

  it('the root cause is the latest readable identification; other events and unreadable metadata do not count', () => {
    const timeline = [
      event('root_cause_identified', { root_cause: 'First guess', confidence: 0.3 }),
      event('root_cause_identified', { root_cause: 'Missing index', confidence: 0.9 }, '2026-03-01 12:00:00'),
      event('status_changed', { root_cause: 'Not an identification' }),
      event('root_cause_identified', { something: 'else' }),
    ];
    assert.equal(identifiedRootCause(fullSnapshot({ timeline }))?.rootCause, 'Missing index');
    assert.equal(identifiedRootCause(fullSnapshot({ timeline: [event('status_changed', { root_cause: 'x' })] })), null);
  });

  it('a root cause identified without a confidence is stated alone', () => {
    assert.equal(rootCauseText(fullSnapshot({ timeline: [event('root_cause_identified', { root_cause: 'Missing index' })] })), 'Missing index');
  });

  it('unconfirmed: the deepest answered level is the candidate, a blank answer skipped', () => {
    const text = rootCauseText(fullSnapshot({ timeline: [], steps: [step(1, 'Disk full'), step(2, 'Logs never rotated'), step(3, '   ')] }));
    assert.equal(text, 'Not confirmed yet. The deepest answer of the 5 Whys (level 2):\n\n> Logs never rotated\n\n_To be written: confirm the root cause (Mark Root Cause) or state it here_');
  });

  it('whys in level order; a blank answer is not answered; evidence on one line, a detached log said so', () => {
    const steps = [
      step(2, '  ', '   '),
      step(1, 'Disk full', `  first \n\n  second log:${LOG_A}#L3 then log:0190a1b2-dead-7000-8000-000000000009#L4-L6  `),
    ];
    assert.equal(whysSection(fullSnapshot({ steps })), [
      '**Why 1: Why 1?**',
      '',
      '- Answer: Disk full',
      `- Evidence: first second \`log:${LOG_A}#L3\` (api.log, line 3) then \`log:0190a1b2-dead-7000-8000-000000000009#L4-L6\` (a log no longer attached, lines 4–6)`,
      '',
      '**Why 2: Why 2?**',
      '',
      '- Answer: _not answered yet_',
    ].join('\n'));
  });

  it('metrics count answered levels only; a creation time that does not parse leaves the duration "not yet"', () => {
    const metrics = metricsTable(fullSnapshot({ steps: [step(1, 'a'), step(2, ' '), step(3, null)] }));
    assert.ok(metrics.includes('| 5 Whys levels answered | 1 of 3 |'), metrics);
    const unparsed = metricsTable(fullSnapshot({ issue: issue({ createdAt: 'yesterday', resolvedAt: null }) }));
    assert.ok(unparsed.includes('| Created | yesterday |'), unparsed);
    assert.ok(unparsed.includes('| Duration | not yet |'), unparsed);
  });

  it('a log of unknown size, without hash, marked redacted on import without a scan', () => {
    const table = logsTable(fullSnapshot({ logs: [{ id: LOG_A, fileName: 'old.log', fileSize: null, redacted: true, contentHash: null, uploadedAt: '', piiScanned: false }] }));
    assert.equal(table.split('\n')[2], '| old.log | unknown | not scanned (marked redacted on import) | — | — |');
  });

  it('the summary table without extra rows ends with the issue id', () => {
    const rows = summaryTable(fullSnapshot()).split('\n');
    assert.equal(rows[0], '| Field | Value |');
    assert.equal(rows.at(-1), '| Issue ID | 0190a1b2-0000-7000-8000-000000000001 |');
    assert.equal(rows.length, 2 + 10);
  });

  it('a document without a preamble has no empty paragraph', () => {
    assert.deepEqual(assemble('T', '', [['A', 'body']]), { markdown: '# T\n\n## A\n\nbody\n', sectionCount: 1 });
  });
});
