import * as assert from 'node:assert/strict';
import { formatDuration, hashPrefix, incidentMetrics, redactionState, showTime } from '../../../../src/core/documents/incidentFacts';
import { fullSnapshot, issue } from './fixtures';

describe('incident facts for documents', () => {
  it('formats durations with their two largest units', () => {
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(45_000), '45 s');
    assert.equal(formatDuration(65 * 60_000), '1 h 5 min');
    assert.equal(formatDuration(2 * 86_400_000 + 3 * 3_600_000 + 59_000), '2 d 3 h');
    assert.equal(formatDuration(-5), '0 s');
  });

  it('metrics: created → resolved and created → first root cause; null while unknown or unparsable', () => {
    assert.deepEqual(incidentMetrics(fullSnapshot()), { durationMs: 4.5 * 3_600_000, timeToRootCauseMs: 75 * 60_000 });
    assert.deepEqual(incidentMetrics(fullSnapshot({ issue: issue({ resolvedAt: null }), timeline: [] })), { durationMs: null, timeToRootCauseMs: null });
    assert.deepEqual(incidentMetrics(fullSnapshot({ issue: issue({ createdAt: 'garbage' }) })), { durationMs: null, timeToRootCauseMs: null });
  });

  it('shows seed timestamps in UTC, and text that does not parse as it is', () => {
    assert.equal(showTime('2026-03-01 10:00:59'), '2026-03-01 10:00 UTC');
    assert.equal(showTime('yesterday'), 'yesterday');
    assert.equal(showTime(null), '—');
  });

  it('a desktop import marked redacted but never scanned is not shown as redacted', () => {
    const log = fullSnapshot().logs[0]!;
    assert.equal(redactionState({ ...log, redacted: true, piiScanned: false }), 'not scanned (marked redacted on import)');
    assert.equal(redactionState({ ...log, redacted: true, piiScanned: true }), 'yes');
    assert.equal(redactionState({ ...log, redacted: false }), 'no');
    assert.equal(hashPrefix(null), '—');
    assert.equal(hashPrefix('f'.repeat(64)), '`ffffffffffff`');
  });
});
