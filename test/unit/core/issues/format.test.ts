import * as assert from 'node:assert/strict';
import {
  escapeHtmlText,
  filterMessage,
  formatAge,
  formatBytes,
  issueDescription,
  isFilterActive,
  markRanges,
  parseSqlTimestamp,
  severityIcon,
  statusBarText,
  statusBarTooltip,
  toFtsQuery,
} from '../../../../src/core/issues/format';
import type { IssueCounts } from '../../../../src/core/model/issue';

const now = Date.UTC(2026, 10, 28, 12, 0, 0);

function counts(partial: Partial<IssueCounts['activeBySeverity']>, open: number, investigating = 0): IssueCounts {
  return {
    total: open + investigating,
    byStatus: { open, investigating, resolved: 0, closed: 0 },
    bySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
    activeBySeverity: { critical: 0, high: 0, medium: 0, low: 0, ...partial },
  };
}

describe('issue formatting for the sidebar', () => {
  it('reads the seed timestamps as UTC', () => {
    assert.equal(parseSqlTimestamp('2026-11-28 12:00:00'), now);
    assert.ok(Number.isNaN(parseSqlTimestamp('yesterday')));
  });

  it('gives short ages', () => {
    assert.equal(formatAge('2026-11-28 11:59:30', now), 'now');
    assert.equal(formatAge('2026-11-28 11:55:00', now), '5m');
    assert.equal(formatAge('2026-11-28 09:00:00', now), '3h');
    assert.equal(formatAge('2026-11-26 12:00:00', now), '2d');
    assert.equal(formatAge('2026-10-01 12:00:00', now), '8w');
    assert.equal(formatAge('2024-11-28 12:00:00', now), '2y');
    assert.equal(formatAge('2026-11-28 13:00:00', now), 'now', 'a clock ahead is not a negative age');
    assert.equal(formatAge('garbage', now), '');
  });

  it('describes an issue by category and age, leaving out what is missing', () => {
    assert.equal(issueDescription({ category: 'database', createdAt: '2026-11-28 09:00:00' }, now), 'database · 3h');
    assert.equal(issueDescription({ category: null, createdAt: '2026-11-28 09:00:00' }, now), '3h');
  });

  it('maps severities to codicons and theme colours, with a fallback for imported words', () => {
    assert.deepEqual(severityIcon('critical'), { icon: 'flame', color: 'errorForeground' });
    assert.equal(severityIcon('high').color, 'list.warningForeground');
    assert.equal(severityIcon('urgent').icon, 'circle-outline');
  });

  it('summarises a filter, and none when empty', () => {
    assert.equal(filterMessage({}), undefined);
    assert.equal(isFilterActive({ status: [] }), false);
    assert.equal(filterMessage({ status: ['open', 'investigating'], tag: 'db' }), 'Filtered by status Open, Investigating; tag "db".');
    assert.equal(filterMessage({ severity: ['critical'], assignedTo: 'ana' }), 'Filtered by severity Critical; assignee "ana".');
  });

  it('calls out critical incidents in the status bar only when there are some', () => {
    assert.equal(statusBarText(counts({}, 3)), '$(pulse) 3 open');
    assert.equal(statusBarText(counts({ critical: 1, low: 3 }, 3, 1)), '$(pulse) 4 open · 1 critical');
    assert.match(statusBarTooltip(counts({ critical: 1, low: 3 }, 3, 1)), /4 open incidents .*1 critical, 3 low/);
    assert.match(statusBarTooltip(counts({ low: 1 }, 1)), /1 open incident \(/);
  });

  it('marks search matches without markup', () => {
    assert.equal(markRanges('database down', [[0, 8]]), '‹database› down');
    assert.equal(markRanges('a b c', [[0, 1], [4, 5]]), '‹a› b ‹c›');
    assert.equal(markRanges('<b>x</b>', [[3, 4]]), '<b>‹x›</b>', 'text stays text');
    assert.equal(markRanges('abc', [[2, 9]]), 'abc', 'a range past the end is ignored');
  });

  it('formats sizes', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(20 * 1024 * 1024), '20 MB');
    assert.equal(formatBytes(null), '');
  });
});

describe('escapeHtmlText', () => {
  it('turns tags and entities into text', () => {
    assert.equal(escapeHtmlText('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)>');
    assert.equal(escapeHtmlText('a &lt; b'), 'a &amp;lt; b');
  });
});

describe('toFtsQuery', () => {
  it('makes plain words prefix terms and passes FTS5 syntax through', () => {
    assert.equal(toFtsQuery('datab down'), '"datab"* "down"*');
    assert.equal(toFtsQuery('  '), '');
    assert.equal(toFtsQuery('"root cause"'), '"root cause"');
    assert.equal(toFtsQuery('kafka OR zookeeper'), 'kafka OR zookeeper');
    assert.equal(toFtsQuery('title:disk'), 'title:disk');
    assert.equal(toFtsQuery('consum*'), 'consum*');
    assert.equal(toFtsQuery('or and'), '"or"* "and"*', 'lower-case words are words, not operators');
  });
});
