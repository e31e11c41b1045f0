import * as assert from 'node:assert/strict';
import { newId } from '../../../../src/storage/ids';
import { failsWith, useAttachmentStore } from './attachmentTestStore';

describe('ResolutionStepRepository (5 Whys)', () => {
  const ctx = useAttachmentStore();

  it('keeps one row per issue and step_order: upsert creates, then updates what is given', () => {
    const { store, addIssue, db, clock } = ctx();
    const issueId = addIssue();
    const created = store.steps.upsert(issueId, 1, { whyQuestion: 'Why did checkout fail?' });
    assert.equal(created.answer, null);
    assert.equal(created.createdAt, '2026-01-02 03:04:05');
    clock.advance(60_000);
    const answered = store.steps.upsert(issueId, 1, { whyQuestion: 'Why did checkout fail?', answer: 'DB pool exhausted', evidence: 'pool metrics' });
    assert.equal(answered.id, created.id);
    assert.equal(answered.createdAt, created.createdAt, 'created_at stays');
    const reworded = store.steps.upsert(issueId, 1, { whyQuestion: 'Why did checkout return 503?' });
    assert.equal(reworded.answer, 'DB pool exhausted', 'an omitted answer is kept');
    assert.equal(reworded.evidence, 'pool metrics');
    const cleared = store.steps.upsert(issueId, 1, { whyQuestion: 'Why did checkout return 503?', evidence: null });
    assert.equal(cleared.evidence, null, 'null clears');
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM resolution_steps')?.n, 1);
    assert.deepEqual(store.steps.listForIssue(issueId), [cleared]);
  });

  it('lists in step order and deletes one level', () => {
    const { store, addIssue } = ctx();
    const issueId = addIssue();
    const other = addIssue('other');
    for (const order of [3, 1, 5, 2, 4]) store.steps.upsert(issueId, order, { whyQuestion: `Why ${order}?` });
    store.steps.upsert(other, 1, { whyQuestion: 'Other why?' });
    assert.deepEqual(store.steps.listForIssue(issueId).map((s) => s.stepOrder), [1, 2, 3, 4, 5]);
    assert.equal(store.steps.delete(issueId, 3), true);
    assert.equal(store.steps.delete(issueId, 3), false);
    assert.deepEqual(store.steps.listForIssue(issueId).map((s) => s.whyQuestion), ['Why 1?', 'Why 2?', 'Why 4?', 'Why 5?']);
    assert.equal(store.steps.listForIssue(other).length, 1);
  });

  it('validates step_order 1-5 (whole numbers) and the question', async () => {
    const { store, addIssue } = ctx();
    const issueId = addIssue();
    for (const bad of [0, 6, -1, 2.5, Number.NaN]) {
      const error = await failsWith(() => store.steps.upsert(issueId, bad, { whyQuestion: 'Why?' }), 'VALIDATION');
      if (!Number.isNaN(bad)) assert.match(error.message, /step_order must be/);
      await failsWith(() => store.steps.delete(issueId, bad), 'VALIDATION');
    }
    await failsWith(() => store.steps.upsert(issueId, '2' as never, { whyQuestion: 'Why?' }), 'VALIDATION');
    await failsWith(() => store.steps.upsert(issueId, 1, { whyQuestion: '   ' }), 'VALIDATION');
    await failsWith(() => store.steps.upsert(newId(), 1, { whyQuestion: 'Why?' }), 'NOT_FOUND');
    assert.deepEqual(store.steps.listForIssue(issueId), []);
  });

  it('go with their issue (cascade)', () => {
    const { store, addIssue, db } = ctx();
    const issueId = addIssue();
    store.steps.upsert(issueId, 1, { whyQuestion: 'Why?' });
    db.exec('DELETE FROM issues WHERE id = ?', [issueId]);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM resolution_steps')?.n, 0);
  });
});
