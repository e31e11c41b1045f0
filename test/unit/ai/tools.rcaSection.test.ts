// The @trcaa participant's accepted RCA section replaces exactly that section's body (views/assistant/rcaSection.ts).
import * as assert from 'node:assert/strict';
import { replaceSection, sectionBody } from '../../../src/views/assistant/rcaSection';

const DOC = ['# RCA — Checkout down', '', '_Generated._', '', '## Root Cause', '', '_To be written._', '', '## Corrective Actions', '', '### Immediate', '', '- x', '', '## Lessons Learned', '', '- y', ''].join('\n');

describe('tools: an accepted RCA section replaces that section only', () => {
  it('replaces the body between its heading and the next ## heading (### inside it goes too)', () => {
    const out = replaceSection(DOC, 'Corrective Actions', '- roll back the deploy\n- add a canary');
    assert.equal(sectionBody(out, 'Corrective Actions'), '- roll back the deploy\n- add a canary');
    assert.equal(sectionBody(out, 'Root Cause'), '_To be written._');
    assert.equal(sectionBody(out, 'Lessons Learned'), '- y');
    assert.ok(!out.includes('### Immediate'));
  });

  it('matches the heading in any case; the last section runs to the end', () => {
    const out = replaceSection(DOC, 'lessons learned', 'Test the fallback.');
    assert.ok(out.endsWith('## Lessons Learned\n\nTest the fallback.\n'), JSON.stringify(out.slice(-60)));
  });

  it('ignores ## lines inside fenced code, and appends a section the document lacks', () => {
    const fenced = replaceSection(DOC, 'Root Cause', 'Pool exhausted:\n```\n## not a heading\n```');
    assert.equal(sectionBody(fenced, 'Root Cause'), 'Pool exhausted:\n```\n## not a heading\n```');
    assert.equal(sectionBody(fenced, 'Corrective Actions')?.startsWith('### Immediate'), true);
    const appended = replaceSection(DOC, 'Impact', 'Half the checkouts failed.');
    assert.ok(appended.endsWith('## Impact\n\nHalf the checkouts failed.\n'));
    assert.equal(sectionBody(appended, 'Lessons Learned'), '- y');
  });
});
