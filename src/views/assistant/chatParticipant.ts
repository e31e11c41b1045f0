// @trcaa in VS Code's chat: answers about one incident with the model the user chose there (request.model). The
// messages are the ones the database worker built from redacted text only and audited (aiTools.prepareParticipant:
// the triage prompt, the incident's fields, whys and timeline, the lines named and error/warning excerpts of its
// approved logs, the earlier turns with @trcaa). /analyze streams an analysis, /whys proposes the next why and /rca
// drafts RCA sections — each proposal with a button that stores it (chatProposals.ts); nothing is stored here.
import * as vscode from 'vscode';
import { parseActionReply } from '../../core/ai/actions';
import { RCA_SECTIONS } from '../../core/documents/rca';
import { parseLogRefs } from '../../core/whys/logRefs';
import type { ParticipantInput, ParticipantMode, ParticipantRequest } from '../../storage/repositories/aiTools';
import { piiDetectorOptions, warnPatternProblems } from '../pii';
import { pickIssues, resolveTarget, targetOfNode } from '../workbench/targets';
import type { ChatDeps } from './chatContributions';
import { PARTICIPANT_ID } from './chatContributions';
import { acceptButton } from './chatProposals';

const UUID = /(?<![\w-])#?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/gi;
/** The RCA sections /rca drafts when the prompt names none: the ones the template leaves to be written. */
export const DEFAULT_RCA_SECTIONS = ['Root Cause', 'Corrective Actions', 'Lessons Learned'];
/** Earlier messages of the chat sent along (the gate cuts them further to the model's budget). */
const HISTORY_MESSAGES = 20;

export interface ParticipantMetadata {
  issueId?: string;
  command: ParticipantMode;
}

const modeOf = (command: string | undefined): ParticipantMode => (command === 'analyze' || command === 'whys' || command === 'rca' ? command : 'ask');

/** Chat text shown as text: Markdown's own characters escaped. */
const plain = (text: string) => text.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1');

interface Named {
  issueId?: string;
  /** log:<id>#L… references in the prompt, as line ranges. */
  selections: { logId: string; startLine: number; endLine: number }[];
}

/**
 * The incident a request is about: a TRCAA log or document attached as a reference (#), an incident id or a
 * log:<id>#L… reference in the prompt, an incident whose title the prompt quotes, the Issues view's selection —
 * else the user picks one.
 */
export async function incidentOf(deps: ChatDeps, request: Pick<vscode.ChatRequest, 'prompt' | 'references'>): Promise<Named | undefined> {
  const { services } = deps;
  const store = await services.store();
  const selections = parseLogRefs(request.prompt).map((ref) => ({ logId: ref.logFileId, startLine: ref.startLine, endLine: ref.endLine }));
  const found = (issueId: string | undefined): Named | undefined => (issueId ? { issueId, selections } : undefined);
  for (const reference of request.references) {
    const value = reference.value;
    const uri = value instanceof vscode.Uri ? value : value instanceof vscode.Location ? value.uri : undefined;
    if (!uri || (uri.scheme !== 'trcaa-log' && uri.scheme !== 'trcaa-doc')) continue;
    const target = await resolveTarget(services, [uri], { kind: 'issue', title: '@trcaa' }).catch(() => undefined);
    if (target) return found(target.id);
  }
  for (const match of request.prompt.matchAll(UUID)) {
    const issue = await store.issues.get(match[1] as string).catch(() => null);
    if (issue) return found(issue.id);
  }
  for (const selection of selections) {
    const log = await store.logFiles.get(selection.logId).catch(() => null);
    if (log) return found(log.issueId);
  }
  const prompt = request.prompt.toLowerCase();
  // A title quoted whole; short ones ("DB") would match ordinary words.
  const titled = (await store.issues.list({ limit: 200, sort: { field: 'updated_at' } })).items.find((issue) => issue.title.trim().length >= 8 && prompt.includes(issue.title.trim().toLowerCase()));
  if (titled) return found(titled.id);
  for (const node of deps.issueSelection?.() ?? []) {
    try {
      return found(targetOfNode(node, 'issue', '@trcaa').id);
    } catch {
      // not a row of an incident
    }
  }
  const [picked] = (await pickIssues(services, '@trcaa: which incident is this about?', false)) ?? [];
  return picked ? found(picked) : { selections };
}

/** The earlier turns of this chat with @trcaa, oldest first, as text. */
export function historyOf(context: vscode.ChatContext): { role: 'user' | 'assistant'; content: string }[] {
  const messages: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const turn of context.history) {
    if (turn.participant !== PARTICIPANT_ID) continue;
    if (turn instanceof vscode.ChatRequestTurn) {
      if (turn.prompt.trim()) messages.push({ role: 'user', content: `${turn.command ? `/${turn.command} ` : ''}${turn.prompt}` });
    } else if (turn instanceof vscode.ChatResponseTurn) {
      const text = turn.response
        .map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : ''))
        .join('')
        .trim();
      if (text) messages.push({ role: 'assistant', content: text });
    }
  }
  return messages.slice(-HISTORY_MESSAGES);
}

/** The sections a /rca prompt names (RCA_SECTIONS, any case), else the ones left to be written. */
export function sectionsOf(prompt: string): string[] {
  const text = prompt.toLowerCase();
  const named = RCA_SECTIONS.filter((section) => text.includes(section.toLowerCase()));
  return named.length ? [...named] : DEFAULT_RCA_SECTIONS;
}

