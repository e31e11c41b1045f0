// The 5 Whys panel's messages, both ways (carried by the shared webview channel, src/webview/host). The host validates every message from the webview with
// these schemas (a webview is untrusted input); the webview imports the types only.
import { z } from 'zod';

const level = z.number().int().min(1).max(5);
const text = z.string().max(20_000);

/** Webview → host (besides the channel's `ready`, answered with the whole `state`). The changes are requests: their
 *  reply says whether it was stored, or why not. */
export const whysWebviewMessageSchema = z.discriminatedUnion('type', [
  /** Ask the next why (the level after the highest). */
  z.strictObject({ type: z.literal('ask'), question: text }),
  /** Save a level as the form shows it: a non-blank answer answers it (why_level_advanced when it was the one waiting). */
  z.strictObject({ type: z.literal('save'), level, question: text, answer: text, evidence: text }),
  /** Remove a level; the ones above move down. */
  z.strictObject({ type: z.literal('remove'), level }),
  /** Record root_cause_identified; a blank root cause means the deepest answer. */
  z.strictObject({ type: z.literal('markRootCause'), rootCause: z.string().max(2000), confidence: z.number().min(0).max(1) }),
  /** Ask the AI for the next why (trcaa.ai.suggestNextWhy): the reply's value is the proposal, nothing is stored. */
  z.strictObject({ type: z.literal('suggest'), level: level.optional() }),
  /** Open a stored log at the lines an evidence reference names. */
  z.strictObject({ type: z.literal('openLog'), logFileId: z.string().min(1).max(100), startLine: z.number().int().min(1), endLine: z.number().int().min(1) }),
]);
export type WhysWebviewMessage = z.infer<typeof whysWebviewMessageSchema>;

export interface WhyView {
  level: number;
  question: string;
  /** '' when not answered. */
  answer: string;
  evidence: string;
}

export interface WhysState {
  issue: { id: string; title: string };
  steps: WhyView[];
  /** The lowest level without an answer: the one answering advances the analysis. */
  waitingLevel: number | null;
  /** The latest root_cause_identified. */
  rootCause: { text: string; confidence: number | null; createdAt: string } | null;
  /** What a blank root cause stands for. */
  deepestAnswer: string | null;
  /** The issue's logs, to name evidence references. */
  logs: { id: string; fileName: string }[];
}

/** Host → webview. */
export type WhysHostMessage =
  | { type: 'state'; state: WhysState }
  /** Bring a level into view (a click on it in the tree). */
  | { type: 'focus'; level: number };

/** What Suggest with AI proposes (the reply to `suggest`); shown with Accept / Edit / Discard, stored only by Accept. */
export interface WhyProposalView {
  level: number;
  question: string;
  answer: string;
  evidence: string[];
}

/** What the webview keeps across reloads (vscode.setState): the issue, and any form text not saved yet. */
export interface WhysViewState {
  issueId: string;
  /** An AI proposal not accepted or discarded yet (as edited). */
  proposal?: { level: number; question: string; answer: string; evidence: string };
  drafts?: Record<string, { question: string; answer: string; evidence: string }>;
  nextQuestion?: string;
}

export const whysViewStateSchema = z.object({ issueId: z.string().min(1).max(100) }).passthrough();
