// AI requests share one mining or indexing run per log, and a log whose content cannot be read is not read again.
import * as assert from 'node:assert/strict';
import { ContentError } from '../../../../src/storage/content/errors';
import { OncePerLog } from '../../../../src/storage/ai/oncePerLog';

describe('work once per log (AI context preparation)', () => {
  it('requests at the same time share one run; a later request runs again (the caller checks what is stored first)', async () => {
    const once = new OncePerLog<number>();
    let runs = 0;
    const work = () => new Promise<number>((resolve) => setImmediate(() => resolve(++runs)));
    assert.deepEqual(await Promise.all([once.run('a', work), once.run('a', work), once.run('b', work)]), [1, 1, 2]);
    assert.equal(await once.run('a', work), 3);
  });

  it('remembers a log whose content cannot be read, but not a failure that may pass', async () => {
    const once = new OncePerLog<void>();
    let reads = 0;
    const failing = (error: Error) => () => {
      reads++;
      return Promise.reject(error);
    };
    const damaged = new ContentError('CORRUPT_CONTENT', 'The stored content of big.log is damaged.');
    await assert.rejects(once.run('damaged', failing(damaged)), (e) => e === damaged);
    await assert.rejects(once.run('damaged', failing(new Error('not asked'))), (e) => e === damaged, 'the same error, without reading again');
    assert.equal(reads, 1);

    for (const code of ['NO_CONTENT', 'UNSUPPORTED_ENCODING', 'DECOMPRESSION_BOMB', 'CONTENT_TOO_LARGE']) {
      const error = new ContentError(code as ContentError['code'], code);
      await assert.rejects(once.run(code, failing(error)));
      await assert.rejects(once.run(code, failing(new Error('not asked'))), (e) => e === error, code);
    }
    assert.equal(reads, 5);

    for (const error of [new ContentError('CANCELLED', 'Mining was cancelled.'), new Error('SQLITE_BUSY: database is locked')]) {
      await assert.rejects(once.run('transient', failing(error)));
      await once.run('transient', () => Promise.resolve());
    }
    assert.equal(reads, 7);
  });
});
