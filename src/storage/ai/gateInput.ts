// What the AI gate accepts from the main thread: the provider's settings without the key, the explicit context
// picks, the user's PII detector settings. Checked with zod at the worker boundary.
import { z } from 'zod';
import { AI_ACTIONS } from '../../core/ai/actions';
import { detectorOptionsSchema, idSchema } from '../../core/model/logFile';
import { ValidationError } from '../../core/model/validation';
import { MAX_LOG_LINE, parseLogRefs } from '../../core/whys/logRefs';
import { TOOL_NAME_PATTERN } from '../../core/ai/toolNames';

export const MAX_USER_TEXT = 100_000;

export const gateProviderSchema = z
  .strictObject({
    kind: z.enum(['openai', 'ollama', 'anthropic', 'vscode']),
    baseUrl: z.string().max(2048),
    model: z.string().trim().min(1, 'A model is required.').max(200),
    contextTokens: z.number().int().min(1024).max(10_000_000).optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    timeoutMs: z.number().int().positive().optional(),
    allowInsecureHttp: z.boolean().optional(),
  })
  .refine((config) => config.kind === 'vscode' || /^https?:\/\/[^/]/i.test(config.baseUrl), { message: 'The base URL must be an http:// or https:// address.', path: ['baseUrl'] });
export type GateProvider = z.output<typeof gateProviderSchema>;

const lineSchema = z.number().int().min(1).max(MAX_LOG_LINE);

/** A range of lines of a stored log (an editor selection, or a parsed log:<id>#L… reference). */
export const lineRangeSchema = z
  .strictObject({ logId: idSchema, startLine: lineSchema, endLine: lineSchema })
  .refine((range) => range.endLine >= range.startLine, { message: 'The range ends before it starts.', path: ['endLine'] });
export type LineRange = z.output<typeof lineRangeSchema>;

const logRefTextSchema = z
  .string()
  .max(300)
  .transform((text, ctx) => {
    const refs = parseLogRefs(text.trim());
    const ref = refs[0];
    if (refs.length !== 1 || !ref || ref.start !== 0 || ref.end !== text.trim().length) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a log reference like log:<id>#L10-L20.` });
      return z.NEVER;
    }
    return { logId: ref.logFileId, startLine: ref.startLine, endLine: ref.endLine };
  });

export const contextPicksSchema = z
  .strictObject({
    /** `log:<id>#L10-L20` references the user picked. */
    logRefs: z.array(logRefTextSchema).max(50).default([]),
    /** Editor selections of stored logs, as line ranges. */
    selections: z.array(lineRangeSchema).max(50).default([]),
    includeIncident: z.boolean().default(true),
    includeWhys: z.boolean().default(true),
    includeTimeline: z.boolean().default(false),
    /** Error and warning lines (with neighbours) of the incident's approved logs, near its times, within the budget. */
    autoLogExcerpts: z.boolean().default(false),
    /** Restricts the automatic excerpts to these logs of the incident. */
    logIds: z.array(idSchema).max(100).optional(),
  })
  .default({ logRefs: [], selections: [], includeIncident: true, includeWhys: true, includeTimeline: false, autoLogExcerpts: false });
export type ContextPicks = z.input<typeof contextPicksSchema>;
export type ParsedPicks = z.output<typeof contextPicksSchema>;

/** Refuses input whose provider settings carry the key, with a message that says why (zod would only say "unrecognized"). */
export function refuseKey(input: unknown): void {
  const provider = input && typeof input === 'object' ? (input as { provider?: unknown }).provider : undefined;
  if (provider && typeof provider === 'object' && 'apiKey' in provider) {
    throw new ValidationError('AI request', [
      { path: 'provider.apiKey', message: 'The API key never goes to the database worker: pass the provider settings without it (the key is added to the headers at send time).' },
    ]);
  }
}

const base = {
  provider: gateProviderSchema,
  context: contextPicksSchema,
  /** The user's PII detector settings (enabled types, custom patterns), as for a document export. */
  pii: detectorOptionsSchema.default({}),
};

/** A tool offered to the model (an MCP server's, named by core/ai/toolNames.ts). */
export const toolDefinitionSchema = z.strictObject({
  name: z.string().regex(TOOL_NAME_PATTERN, 'A tool name is 1–64 letters, digits, _ or -.'),
  description: z.string().max(8192),
  parameters: z.record(z.string(), z.unknown()).refine((value) => JSON.stringify(value).length <= 64 * 1024, 'A tool\'s input schema may hold at most 64 KB of JSON.'),
});

export const sendInputSchema = z
  .strictObject({
    conversationId: idSchema,
    /** The new message; absent: re-send the conversation, whose last message is the user's (Retry). */
    text: z.string().max(MAX_USER_TEXT, `A message may hold at most ${MAX_USER_TEXT} characters.`).optional(),
    /** Tools the model may ask for. */
    tools: z.array(toolDefinitionSchema).max(128).default([]),
    /** The answer's tool exchange so far (ai_tool_calls of this turn) goes after the user's last message. */
    toolTurnId: idSchema.optional(),
    ...base,
  })
  .refine((input) => input.toolTurnId === undefined || input.text === undefined, { message: 'A tool round continues the last message: it carries no new text.', path: ['text'] });
export type SendInput = z.input<typeof sendInputSchema>;

export const actionInputSchema = z.strictObject({
  issueId: idSchema,
  action: z.enum(AI_ACTIONS),
  /** analyzeLog: the log (approved) to analyse. */
  logId: idSchema.optional(),
  /** suggestNextWhy: the level asked for. */
  level: z.number().int().min(1).max(5).optional(),
  /** draftSection: the section's heading and its current text. */
  section: z.string().trim().min(1).max(200).optional(),
  currentText: z.string().max(MAX_USER_TEXT).optional(),
  ...base,
});
export type ActionInput = z.input<typeof actionInputSchema>;
