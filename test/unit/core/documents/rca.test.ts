import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { generateRca, RCA_SECTIONS } from '../../../../src/core/documents/rca';
import { fullSnapshot, headings, issue, LOG_A, LOG_B, section } from './fixtures';

const md = new MarkdownIt({ html: false });

describe('RCA generation', () => {
  it('has every section of docs/domain.md, in order, as ## headings', () => {
    const doc = generateRca(fullSnapshot());
    assert.deepEqual(headings(doc.markdown), [
      'Issue Summary', 'Description', 'Incident Timeline', 'Incident Metrics', '5 Whys Analysis', 'Root Cause', 'Log Files Analyzed', 'Corrective Actions', 'Lessons Learned',
    ]);
    assert.deepEqual([...RCA_SECTIONS], headings(doc.markdown));
    assert.equal(doc.sectionCount, 9);
    assert.equal(doc.timelineEventsCount, 4);
    assert.equal(doc.title, 'RCA — Checkout latency spike');
    assert.ok(doc.markdown.startsWith('# RCA — Checkout latency spike\n'));
  });

  it('fills the summary table and description with the issue', () => {
    const doc = generateRca(fullSnapshot());
    const summary = section(doc.markdown, 'Issue Summary');
    for (const row of ['| Title | Checkout latency spike |', '| Severity | high |', '| Status | resolved |', '| Category | Performance |', '| Source | PagerDuty |', '| Assigned to | Dana |', '| Tags | checkout, db |', '| Created | 2026-03-01 10:00 UTC |', '| Resolved | 2026-03-01 14:30 UTC |']) {
      assert.ok(summary.includes(row), row);
    }
    assert.ok(section(doc.markdown, 'Description').includes('p99 latency of /checkout rose from 300 ms to 9 s.\n\nCustomers saw timeouts.'));
  });

  it('lists every timeline event as a table row', () => {
    const timeline = section(generateRca(fullSnapshot()).markdown, 'Incident Timeline');
    assert.ok(timeline.includes('| Time (UTC) | Event | Details |'));
    assert.ok(timeline.includes('| 2026-03-01 10:00 UTC | Triage started | Issue created |'));
    assert.ok(timeline.includes('| 2026-03-01 10:05 UTC | Log uploaded | Log attached: api.log |'));
    assert.ok(timeline.includes('| 2026-03-01 11:15 UTC | Root cause identified | Root cause identified |'));
    assert.equal(timeline.split('\n').filter((line) => line.startsWith('| 2026-')).length, 4);
  });

  it('computes duration and time to root cause; "not yet" while unknown', () => {
    const metrics = section(generateRca(fullSnapshot()).markdown, 'Incident Metrics');
    assert.ok(metrics.includes('| Duration | 4 h 30 min |'), metrics);
    assert.ok(metrics.includes('| Time to root cause | 1 h 15 min |'), metrics);
    const open = fullSnapshot({ issue: issue({ status: 'investigating', resolvedAt: null }), timeline: [] });
    const openMetrics = section(generateRca(open).markdown, 'Incident Metrics');
    assert.ok(openMetrics.includes('| Duration | not yet (open for 23 h when generated) |'), openMetrics);
    assert.ok(openMetrics.includes('| Time to root cause | not yet |'));
    assert.ok(openMetrics.includes('| Resolved | not yet |'));
  });

  it('writes the five whys with answers and evidence, log references kept and named', () => {
    const whys = section(generateRca(fullSnapshot()).markdown, '5 Whys Analysis');
    for (let level = 1; level <= 5; level++) assert.ok(whys.includes(`**Why ${level}: `), `level ${level}`);
    assert.ok(whys.includes('- Answer: No query-plan check in CI.'));
    assert.ok(whys.includes(`- Evidence: See \`log:${LOG_A}#L10-L20\` (api.log, lines 10–20) and \`log:${LOG_B}#L7\` (db_slow|query.log, line 7)`), whys);
  });

  it('states the identified root cause with its confidence', () => {
    const cause = section(generateRca(fullSnapshot()).markdown, 'Root Cause');
    assert.ok(cause.includes('Missing index on orders.customer_id'));
    assert.ok(cause.includes('confidence 90%'));
  });

  it('lists logs with name, size, redaction and hash prefix', () => {
    const logs = section(generateRca(fullSnapshot()).markdown, 'Log Files Analyzed');
    assert.ok(logs.includes('| api.log | 2.0 KB (2,048 bytes) | yes | `abcdef012345` | 2026-03-01 10:05 UTC |'), logs);
    assert.ok(logs.includes('| db_slow\\|query.log | 5.0 MB (5,242,880 bytes) | no | `0123456789ab` |'), logs);
    const html = md.render(logs);
    assert.match(html, /<td>db_slow\|query\.log<\/td>/, 'the pipe in a name stays in its cell');
  });

  it('prompts for what a person writes: italic text, never an HTML comment', () => {
    const doc = generateRca(fullSnapshot());
    const actions = section(doc.markdown, 'Corrective Actions');
    assert.ok(actions.includes('### Immediate') && actions.includes('### Long-term'));
    assert.match(actions, /_To be written: [^_]+_/);
    assert.match(section(doc.markdown, 'Lessons Learned'), /_To be written: /);
    assert.ok(!doc.markdown.includes('<!--'));
  });

  it('an incident without steps, logs, timeline or description still has every section', () => {
    const doc = generateRca(fullSnapshot({ issue: issue({ description: null, resolvedAt: null, status: 'open', category: null, tags: [] }), steps: [], logs: [], timeline: [] }));
    assert.equal(doc.sectionCount, 9);
    assert.equal(doc.timelineEventsCount, 0);
    assert.match(section(doc.markdown, 'Description'), /_To be written: /);
    assert.ok(section(doc.markdown, 'Incident Timeline').includes('_No timeline events recorded._'));
    assert.ok(section(doc.markdown, '5 Whys Analysis').includes('_No 5 Whys recorded yet._'));
    assert.match(section(doc.markdown, 'Root Cause'), /_To be written: /);
    assert.ok(section(doc.markdown, 'Log Files Analyzed').includes('_No log files attached._'));
    assert.ok(section(doc.markdown, 'Issue Summary').includes('| Category | — |'));
  });

  it('without a marked root cause, offers the deepest answer as a candidate', () => {
    const snapshot = fullSnapshot({ timeline: [] });
    const cause = section(generateRca(snapshot).markdown, 'Root Cause');
    assert.ok(cause.includes('Not confirmed yet'));
    assert.ok(cause.includes('> No query-plan check in CI.'));
  });

  it('a script-tag title renders as text (markdown-it, html disabled)', () => {
    const doc = generateRca(fullSnapshot({ issue: issue({ title: '<script>alert(1)</script>', description: '<img src=x onerror=alert(1)>' }) }));
    assert.equal(doc.title, 'RCA — <script>alert(1)</script>', 'the stored title is plain text');
    const html = md.render(doc.markdown);
    assert.ok(!/<script|<img/i.test(html));
    assert.ok(html.includes('<h1>RCA — &lt;script&gt;alert(1)&lt;/script&gt;</h1>'));
    assert.ok(html.includes('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  });

  it('emoji and CJK titles pass through', () => {
    for (const title of ['🔥 支付服务超时 🚨', 'ログイン障害 👩‍💻']) {
      const doc = generateRca(fullSnapshot({ issue: issue({ title }) }));
      assert.equal(doc.title, `RCA — ${title}`);
      assert.ok(doc.markdown.startsWith(`# RCA — ${title}\n`));
      assert.ok(md.render(doc.markdown).includes(`<h1>RCA — ${title}</h1>`));
    }
  });

  it('is deterministic: the same snapshot gives the same document', () => {
    assert.equal(generateRca(fullSnapshot()).markdown, generateRca(fullSnapshot()).markdown);
  });
});
