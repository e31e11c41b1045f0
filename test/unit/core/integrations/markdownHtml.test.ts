// An incident's description as Azure DevOps' HTML: the text as typed, never read as Markdown, its lines kept.
import * as assert from 'node:assert/strict';
import { textToHtml } from '../../../../src/core/integrations/markdownHtml';

describe('Plain text → HTML for Azure DevOps', () => {
  it('shows Markdown characters as typed: no heading, emphasis, link or list', () => {
    const html = textToHtml('# of failed pods: 12\nRetry *all* jobs in __pycache__ and *.log\n[Email]: https://runbook.example.com\n- not a list\n<script>alert(1)</script>');
    assert.doesNotMatch(html, /<(?:h\d|strong|em|a|ul|li|script)\b/);
    for (const line of ['# of failed pods: 12', 'Retry *all* jobs in __pycache__ and *.log', '[Email]: https://runbook.example.com', '- not a list', '&lt;script&gt;alert(1)&lt;/script&gt;']) assert.ok(html.includes(line), `${line} in ${html}`);
  });

  it('keeps line breaks and paragraphs', () => {
    assert.equal(textToHtml('10.0.4.11: unreachable\n10.0.4.12: degraded\n\n    at Pool.get(Pool.java:42)'), '<p>10.0.4.11: unreachable<br>\n10.0.4.12: degraded</p>\n<p>at Pool.get(Pool.java:42)</p>');
  });
});
