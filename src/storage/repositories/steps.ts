// Resolution steps: the 5 Whys, one row per issue and step_order (1-5). The seed's table has no unique
// constraint, so upsert keeps it one-per-level inside its transaction. answerWhy and markRootCause apply the rules
// of src/core/whys and write their timeline event (with its audit row) in the same transaction as the change.
import { z } from 'zod';
import type { ResolutionStep, StepInput } from '../../core/model/step';
import { MAX_STEP_ORDER, stepInputSchema, stepOrderSchema } from '../../core/model/step';
import { idSchema } from '../../core/model/logFile';
import type { TimelineEvent } from '../../core/model/timeline';
import { parseLogRefs } from '../../core/whys/logRefs';
import type { MarkRootCauseInput, WhyStep } from '../../core/whys/whys';
import { advance, currentLevel, deepestAnswer, markRootCause, markRootCauseInputSchema, readRootCause, rootCauseIdentifiedSchema } from '../../core/whys/whys';
import { sqlTimestamp } from '../clock';
import { ContentError, parseInput, ValidationError } from '../content/errors';
import { newId } from '../ids';
import type { RepositoryContext } from './context';

interface StepRow {
  id: string;
  issue_id: string;
  step_order: number;
  why_question: string;
  answer: string | null;
  evidence: string | null;
  created_at: string;
}

const toStep = (row: StepRow): ResolutionStep => ({
  id: row.id,
  issueId: row.issue_id,
  stepOrder: row.step_order,
  whyQuestion: row.why_question,
  answer: row.answer,
  evidence: row.evidence,
  createdAt: row.created_at,
});

const MAX_WHY_TEXT = 20_000;

const answerWhySchema = z.strictObject({
  level: stepOrderSchema,
  question: z.string().trim().min(1, 'A question is required.').max(MAX_WHY_TEXT),
  answer: z.string().trim().min(1, 'An answer is required.').max(MAX_WHY_TEXT),
  /** Omitted keeps what is stored, null clears it. May reference this issue's logs: `log:<id>#L10-L20`. */
  evidence: z.string().max(MAX_WHY_TEXT).nullable().optional(),
});
export type AnswerWhyInput = z.input<typeof answerWhySchema>;

/** Confidence checked (0-1) before anything is read, so bad input never reaches the database. */
const rootCauseInputSchema = markRootCauseInputSchema.extend({ confidence: rootCauseIdentifiedSchema.shape.confidence });

export interface AnswerWhyResult {
  step: ResolutionStep;
  /** why_level_advanced, when the answer completed the level waiting for one (levels 1-4); otherwise null. */
  event: TimelineEvent | null;
}

/** One row per level 1-5, by level: the first row of a level, as upsert treats an imported database's duplicates. */
function oneRowPerLevel(steps: readonly ResolutionStep[]): ResolutionStep[] {
  const byLevel = new Map<number, ResolutionStep>();
  for (const step of steps) {
    if (!byLevel.has(step.stepOrder) && stepOrderSchema.safeParse(step.stepOrder).success) byLevel.set(step.stepOrder, step);
  }
  return [...byLevel.values()].sort((a, b) => a.stepOrder - b.stepOrder);
}

/** The steps as the 5 Whys rules read them: one per level, a blank stored question shown as 'Why N?'. */
function whySteps(steps: readonly ResolutionStep[]): WhyStep[] {
  return oneRowPerLevel(steps).map((step) => ({ stepOrder: step.stepOrder, whyQuestion: step.whyQuestion.trim() || `Why ${step.stepOrder}?`, answer: step.answer, evidence: step.evidence }));
}

