// An answer from the model rendered for the chat: Markdown yes, raw HTML never, no images fetched, only safe links;
// log-line references become links the panel opens in the stored log.
import * as assert from 'node:assert/strict';
import { externalLink, renderAnswer } from '../../../src/webview/assistant/chatMarkdown';

describe('AI chat: rendering an answer', () => {
  it('renders Markdown', () => {
    const html = renderAnswer('**Cause**: the pool\n\n- one\n- two\n\n```\nGET /pay 502\n```');
    assert.match(html, /<strong>Cause<\/strong>/);
    assert.match(html, /<li>one<\/li>/);
    assert.match(html, /<pre><code>GET \/pay 502\n<\/code><\/pre>/);
  });

  it('shows HTML from the model as text', () => {
    const html = renderAnswer('Look: <img src=x onerror=alert(1)> and <script>alert(2)</script>\n\n<iframe src="https://evil"></iframe>');
    assert.ok(!/<img|<script|<iframe/i.test(html), html);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
  });

  it('fetches no image and refuses script links', () => {
    const html = renderAnswer('![pixel](https://tracker.example/p.png) [x](javascript:alert(1)) [ok](https://example.com/a?b=1)');
    assert.ok(!html.includes('<img'), html);
    assert.ok(!/href="javascript/i.test(html), html);
    assert.match(html, /<a href="https:\/\/example.com\/a\?b=1">ok<\/a>/);
  });

  it('turns log references into links, not inside code or another link', () => {
    const html = renderAnswer('See log:abc-1#L2-L3 and log:abc-1#L7. `log:abc-1#L9` [log:abc-1#L4](https://x.example)');
    assert.match(html, /See <a href="log:abc-1#L2-L3" class="log-ref">log:abc-1#L2-L3<\/a> and <a href="log:abc-1#L7" class="log-ref">log:abc-1#L7<\/a>\./);
    assert.match(html, /<code>log:abc-1#L9<\/code>/);
    assert.match(html, /<a href="https:\/\/x.example">log:abc-1#L4<\/a>/);
  });

  it('opens only web and mail links', () => {
    assert.equal(externalLink('https://example.com/x')?.hostname, 'example.com');
    assert.equal(externalLink('http://localhost:8080')?.port, '8080');
    assert.ok(externalLink('mailto:oncall@example.com'));
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.quit', 'vscode://x', 'not a url', 'data:text/html,hi']) {
      assert.equal(externalLink(bad), undefined, bad);
    }
  });
});
