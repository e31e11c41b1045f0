// A change counts once its transaction commits: a rolled-back transaction (or savepoint) reports nothing, and the
// worker's reply carries the changes so the caller hears of them before its promise settles.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { Database } from '../../../../src/storage/database';
import { EngineClient } from '../../../../src/storage/engine/engineClient';
import type { StoreChange } from '../../../../src/storage/changes';
import { repoRoot } from '../../../host/paths';
import { useTempDir } from '../testFiles';

const change = (id: string): StoreChange => ({ entity: 'issue', kind: 'updated', ids: [id] });

describe('change reports: transactions', () => {
  const tempDir = useTempDir('trcaa-changes-tx-');
  let db: Database;
  beforeEach(async () => {
    db = await Database.open(path.join(tempDir(), 't.db'), { key: { kind: 'plain' } });
    db.exec('CREATE TABLE t(x)');
  });
  afterEach(() => db.close());

  it('reports a committed transaction once, merged per entity, kind and issue', () => {
    db.transaction(() => {
      db.exec('INSERT INTO t VALUES (1)');
      db.recordChange(change('a'));
      db.recordChange(change('b'));
      db.recordChange({ entity: 'log', kind: 'created', ids: ['l1'], issueId: 'a' });
      assert.deepEqual(db.takeChanges(), [], 'nothing counts before the commit');
    });
    assert.deepEqual(db.takeChanges(), [
      { entity: 'issue', kind: 'updated', ids: ['a', 'b'] },
      { entity: 'log', kind: 'created', ids: ['l1'], issueId: 'a' },
    ]);
    assert.deepEqual(db.takeChanges(), [], 'taken once');
  });

  it('merges a large multi-selection quickly (10 000 issues, one change)', () => {
    const started = Date.now();
    db.transaction(() => {
      for (let i = 0; i < 10_000; i++) db.recordChange(change(`issue-${i}`));
    });
    const [merged, ...rest] = db.takeChanges();
    assert.equal(merged?.ids.length, 10_000);
    assert.deepEqual(rest, []);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });

  it('reports nothing for a rolled-back transaction', () => {
    assert.throws(() =>
      db.transaction(() => {
        db.exec('INSERT INTO t VALUES (1)');
        db.recordChange(change('a'));
        throw new Error('fails after writing');
      }),
    );
    assert.deepEqual(db.query('SELECT * FROM t'), []);
    assert.deepEqual(db.takeChanges(), []);
  });

  it('drops a rolled-back savepoint and keeps the rest of its transaction', () => {
    db.transaction(() => {
      db.recordChange(change('outer'));
      assert.throws(() =>
        db.transaction(() => {
          db.recordChange(change('inner'));
          throw new Error('inner fails');
        }),
      );
      db.transaction(() => db.recordChange(change('released')));
    });
    assert.deepEqual(db.takeChanges(), [{ entity: 'issue', kind: 'updated', ids: ['outer', 'released'] }]);
  });

  describe('through the worker', () => {
    let client: EngineClient;
    beforeEach(async () => {
      client = new EngineClient(path.join(repoRoot, 'dist', 'dbWorker.js'));
      await client.api.open({ file: path.join(tempDir(), 'w.db'), key: { kind: 'plain' } });
    });
    afterEach(() => client.dispose());

    it('hears a write before the awaiting caller continues, and nothing from a failed one', async () => {
      const heard: StoreChange[][] = [];
      client.onChanges((changes) => heard.push(changes));
      const issue = await client.store.issues.create({ title: 'Disk full on db-1', severity: 'critical' });
      assert.deepEqual(
        heard.flat().find((c) => c.entity === 'issue'),
        { entity: 'issue', kind: 'created', ids: [issue.id] },
        'heard before create() resolved',
      );
      heard.length = 0;
      await client.store.issues.setStatus(issue.id, 'resolved');
      assert.deepEqual(heard.flat().map((c) => `${c.entity}:${c.kind}:${c.issueId ?? c.ids.join()}`).sort(), [`issue:updated:${issue.id}`, `timeline:created:${issue.id}`]);
      heard.length = 0;
      await assert.rejects(client.store.steps.answerWhy(issue.id, { level: 3, question: 'Why?', answer: 'x' }));
      await assert.rejects(client.store.issues.update('no-such-issue', { title: 'x' }));
      assert.deepEqual(heard, []);
    });
  });
});