export class ResolutionStepRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Writes level `stepOrder` of the issue's 5 Whys: creates it, or updates the question and what is given. */
  upsert(issueId: string, stepOrder: number, input: StepInput): ResolutionStep {
    const id = parseInput(idSchema, issueId, 'issue id');
    const order = parseInput(stepOrderSchema, stepOrder, 'step order');
    const step = parseInput(stepInputSchema, input, 'resolution step');
    const { db, clock } = this.ctx;
    return db.transaction(() => {
      if (!db.get('SELECT 1 AS x FROM issues WHERE id = ?', [id])) throw new ContentError('NOT_FOUND', `No issue ${id}: it may have been deleted.`, { id });
      // An imported database may hold several rows for one level: the first one is the level's.
      const existing = db.get<StepRow>('SELECT * FROM resolution_steps WHERE issue_id = ? AND step_order = ? ORDER BY created_at, rowid LIMIT 1', [id, order]);
      if (existing) {
        const row: StepRow = {
          ...existing,
          why_question: step.whyQuestion,
          answer: step.answer === undefined ? existing.answer : step.answer,
          evidence: step.evidence === undefined ? existing.evidence : step.evidence,
        };
        db.exec('UPDATE resolution_steps SET why_question = ?, answer = ?, evidence = ? WHERE id = ?', [row.why_question, row.answer, row.evidence, row.id]);
        db.recordChange({ entity: 'step', kind: 'updated', ids: [row.id], issueId: id });
        return toStep(row);
      }
      const row: StepRow = {
        id: newId(),
        issue_id: id,
        step_order: order,
        why_question: step.whyQuestion,
        answer: step.answer ?? null,
        evidence: step.evidence ?? null,
        created_at: sqlTimestamp(clock.now()),
      };
      db.exec('INSERT INTO resolution_steps(id, issue_id, step_order, why_question, answer, evidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        row.id, row.issue_id, row.step_order, row.why_question, row.answer, row.evidence, row.created_at,
      ]);
      db.recordChange({ entity: 'step', kind: 'created', ids: [row.id], issueId: id });
      return toStep(row);
    });
  }

  /**
   * Answers level `level` (creating it with `question` when new; rewording it otherwise). When it is the level
   * waiting for an answer (the lowest unanswered one), why_level_advanced {from_level, to_level, question} is
   * recorded with its audit row in the same transaction; answering level 5, re-answering a level or answering
   * ahead of a lower unanswered level stores the answer and records nothing. Log references in the evidence must
   * name logs of this issue.
   */
  answerWhy(issueId: string, input: AnswerWhyInput): AnswerWhyResult {
    const id = parseInput(idSchema, issueId, 'issue id');
    const why = parseInput(answerWhySchema, input, '5 Whys answer');
    const { db, timeline } = this.ctx;
    return db.transaction(() => {
      this.requireIssue(id);
      if (why.evidence) this.checkEvidence(id, why.evidence);
      const steps = whySteps(this.listForIssue(id));
      const existing = steps.find((step) => step.stepOrder === why.level);
      const highest = steps[steps.length - 1]?.stepOrder ?? 0;
      if (!existing && why.level > highest + 1) {
        throw new ValidationError('5 Whys answer', [{ path: 'level', message: `Ask why ${highest + 1} first: the whys go in order, 1 to ${MAX_STEP_ORDER}.` }]);
      }
      // The level with its new question and what it held before: is it the one waiting for an answer?
      const asked: WhyStep = { stepOrder: why.level, whyQuestion: why.question, answer: existing?.answer ?? null, evidence: existing?.evidence ?? null };
      const withQuestion = [...steps.filter((step) => step.stepOrder !== why.level), asked];
      const advanced = currentLevel(withQuestion)?.stepOrder === why.level ? advance(withQuestion, why.answer) : null;
      const step = this.upsert(id, why.level, { whyQuestion: why.question, answer: why.answer, evidence: why.evidence });
      const event = advanced?.event
        ? timeline.record({
            issueId: id,
            eventType: 'why_level_advanced',
            description: `Why ${advanced.event.from_level} answered; next: why ${advanced.event.to_level}`,
            metadata: advanced.event,
          })
        : null;
      return { step, event };
    });
  }

  /**
   * Records root_cause_identified {root_cause, confidence} with its audit row; the root cause defaults to the
   * deepest answered why. Refused while no why of the issue is answered.
   */
  markRootCause(issueId: string, input: MarkRootCauseInput): TimelineEvent {
    const id = parseInput(idSchema, issueId, 'issue id');
    const given = parseInput(rootCauseInputSchema, input, 'root cause');
    const { db, timeline } = this.ctx;
    return db.transaction(() => {
      this.requireIssue(id);
      const steps = whySteps(this.listForIssue(id));
      if (!deepestAnswer(steps)) {
        throw new ValidationError('root cause', [{ path: '', message: 'Answer at least one why of this issue before marking its root cause.' }]);
      }
      const metadata = markRootCause(steps, given);
      return timeline.record({
        issueId: id,
        eventType: 'root_cause_identified',
        description: `Root cause identified (confidence ${Math.round(metadata.confidence * 100)}%)`,
        metadata,
      });
    });
  }

  /** Asks the next why (the level after the highest one); refused when the issue already has five. */
  addWhy(issueId: string, question: string): ResolutionStep {
    const id = parseInput(idSchema, issueId, 'issue id');
    const text = parseInput(answerWhySchema.shape.question, question, 'question');
    return this.ctx.db.transaction(() => {
      this.requireIssue(id);
      const highest = whySteps(this.listForIssue(id)).reduce((max, step) => Math.max(max, step.stepOrder), 0);
      if (highest >= MAX_STEP_ORDER) {
        throw new ValidationError('question', [{ path: '', message: `This issue already has ${MAX_STEP_ORDER} whys: reword or remove one instead of adding a sixth.` }]);
      }
      return this.upsert(id, highest + 1, { whyQuestion: text });
    });
  }

  /**
   * Removes level `level` and moves the levels above it down one, so the whys stay 1…n in order. False when the
   * level was not there (nothing changes then).
   */
  removeWhy(issueId: string, level: number): boolean {
    const id = parseInput(idSchema, issueId, 'issue id');
    const order = parseInput(stepOrderSchema, level, 'step order');
    const { db } = this.ctx;
    return db.transaction(() => {
      if (!this.deleteLevel(id, order)) return false;
      const moved = db.query<{ id: string }>('SELECT id FROM resolution_steps WHERE issue_id = ? AND step_order > ?', [id, order]).map((row) => row.id);
      db.exec('UPDATE resolution_steps SET step_order = step_order - 1 WHERE issue_id = ? AND step_order > ?', [id, order]);
      if (moved.length) db.recordChange({ entity: 'step', kind: 'updated', ids: moved, issueId: id });
      return true;
    });
  }

  /** The issue's latest root_cause_identified: what was named and how sure; null when none was marked. */
  currentRootCause(issueId: string): { rootCause: string; confidence: number | null; eventId: string; createdAt: string } | null {
    const id = parseInput(idSchema, issueId, 'issue id');
    const rows = this.ctx.db.query<{ id: string; metadata: string | null; created_at: string }>(
      "SELECT id, metadata, created_at FROM timeline_events WHERE issue_id = ? AND event_type = 'root_cause_identified' ORDER BY created_at DESC, rowid DESC",
      [id],
    );
    for (const row of rows) {
      let metadata: unknown = null;
      try {
        metadata = row.metadata ? JSON.parse(row.metadata) : null;
      } catch {
        continue; // an imported row with broken JSON: look at the one before
      }
      const read = readRootCause(metadata);
      if (read) return { ...read, eventId: row.id, createdAt: row.created_at };
    }
    return null;
  }

  private requireIssue(id: string): void {
    if (!this.ctx.db.get('SELECT 1 AS x FROM issues WHERE id = ?', [id])) throw new ContentError('NOT_FOUND', `No issue ${id}: it may have been deleted.`, { id });
  }

  /** Every `log:<id>#L…` reference must name a log of this issue. */
  private checkEvidence(issueId: string, evidence: string): void {
    for (const logId of new Set(parseLogRefs(evidence).map((ref) => ref.logFileId))) {
      if (!this.ctx.db.get('SELECT 1 AS x FROM log_files WHERE id = ? AND issue_id = ?', [logId, issueId])) {
        throw new ContentError('NOT_FOUND', `The evidence refers to log ${logId}, which is not a log of this issue: attach that log to this issue, or remove the reference.`, {
          id: logId,
          issue_id: issueId,
        });
      }
    }
  }

  /** The issue's steps by level. */
  listForIssue(issueId: string): ResolutionStep[] {
    return this.ctx.db
      .query<StepRow>('SELECT * FROM resolution_steps WHERE issue_id = ? ORDER BY step_order, created_at, rowid', [parseInput(idSchema, issueId, 'issue id')])
      .map(toStep);
  }

  /** The issue's 5 Whys as shown and acted on: one row per level 1-5 (an imported database may hold more), by level. */
  listLevels(issueId: string): ResolutionStep[] {
    return oneRowPerLevel(this.listForIssue(issueId));
  }

  /** Removes level `stepOrder`; false when it was not there. */
  delete(issueId: string, stepOrder: number): boolean {
    const id = parseInput(idSchema, issueId, 'issue id');
    const order = parseInput(stepOrderSchema, stepOrder, 'step order');
    return this.ctx.db.transaction(() => this.deleteLevel(id, order));
  }

  /** Deletes every row of the level (an imported database may hold several); false when there was none. */
  private deleteLevel(issueId: string, order: number): boolean {
    const { db } = this.ctx;
    const ids = db.query<{ id: string }>('SELECT id FROM resolution_steps WHERE issue_id = ? AND step_order = ?', [issueId, order]).map((row) => row.id);
    if (!ids.length) return false;
    db.exec('DELETE FROM resolution_steps WHERE issue_id = ? AND step_order = ?', [issueId, order]);
    db.recordChange({ entity: 'step', kind: 'deleted', ids, issueId });
    return true;
  }
}

/** The methods the main thread may call (see store.ts). */
export const STEP_REMOTE = ['upsert', 'answerWhy', 'markRootCause', 'addWhy', 'removeWhy', 'currentRootCause', 'listForIssue', 'listLevels', 'delete'] as const satisfies readonly (keyof ResolutionStepRepository)[];
