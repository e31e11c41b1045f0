// The assistant's structured actions — Analyze Log, Suggest Next Why, Draft Section, Status Update: what each asks
// the model for (appended to the triage prompt) and the zod schema its reply must pass. Each result is a proposal
// the user accepts; nothing here stores anything.
import { z } from 'zod';
import { ISSUE_SEVERITIES } from '../model/issue';
import { parseLogRefs } from '../whys/logRefs';
import { parseReply } from './jsonReply';

export const ACTIONS_PROMPT_VERSION = 1;

export const AI_ACTIONS = ['analyzeLog', 'suggestNextWhy', 'draftSection', 'statusUpdate'] as const;
export type AiAction = (typeof AI_ACTIONS)[number];

/** One well-formed `log:<id>#L<n>` or `log:<id>#L<n>-L<m>` reference, nothing around it. */
const logRefSchema = z.string().refine((text) => {
  const refs = parseLogRefs(text.trim());
  return refs.length === 1 && refs[0]?.start === 0 && refs[0].end === text.trim().length;
}, 'must be a log reference like log:<id>#L12 or log:<id>#L12-L20').transform((text) => text.trim());

const text = (max: number) => z.string().trim().min(1).max(max);

export const analyzeLogResultSchema = z.object({
  summary: text(4000),
  findings: z
    .array(
      z.object({
        finding: text(2000),
        /** CONFIRMED or ASSUMPTION, as the triage prompt asks. */
        status: z.enum(['CONFIRMED', 'ASSUMPTION']).optional(),
        refs: z.array(logRefSchema).max(20).default([]),
      }),
    )
    .max(30),
  suggestedFirstWhy: z.object({ question: text(500), answer: text(2000) }),
  suggestedSeverity: z.enum(ISSUE_SEVERITIES),
});
export type AnalyzeLogResult = z.output<typeof analyzeLogResultSchema>;

export const nextWhyResultSchema = z.object({
  question: text(500),
  answer: text(2000),
  evidence: z.array(logRefSchema).max(20).default([]),
});
export type NextWhyResult = z.output<typeof nextWhyResultSchema>;

export const draftSectionResultSchema = z.object({
  section: text(200),
  markdown: text(50_000),
});
export type DraftSectionResult = z.output<typeof draftSectionResultSchema>;

export const statusUpdateResultSchema = z.object({
  // Two sentences for stakeholders: short, whatever the model's idea of a sentence.
  summary: text(800),
});
export type StatusUpdateResult = z.output<typeof statusUpdateResultSchema>;

export interface ActionResults {
  analyzeLog: AnalyzeLogResult;
  suggestNextWhy: NextWhyResult;
  draftSection: DraftSectionResult;
  statusUpdate: StatusUpdateResult;
}

const SCHEMAS: { [A in AiAction]: z.ZodType<ActionResults[A]> } = {
  analyzeLog: analyzeLogResultSchema as z.ZodType<AnalyzeLogResult>,
  suggestNextWhy: nextWhyResultSchema as z.ZodType<NextWhyResult>,
  draftSection: draftSectionResultSchema,
  statusUpdate: statusUpdateResultSchema,
};

const WHAT: Record<AiAction, string> = {
  analyzeLog: 'log analysis',
  suggestNextWhy: 'suggested why',
  draftSection: 'draft section',
  statusUpdate: 'status update',
};

/** The reply checked against the action's schema (AiReplyError with what is wrong otherwise). */
export function parseActionReply<A extends AiAction>(action: A, reply: string): ActionResults[A] {
  return parseReply(SCHEMAS[action], reply, WHAT[action]) as ActionResults[A];
}

const JSON_ONLY = 'Reply with one JSON object in a ```json fenced block and nothing else, exactly in this shape:';

export interface ActionParams {
  /** analyzeLog: the log analysed. */
  logId?: string;
  /** suggestNextWhy: the level asked for (1-5). */
  level?: number;
  /** draftSection: the section's heading. */
  section?: string;
  /** draftSection: the section's current text (already redacted by the gate). */
  currentText?: string;
}

/** The user message that asks for the action (the gate redacts what the parameters carry). */
export function actionInstruction(action: AiAction, params: ActionParams = {}): string {
  switch (action) {
    case 'analyzeLog':
      return [
        `Analyze the log${params.logId ? ` log:${params.logId}` : ''} from the excerpts in the context.`,
        'Summarise what happened, list the findings (each CONFIRMED or ASSUMPTION, citing the log lines it rests on), suggest the first why of the 5 Whys, and suggest the incident\'s severity.',
        JSON_ONLY,
        '```json',
        `{"summary": "…", "findings": [{"finding": "…", "status": "CONFIRMED", "refs": ["log:<id>#L12-L14"]}], "suggestedFirstWhy": {"question": "Why …?", "answer": "…"}, "suggestedSeverity": "${ISSUE_SEVERITIES.join('" | "')}"}`,
        '```',
      ].join('\n');
    case 'suggestNextWhy':
      return [
        `Suggest the next level${params.level ? ` (why ${params.level})` : ''} of the 5 Whys: the question that follows from the last answer, its answer, and the log lines that back it.`,
        'Mark the answer CONFIRMED or ASSUMPTION in its text. Cite only references from the context.',
        JSON_ONLY,
        '```json',
        '{"question": "Why …?", "answer": "CONFIRMED: …", "evidence": ["log:<id>#L40"]}',
        '```',
      ].join('\n');
    case 'draftSection':
      return [
        `Draft the "${params.section ?? 'section'}" section of the incident's RCA / post-mortem in Markdown, from the incident's data in the context. Blameless, factual, citing log:<id>#L<n> lines where they support a statement; mark what is not confirmed as ASSUMPTION.`,
        ...(params.currentText ? ['Its current text, to improve on:', params.currentText] : []),
        JSON_ONLY,
        '```json',
        `{"section": ${JSON.stringify(params.section ?? 'section')}, "markdown": "…"}`,
        '```',
      ].join('\n');
    case 'statusUpdate':
      return [
        'Write a status update for stakeholders about this incident: exactly two plain sentences — the impact and current state, then the next step or expected resolution. No jargon, no log references, no personal data.',
        JSON_ONLY,
        '```json',
        '{"summary": "… . … ."}',
        '```',
      ].join('\n');
  }
}
