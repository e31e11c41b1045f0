// Resolution steps: the 5 Whys, one row per issue and step_order (1-5). The seed's table has no unique
// constraint, so upsert keeps it one-per-level inside its transaction.
import type { ResolutionStep, StepInput } from '../../core/model/step';
import { stepInputSchema, stepOrderSchema } from '../../core/model/step';
import { idSchema } from '../../core/model/logFile';
import { sqlTimestamp } from '../clock';
import { ContentError, parseInput } from '../content/errors';
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
      return toStep(row);
    });
  }

  /** The issue's steps by level. */
  listForIssue(issueId: string): ResolutionStep[] {
    return this.ctx.db
      .query<StepRow>('SELECT * FROM resolution_steps WHERE issue_id = ? ORDER BY step_order, created_at, rowid', [parseInput(idSchema, issueId, 'issue id')])
      .map(toStep);
  }

  /** Removes level `stepOrder`; false when it was not there. */
  delete(issueId: string, stepOrder: number): boolean {
    const id = parseInput(idSchema, issueId, 'issue id');
    const order = parseInput(stepOrderSchema, stepOrder, 'step order');
    this.ctx.db.exec('DELETE FROM resolution_steps WHERE issue_id = ? AND step_order = ?', [id, order]);
    return this.ctx.db.changes() > 0;
  }
}

/** The methods the main thread may call (see store.ts). */
export const STEP_REMOTE = ['upsert', 'listForIssue', 'delete'] as const satisfies readonly (keyof ResolutionStepRepository)[];