/** Prepared by the worker (redacted, audited); custom PII patterns it could not use are reported as the chat does. */
async function prepare(deps: ChatDeps, input: ParticipantInput): Promise<ParticipantRequest> {
  const prepared = await (await deps.services.store()).aiTools.prepareParticipant(input);
  warnPatternProblems(deps.services, prepared.problems);
  deps.services.log.info(`[ai] @trcaa ${input.mode}${input.section ? ` ${input.section}` : ''}: ${prepared.bytes} bytes to ${input.provider.model} (audit ${prepared.auditId})`);
  return prepared;
}

/** Sends the gate's messages to the chat's model; each piece of the answer to `onText`. */
async function ask(model: vscode.LanguageModelChat, prepared: ParticipantRequest, token: vscode.CancellationToken, onText: (text: string) => void): Promise<string> {
  // vscode.lm has no system role: the system prompt goes first, as the user's framing (as vscodeModels.ts does).
  const messages = prepared.messages.map((m) => (m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content)));
  const response = await model.sendRequest(messages, { justification: 'TRCAA asks about the incident you are investigating (redacted).' }, token);
  let text = '';
  for await (const piece of response.text) {
    text += piece;
    onText(piece);
  }
  return text;
}

export async function answerChat(deps: ChatDeps, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const { services } = deps;
  const mode = modeOf(request.command);
  const metadata: ParticipantMetadata = { command: mode };
  try {
    const named = await incidentOf(deps, request);
    if (!named?.issueId) {
      stream.markdown('Which incident is this about? Name it — its id, a `log:<id>#L…` reference, or its title — or select it in the TRCAA Issues view, then ask again.');
      return { metadata };
    }
    const issueId = named.issueId;
    metadata.issueId = issueId;
    const store = await services.store();
    const issue = await store.issues.get(issueId);
    if (!issue) throw new Error(`No incident ${issueId}: it may have been deleted.`);
    const model = request.model;
    const provider = { kind: 'vscode' as const, baseUrl: '', model: model.id, contextTokens: Math.min(10_000_000, Math.max(1024, model.maxInputTokens || 8192)) };
    const base = { issueId, text: request.prompt, history: historyOf(context), selections: named.selections, provider, pii: piiDetectorOptions(services) };
    stream.progress(`Reading “${issue.title}” — redacted, approved logs only`);

    if (mode === 'ask' || mode === 'analyze') {
      const prepared = await prepare(deps, { ...base, mode });
      await ask(model, prepared, token, (text) => stream.markdown(text));
      return { metadata };
    }

    if (mode === 'whys') {
      const steps = await store.steps.listLevels(issueId);
      const level = steps.find((step) => !step.answer?.trim())?.stepOrder ?? steps.length + 1;
      if (level > 5) {
        stream.markdown('All five whys of this incident are answered: mark the root cause (**TRCAA: Mark Root Cause…**) or reword a why.');
        return { metadata };
      }
      const prepared = await prepare(deps, { ...base, mode, level });
      stream.progress(`Asking ${model.name} for why ${level}`);
      const reply = await ask(model, prepared, token, () => undefined);
      const why = parseActionReply('suggestNextWhy', reply);
      stream.markdown(`**Why ${level}: ${plain(why.question)}**\n\n${plain(why.answer)}\n\n`);
      if (why.evidence.length) stream.markdown(`Evidence: ${why.evidence.map((ref) => `\`${ref}\``).join(', ')}\n\n`);
      stream.button(acceptButton(`Accept as why ${level}`, { kind: 'why', issueId, level, question: why.question, answer: why.answer, evidence: why.evidence }));
      return { metadata };
    }

    for (const section of sectionsOf(request.prompt)) {
      if (token.isCancellationRequested) break;
      const prepared = await prepare(deps, { ...base, mode, section });
      stream.progress(`Drafting “${section}” with ${model.name}`);
      const reply = await ask(model, prepared, token, () => undefined);
      const draft = parseActionReply('draftSection', reply);
      stream.markdown(`### ${plain(section)}\n\n${draft.markdown}\n\n`);
      stream.button(acceptButton(`Accept “${section}” into the RCA`, { kind: 'rcaSection', issueId, section, markdown: draft.markdown }));
    }
    return { metadata };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    const logId = (error as { details?: { id?: unknown } }).details?.id;
    services.log.warn(`[ai] @trcaa ${mode}: ${message}`);
    if (code === 'NOT_APPROVED' && typeof logId === 'string') stream.button({ command: 'trcaa.pii.reviewLog', title: 'Review PII', arguments: [logId] });
    return { metadata, errorDetails: { message } };
  }
}

/** After an answer: the other commands, about the same incident. */
export function followups(result: vscode.ChatResult): vscode.ChatFollowup[] {
  const metadata = result.metadata as ParticipantMetadata | undefined;
  if (!metadata?.issueId || result.errorDetails) return [];
  const about = ` (incident ${metadata.issueId})`;
  const all: vscode.ChatFollowup[] = [
    { prompt: `Analyze${about}`, command: 'analyze', label: 'Analyze the incident' },
    { prompt: `Propose the next why${about}`, command: 'whys', label: 'Propose the next why' },
    { prompt: `Draft the RCA's open sections${about}`, command: 'rca', label: 'Draft RCA sections' },
  ];
  return all.filter((followup) => followup.command !== metadata.command);
}
