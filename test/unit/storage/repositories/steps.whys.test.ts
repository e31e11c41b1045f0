import * as assert from 'node:assert/strict';
import { newId } from '../../../../src/storage/ids';
import { isRemoteMethod } from '../../../../src/storage/store';
import { failsWith } from './attachmentTestStore';
import { useTestStore } from './testStore';

describe('ResolutionStepRepository: answering whys and marking the root cause', () => {
  const ctx = useTestStore('trcaa-whys-');

  const counts = () => {
    const { db } = ctx();
    const n = (sql: string) => db.get<{ n: number }>(sql)?.n ?? 0;
    return {
      steps: n('SELECT count(*) AS n FROM resolution_steps'),
      events: n('SELECT count(*) AS n FROM timeline_events'),
      audit: n('SELECT count(*) AS n FROM audit_log'),
      answers: n("SELECT count(*) AS n FROM resolution_steps WHERE answer IS NOT NULL AND answer <> ''"),
    };
  };

  /** Asserts `fn` fails with `code`, with a message matching `message`, and writes nothing. */
  async function refused(fn: () => unknown, code: string, message: RegExp): Promise<void> {
    const before = counts();
    const error = await failsWith(fn, code);
    assert.match(error.message, message);
    assert.deepEqual(counts(), before, 'nothing written');
  }

  const issue = (title = 'Checkout latency spike') => ctx().store.issues.create({ title, severity: 'high' }).id;

  it('answers the waiting level: stores it and records why_level_advanced with one audit row, in order to level 5', () => {
    const { store } = ctx();
    const issueId = issue();
    for (let level = 1; level <= 4; level++) {
      const before = counts();
      const { step, event } = store.steps.answerWhy(issueId, { level, question: ` Why ${level}? `, answer: ` Because ${level} ` });
      assert.equal(step.stepOrder, level);
      assert.equal(step.whyQuestion, `Why ${level}?`);
      assert.equal(step.answer, `Because ${level}`);
      assert.equal(step.evidence, null);
      assert.ok(event);
      assert.equal(event.eventType, 'why_level_advanced');
      assert.deepEqual(event.metadata, { from_level: level, to_level: level + 1, question: `Why ${level}?` });
      assert.deepEqual(counts(), { steps: before.steps + 1, events: before.events + 1, audit: before.audit + 1, answers: before.answers + 1 });
      const audit = store.audit.list({ action: 'timeline.why_level_advanced', entityId: issueId, limit: 1 });
      assert.deepEqual(JSON.parse(audit[0]?.details ?? '{}'), { event_id: event.id, from_level: level, to_level: level + 1, question: `Why ${level}?` });
    }
    // Level 5: nothing to advance to. The answer is stored, no event, no audit row.
    const before = counts();
    const last = store.steps.answerWhy(issueId, { level: 5, question: 'Why 5?', answer: 'Because 5' });
    assert.equal(last.event, null);
    assert.equal(last.step.answer, 'Because 5');
    assert.deepEqual(counts(), { ...before, steps: before.steps + 1, answers: before.answers + 1 });

    assert.equal(store.audit.list({ action: 'timeline.why_level_advanced', entityId: issueId }).length, 4);
    assert.deepEqual(store.timeline.list(issueId).filter((e) => e.eventType === 'why_level_advanced').map((e) => e.metadata?.from_level), [1, 2, 3, 4]);
    assert.deepEqual(store.audit.verify(), { ok: true, rows: counts().audit });
  });

  it('answers a level asked earlier (addWhy / upsert), rewording it; re-answering or answering ahead records nothing', () => {
    const { store } = ctx();
    const issueId = issue();
    assert.equal(store.steps.addWhy(issueId, 'Why did checkout fail?').stepOrder, 1);
    assert.equal(store.steps.addWhy(issueId, 'Why was the pool exhausted?').stepOrder, 2);

    // Level 2 is answered ahead of level 1: stored, but level 1 is still the one waiting.
    let before = counts();
    const ahead = store.steps.answerWhy(issueId, { level: 2, question: 'Why was the pool exhausted?', answer: 'Leaked connections' });
    assert.equal(ahead.event, null);
    assert.deepEqual(counts(), { ...before, answers: before.answers + 1 });

    // Level 1 is the waiting one; the event carries the question as reworded by this call.
    const first = store.steps.answerWhy(issueId, { level: 1, question: 'Why did checkout return 503?', answer: 'DB pool exhausted' });
    assert.deepEqual(first.event?.metadata, { from_level: 1, to_level: 2, question: 'Why did checkout return 503?' });
    assert.equal(first.step.whyQuestion, 'Why did checkout return 503?');

    // Changing an answer already given is an edit, not an advance.
    before = counts();
    const edited = store.steps.answerWhy(issueId, { level: 1, question: 'Why did checkout return 503?', answer: 'DB pool exhausted (50 of 50)' });
    assert.equal(edited.event, null);
    assert.equal(edited.step.id, first.step.id);
    assert.equal(edited.step.answer, 'DB pool exhausted (50 of 50)');
    assert.deepEqual(counts(), before);
    assert.equal(store.steps.listForIssue(issueId).length, 2);
    assert.deepEqual(store.audit.verify(), { ok: true, rows: counts().audit });
  });

  it('keeps evidence with references to this issue\'s logs; omitted evidence is kept, null clears it', () => {
    const { store } = ctx();
    const issueId = issue();
    const log = store.logFiles.insertContent(issueId, Buffer.from('GET /checkout 503\npool exhausted\n'), { fileName: 'api.log' }).logFile;
    const evidence = `See log:${log.id}#L1-L2 and log:${log.id}#L2`;
    const { step } = store.steps.answerWhy(issueId, { level: 1, question: 'Why 503?', answer: 'Pool exhausted', evidence });
    assert.equal(step.evidence, evidence);
    const kept = store.steps.answerWhy(issueId, { level: 1, question: 'Why 503?', answer: 'Pool exhausted at 50' });
    assert.equal(kept.step.evidence, evidence);
    const cleared = store.steps.answerWhy(issueId, { level: 1, question: 'Why 503?', answer: 'Pool exhausted at 50', evidence: null });
    assert.equal(cleared.step.evidence, null);
    assert.equal(store.steps.listForIssue(issueId)[0]?.evidence, null);
  });

  it('refuses bad answers with a clear error and writes nothing', async () => {
    const { store } = ctx();
    const issueId = issue();
    const otherIssue = issue('Other incident');
    const otherLog = store.logFiles.insertContent(otherIssue, Buffer.from('elsewhere\n'), { fileName: 'other.log' }).logFile;
    const ok = { level: 1, question: 'Why?', answer: 'Because' };

    await refused(() => store.steps.answerWhy(issueId, { ...ok, level: 0 }), 'VALIDATION', /step_order must be 1-5 \(level\)/);
    await refused(() => store.steps.answerWhy(issueId, { ...ok, level: 6 }), 'VALIDATION', /step_order must be 1-5 \(level\)/);
    await refused(() => store.steps.answerWhy(issueId, { ...ok, level: 1.5 }), 'VALIDATION', /whole number/);
    await refused(() => store.steps.answerWhy(issueId, { ...ok, question: '   ' }), 'VALIDATION', /A question is required\. \(question\)/);
    await refused(() => store.steps.answerWhy(issueId, { ...ok, answer: '' }), 'VALIDATION', /An answer is required\. \(answer\)/);
    await refused(() => store.steps.answerWhy(issueId, { ...ok, extra: 1 } as never), 'VALIDATION', /Invalid 5 Whys answer/);
    await refused(() => store.steps.answerWhy(newId(), ok), 'NOT_FOUND', /No issue .*: it may have been deleted/);
    await refused(() => store.steps.answerWhy('', ok), 'VALIDATION', /issue id/);
    const error = await failsWith(() => store.steps.answerWhy(issueId, { ...ok, evidence: `log:${otherLog.id}#L1` }), 'NOT_FOUND');
    assert.match(error.message, new RegExp(`log ${otherLog.id}, which is not a log of this issue: attach that log to this issue, or remove the reference`));
    assert.deepEqual(error.details, { id: otherLog.id, issue_id: issueId });
    await refused(() => store.steps.answerWhy(issueId, { ...ok, evidence: `log:${newId()}#L3-L4` }), 'NOT_FOUND', /not a log of this issue/);
    // Levels go in order: no why 3 before why 2 is asked.
    await refused(() => store.steps.answerWhy(issueId, { ...ok, level: 3 }), 'VALIDATION', /Ask why 1 first/);
    store.steps.answerWhy(issueId, ok);
    await refused(() => store.steps.answerWhy(issueId, { ...ok, level: 3 }), 'VALIDATION', /Ask why 2 first/);
    assert.deepEqual(store.steps.listForIssue(issueId).map((s) => s.stepOrder), [1]);
    assert.deepEqual(store.audit.verify(), { ok: true, rows: counts().audit });
  });

  it('addWhy asks the next level and refuses a sixth', async () => {
    const { store } = ctx();
    const issueId = issue();
    for (let level = 1; level <= 5; level++) assert.equal(store.steps.addWhy(issueId, `Why ${level}?`).stepOrder, level);
    await refused(() => store.steps.addWhy(issueId, 'Why 6?'), 'VALIDATION', /already has 5 whys: reword or remove one instead of adding a sixth/);
    await refused(() => store.steps.addWhy(issueId, ' '), 'VALIDATION', /A question is required/);
    await refused(() => store.steps.addWhy(newId(), 'Why?'), 'NOT_FOUND', /No issue/);
    assert.equal(store.steps.listForIssue(issueId).length, 5);
  });

  it('markRootCause records root_cause_identified with one audit row: the deepest answer by default, or the given cause', () => {
    const { store } = ctx();
    const issueId = issue();
    store.steps.answerWhy(issueId, { level: 1, question: 'Why 503?', answer: 'Pool exhausted' });
    store.steps.answerWhy(issueId, { level: 2, question: 'Why exhausted?', answer: 'Connections leaked in the retry path' });
    store.steps.addWhy(issueId, 'Why leaked?');

    let before = counts();
    const event = store.steps.markRootCause(issueId, { confidence: 0.8 });
    assert.equal(event.eventType, 'root_cause_identified');
    assert.equal(event.description, 'Root cause identified (confidence 80%)');
    assert.deepEqual(event.metadata, { root_cause: 'Connections leaked in the retry path', confidence: 0.8 });
    assert.deepEqual(counts(), { ...before, events: before.events + 1, audit: before.audit + 1 });
    const audit = store.audit.list({ action: 'timeline.root_cause_identified', entityId: issueId });
    assert.equal(audit.length, 1);
    assert.deepEqual(JSON.parse(audit[0]?.details ?? '{}'), { event_id: event.id, root_cause: 'Connections leaked in the retry path', confidence: 0.8 });

    before = counts();
    const given = store.steps.markRootCause(issueId, { rootCause: '  Retry path never releases its connection ', confidence: 1 });
    assert.deepEqual(given.metadata, { root_cause: 'Retry path never releases its connection', confidence: 1 });
    assert.deepEqual(counts(), { ...before, events: before.events + 1, audit: before.audit + 1 });
    assert.deepEqual(store.timeline.list(issueId).filter((e) => e.eventType === 'root_cause_identified').map((e) => e.id), [event.id, given.id]);
    assert.deepEqual(store.audit.verify(), { ok: true, rows: counts().audit });
  });

  it('markRootCause refuses an issue with no answered why, an unknown issue and a bad confidence, writing nothing', async () => {
    const { store } = ctx();
    const issueId = issue();
    await refused(() => store.steps.markRootCause(issueId, { confidence: 0.5 }), 'VALIDATION', /Answer at least one why of this issue before marking its root cause/);
    store.steps.addWhy(issueId, 'Why 503?');
    await refused(() => store.steps.markRootCause(issueId, { rootCause: 'DNS', confidence: 0.5 }), 'VALIDATION', /Answer at least one why/);
    store.steps.answerWhy(issueId, { level: 1, question: 'Why 503?', answer: 'Pool exhausted' });
    for (const confidence of [-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await refused(() => store.steps.markRootCause(issueId, { confidence }), 'VALIDATION', /Invalid root cause/);
    }
    await refused(() => store.steps.markRootCause(issueId, { confidence: 'high' as never }), 'VALIDATION', /Invalid root cause/);
    await refused(() => store.steps.markRootCause(issueId, {} as never), 'VALIDATION', /confidence/);
    await refused(() => store.steps.markRootCause(issueId, { rootCause: 'x'.repeat(2001), confidence: 0.5 }), 'VALIDATION', /Invalid root cause/);
    await refused(() => store.steps.markRootCause(newId(), { confidence: 0.5 }), 'NOT_FOUND', /No issue/);
    assert.equal(store.timeline.list(issueId).filter((e) => e.eventType === 'root_cause_identified').length, 0);
    assert.deepEqual(store.audit.verify(), { ok: true, rows: counts().audit });
  });

  it('reads an imported database\'s duplicate and out-of-range rows without failing', () => {
    const { store, db } = ctx();
    const issueId = issue();
    const insert = (order: number, question: string, answer: string | null) =>
      db.exec("INSERT INTO resolution_steps(id, issue_id, step_order, why_question, answer, created_at) VALUES (?, ?, ?, ?, ?, '2026-01-01 00:00:00')", [newId(), issueId, order, question, answer]);
    insert(1, 'Why 1?', 'First');
    insert(1, 'Why 1 again?', null);
    insert(9, 'Out of range', 'x');
    insert(2, '', null);
    // Shown one row per level 1-5, the first of each level.
    assert.deepEqual(store.steps.listLevels(issueId).map((s) => [s.stepOrder, s.whyQuestion]), [[1, 'Why 1?'], [2, '']]);
    const { event } = store.steps.answerWhy(issueId, { level: 2, question: 'Why 2?', answer: 'Second' });
    assert.deepEqual(event?.metadata, { from_level: 2, to_level: 3, question: 'Why 2?' });
    assert.deepEqual(store.steps.markRootCause(issueId, { confidence: 0.4 }).metadata, { root_cause: 'Second', confidence: 0.4 });
  });

  it('removeWhy removes a level and moves the ones above it down; an absent level changes nothing', () => {
    const { store } = ctx();
    const issueId = issue();
    for (let level = 1; level <= 4; level++) store.steps.answerWhy(issueId, { level, question: `Q${level}`, answer: `A${level}` });
    assert.equal(store.steps.removeWhy(issueId, 2), true);
    assert.deepEqual(
      store.steps.listForIssue(issueId).map((s) => [s.stepOrder, s.whyQuestion, s.answer]),
      [[1, 'Q1', 'A1'], [2, 'Q3', 'A3'], [3, 'Q4', 'A4']],
    );
    assert.equal(store.steps.removeWhy(issueId, 5), false);
    assert.equal(store.steps.listForIssue(issueId).length, 3);
    // The freed level is asked again by addWhy.
    assert.equal(store.steps.addWhy(issueId, 'Q5').stepOrder, 4);
  });

  it('currentRootCause reads the latest root_cause_identified, skipping rows of another shape', () => {
    const { store, db } = ctx();
    const issueId = issue();
    assert.equal(store.steps.currentRootCause(issueId), null);
    store.steps.answerWhy(issueId, { level: 1, question: 'Why?', answer: 'Pool too small' });
    const first = store.steps.markRootCause(issueId, { confidence: 0.5 });
    assert.deepEqual(store.steps.currentRootCause(issueId), { rootCause: 'Pool too small', confidence: 0.5, eventId: first.id, createdAt: first.createdAt });
    const second = store.steps.markRootCause(issueId, { rootCause: 'Sizing never revisited', confidence: 0.9 });
    assert.equal(store.steps.currentRootCause(issueId)?.eventId, second.id);
    // An imported row of another shape after it is skipped.
    db.exec("INSERT INTO timeline_events(id, issue_id, event_type, description, metadata, created_at) VALUES (?, ?, 'root_cause_identified', 'x', '{not json', '2999-01-01 00:00:00')", [newId(), issueId]);
    assert.equal(store.steps.currentRootCause(issueId)?.rootCause, 'Sizing never revisited');
  });

  it('the main thread may call the new methods through the worker', () => {
    for (const method of ['answerWhy', 'markRootCause', 'addWhy', 'removeWhy', 'currentRootCause', 'listLevels']) assert.equal(isRemoteMethod('steps', method), true, method);
  });
});
