// TRCAA's language-model tools (package.json contributes.languageModelTools): a model in VS Code's chat may search
// the incidents, read one's summary, and read an excerpt of an approved log. What they return is built in the
// database worker (storage/repositories/aiTools.ts): redacted, an unapproved log refused by name, each output
// audited (ai.tool_output). prepareInvocation says what will be read before anything is.
import * as vscode from 'vscode';
import { piiDetectorOptions } from '../pii';
import type { Services } from '../workbench/services';
import type { LmToolName } from './chatContributions';

export interface SearchIncidentsInput {
  query?: string;
  limit?: number;
}
export interface IncidentSummaryInput {
  issueId: string;
}
export interface LogExcerptInput {
  logId: string;
  startLine?: number;
  endLine?: number;
}

interface Tool<T> {
  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<T>, token: vscode.CancellationToken): Promise<vscode.PreparedToolInvocation>;
  invoke(options: vscode.LanguageModelToolInvocationOptions<T>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult>;
}

const result = (text: string) => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);

/** A name shown in the chat's own UI (never sent): shortened, without Markdown. */
const shown = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text).replace(/[`*_[\]<>\\]/g, ' ');

const lines = (input: LogExcerptInput) =>
  input.startLine === undefined && input.endLine === undefined ? 'its error and warning lines' : `lines ${input.startLine ?? '…'}–${input.endLine ?? '…'}`;

export function lmTools(services: Services): { [N in LmToolName]: Tool<N extends 'trcaa_searchIncidents' ? SearchIncidentsInput : N extends 'trcaa_incidentSummary' ? IncidentSummaryInput : LogExcerptInput> } {
  const store = () => services.store();
  const pii = () => piiDetectorOptions(services);
  return {
    trcaa_searchIncidents: {
      async prepareInvocation(options) {
        const query = options.input.query?.trim();
        return { invocationMessage: query ? `Searching TRCAA incidents for “${shown(query)}” (titles redacted)` : 'Listing recent TRCAA incidents (titles redacted)' };
      },
      async invoke(options) {
        const { query, limit } = options.input;
        const out = await (await store()).aiTools.searchIncidents({ ...(query !== undefined ? { query } : {}), ...(limit !== undefined ? { limit } : {}), pii: pii() });
        return result(out.text);
      },
    },
    trcaa_incidentSummary: {
      async prepareInvocation(options) {
        const issue = await (await store()).issues.get(options.input.issueId).catch(() => null);
        return {
          invocationMessage: issue ? `Reading the redacted summary of the incident “${shown(issue.title)}”` : `Reading the redacted summary of incident ${shown(options.input.issueId)}`,
        };
      },
      async invoke(options) {
        const out = await (await store()).aiTools.incidentSummary({ issueId: options.input.issueId, pii: pii() });
        return result(out.text);
      },
    },
    trcaa_logExcerpt: {
      async prepareInvocation(options) {
        const log = await (await store()).logFiles.get(options.input.logId).catch(() => null);
        if (!log) return { invocationMessage: `Reading log ${shown(options.input.logId)}` };
        if (!log.redacted) return { invocationMessage: `${shown(log.fileName)} is not approved for sharing: nothing of it will be read` };
        return {
          invocationMessage: `Reading ${lines(options.input)} of ${shown(log.fileName)} (redacted)`,
          confirmationMessages: {
            title: 'Give a redacted log excerpt to the model?',
            message: new vscode.MarkdownString(
              `TRCAA will read ${lines(options.input)} of **${shown(log.fileName)}**, replace its personal data and secrets as its PII review decided, and give the text to the chat's model. The excerpt's hash and size are audited.`,
            ),
          },
        };
      },
      async invoke(options) {
        const { logId, startLine, endLine } = options.input;
        const out = await (await store()).aiTools.logExcerpt({ logId, ...(startLine !== undefined ? { startLine } : {}), ...(endLine !== undefined ? { endLine } : {}), pii: pii() });
        if (out.refused) services.log.info(`[ai] log excerpt refused: log ${logId} is not approved (audit ${out.auditId})`);
        return result(out.text);
      },
    },
  };
}
