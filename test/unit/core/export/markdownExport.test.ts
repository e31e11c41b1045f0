import * as assert from 'node:assert/strict';
import { markdownExport } from '../../../../src/core/export/markdownExport';

describe('Markdown export', () => {
  it('is the stored text itself when it ends with a newline', () => {
    const stored = '# RCA\r\n\nTrailing spaces  \n\t<script>alert(1)</script>\n\n';
    assert.equal(markdownExport(stored), stored);
  });

  it('only adds the missing final newline', () => {
    assert.equal(markdownExport('# RCA\n\nbody'), '# RCA\n\nbody\n');
  });

  it('leaves an empty document empty', () => {
    assert.equal(markdownExport(''), '');
  });
});
