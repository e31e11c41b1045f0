import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { generatePostmortem, POSTMORTEM_SECTIONS } from '../../../../src/core/documents/postmortem';
import { fullSnapshot, headings, issue, section } from './fixtures';

const md = new MarkdownIt({ html: false });

describe('Post-mortem generation', () => {
  it('has every section of docs/domain.md, in order, as ## headings', () => {
    const doc = generatePostmortem(fullSnapshot());
    assert.deepEqual(headings(doc.markdown), [
      'Metadata', 'Executive Summary', 'Impact', 'Timeline', 'Root Cause Analysis', 'Contributing Factors', 'What Went Well', 'What Could Be Improved', 'Action Items', 'Appendix: Log Files',
    ]);
    assert.deepEqual([...POSTMORTEM_SECTIONS], headings(doc.markdown));
    assert.equal(doc.sectionCount, 10);
    assert.equal(doc.timelineEventsCount, 4);
    assert.equal(doc.title, 'Post-mortem — Checkout latency spike');
  });

  it('fills metadata, summary, timeline, 5 whys, root cause and logs with the incident', () => {
    const doc = generatePostmortem(fullSnapshot());
    const meta = section(doc.markdown, 'Metadata');
    assert.ok(meta.includes('| Duration | 4 h 30 min |'));
    assert.ok(meta.includes('| Time to root cause | 1 h 15 min |'));
    assert.ok(meta.includes('| Severity | high |'));
    assert.ok(section(doc.markdown, 'Executive Summary').includes('A high-severity incident, "Checkout latency spike", opened 2026-03-01 10:00 UTC; resolved 2026-03-01 14:30 UTC after 4 h 30 min.'));
    assert.ok(section(doc.markdown, 'Impact').includes('- Duration: 4 h 30 min'));
    assert.equal(section(doc.markdown, 'Timeline').split('\n').filter((line) => line.startsWith('| 2026-')).length, 4);
    const rca = section(doc.markdown, 'Root Cause Analysis');
    assert.ok(rca.includes('### 5 Whys') && rca.includes('### Root Cause'));
    assert.ok(rca.includes('**Why 5: Why was that not caught?**'));
    assert.ok(rca.includes('Missing index on orders.customer_id'));
    const appendix = section(doc.markdown, 'Appendix: Log Files');
    assert.ok(appendix.includes('| api.log | 2.0 KB (2,048 bytes) | yes | `abcdef012345` |'));
  });

  it('action items are a table of priority, action, owner, due, status', () => {
    const actions = section(generatePostmortem(fullSnapshot()).markdown, 'Action Items');
    assert.ok(actions.includes('| Priority | Action | Owner | Due | Status |'));
    assert.ok(actions.includes('| High | Fix the root cause so it cannot recur | Dana | 2026-03-16 | open |'), actions);
    const html = md.render(actions);
    assert.equal((html.match(/<th>/g) ?? []).length, 5);
  });

  it('contributing factors ask for blameless wording; judgement sections are italic prompts', () => {
    const doc = generatePostmortem(fullSnapshot());
    assert.match(section(doc.markdown, 'Contributing Factors'), /Blameless/);
    for (const heading of ['Contributing Factors', 'What Went Well', 'What Could Be Improved', 'Impact']) assert.match(section(doc.markdown, heading), /_To be written: /, heading);
    assert.ok(!doc.markdown.includes('<!--'));
  });

  it('an open incident without steps, logs or timeline', () => {
    const doc = generatePostmortem(fullSnapshot({ issue: issue({ status: 'open', resolvedAt: null, description: null, assignedTo: null }), steps: [], logs: [], timeline: [] }));
    assert.equal(doc.sectionCount, 10);
    assert.equal(doc.timelineEventsCount, 0);
    assert.ok(section(doc.markdown, 'Metadata').includes('| Duration | not yet resolved |'));
    assert.ok(section(doc.markdown, 'Executive Summary').includes('status: open.'));
    assert.ok(section(doc.markdown, 'Action Items').includes('| to be assigned |'));
    assert.ok(section(doc.markdown, 'Appendix: Log Files').includes('_No log files attached._'));
  });

  it('a script-tag title renders as text; emoji and CJK pass through', () => {
    const evil = md.render(generatePostmortem(fullSnapshot({ issue: issue({ title: '<script>alert(1)</script>' }) })).markdown);
    assert.ok(!/<script/i.test(evil));
    assert.ok(evil.includes('<h1>Post-mortem — &lt;script&gt;alert(1)&lt;/script&gt;</h1>'));
    const doc = generatePostmortem(fullSnapshot({ issue: issue({ title: '🔥 결제 오류 — 支付' }) }));
    assert.equal(doc.title, 'Post-mortem — 🔥 결제 오류 — 支付');
    assert.ok(md.render(doc.markdown).includes('<h1>Post-mortem — 🔥 결제 오류 — 支付</h1>'));
  });
});
