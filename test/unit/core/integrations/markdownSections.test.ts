// A document's sections and corrective actions as a Markdown reader sees them: a "#" line or a "- " line inside a
// code block is code, never a heading that ends the section or an action.
import * as assert from 'node:assert/strict';
import { listItems, sectionText } from '../../../../src/core/integrations/markdownSections';

describe('Markdown sections and list items', () => {
  it('finds a section up to the next level-1 or level-2 heading, any case, closing hashes allowed', () => {
    const md = '# RCA\n\n## Summary\n\nx\n\n## Root Cause ##\n\nThe pool shrank.\n\n### Detail\n\nTwice.\n\n## Actions\n\n- y';
    assert.equal(sectionText(md, 'Root Cause'), 'The pool shrank.\n\n### Detail\n\nTwice.');
    assert.equal(sectionText('## Root cause\n\nLast section', 'Root Cause'), 'Last section');
    assert.equal(sectionText('## Summary\n\nno cause', 'Root Cause'), null);
    assert.equal(sectionText('## Root Cause\n\n## Next\n\nx', 'Root Cause'), null, 'an empty section is none');
  });

  it('reads a "#" line inside a code block as code, not as the next heading', () => {
    const rca = '## Root Cause\n\nThe cron job ran:\n\n```\n# m h dom mon dow\n*/5 * * * * purge --all\n```\n\nwhich deleted the sessions table.\n\n## Log Files Analyzed\n\nnone';
    assert.equal(sectionText(rca, 'Root Cause'), 'The cron job ran:\n\n```\n# m h dom mon dow\n*/5 * * * * purge --all\n```\n\nwhich deleted the sessions table.');
  });

  it('keeps every action after a code block holding a "#" line', () => {
    const md = '## Corrective Actions\n\n- Restart the pool:\n\n```sh\n# drain first\nkubectl rollout restart deploy/api\n```\n\n- Add an alert on pool saturation\n- Raise max_connections\n\n## Lessons Learned\n';
    assert.deepEqual(listItems(sectionText(md, 'Corrective Actions') ?? ''), ['Restart the pool:', 'Add an alert on pool saturation', 'Raise max_connections']);
  });

  it('never takes a line of a code block for an action', () => {
    const md = '## Corrective Actions\n\n- Cap the pool in values.yaml:\n\n```yaml\nenv:\n  - name: POOL_MAX\n    value: "50"\n```\n\n    - indented code\n\n## Lessons Learned\n';
    assert.deepEqual(listItems(sectionText(md, 'Corrective Actions') ?? ''), ['Cap the pool in values.yaml:']);
  });

  it('gives each action as the text it reads, without the prompts still to be written', () => {
    const md = '### Immediate\n\n- Raise `max_connections` to 200 (see [runbook](https://wiki.example.com/db)) **owner: DBA**\n- Fix pool size \\[db\\-01\\] \\*now\\*\n- _Add alert on pool saturation_\n- [x] Rotate the key\n- _To be written: what will keep this root cause from recurring_\n\n1. Ordered\n   - nested detail\n';
    assert.deepEqual(listItems(md), ['Raise max_connections to 200 (see runbook) owner: DBA', 'Fix pool size [db-01] *now*', 'Add alert on pool saturation', 'Rotate the key', 'Ordered']);
  });
});
