// The hover on a PII span of a stored log: its type, what it becomes, the decision, and links to decide. Command
// links are trusted for our span commands only; no original value is put into the hover's markup.
import * as vscode from 'vscode';
import { labelFor } from '../../core/pii/types';
import { LOG_SCHEME } from '../attachments';
import type { PiiDecision, PiiSpan } from '../../core/model/logFile';
import type { PiiReviewState } from './reviewState';

export const HOVER_COMMANDS = ['trcaa.pii.acceptSpan', 'trcaa.pii.keepSpan', 'trcaa.pii.acceptAllOfType', 'trcaa.pii.keepAllOfType'] as const;

const DECISION_TEXT: Record<PiiDecision, string> = {
  pending: 'not reviewed yet — redacted unless kept',
  redact: 'redact',
  keep: 'keep the original',
};

export function commandLink(command: (typeof HOVER_COMMANDS)[number], args: unknown): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([args]))}`;
}

/** Markdown-safe inline code of our own strings (types and replacements can come from custom pattern names). */
const code = (text: string) => `\`${text.replace(/[`\\]/g, '')}\``;
const plain = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');

export function spanHover(logId: string, span: PiiSpan): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
  md.supportHtml = false;
  md.appendMarkdown(`$(shield) **${plain(labelFor(span.piiType))}** → ${code(span.replacement)}\n\n`);
  md.appendMarkdown(`Decision: ${DECISION_TEXT[span.decision]}\n\n`);
  const one = { logId, spanIds: [span.id] };
  const all = { logId, piiType: span.piiType };
  const links = [
    span.decision !== 'redact' ? `[$(eye-closed) Redact](${commandLink('trcaa.pii.acceptSpan', one)} "Redact this value")` : undefined,
    span.decision !== 'keep' ? `[$(eye) Keep original](${commandLink('trcaa.pii.keepSpan', one)} "Keep this value as it is")` : undefined,
    `[Redact all ${code(span.replacement)}](${commandLink('trcaa.pii.acceptAllOfType', all)} "Redact every value of this type in this log")`,
    `[Keep all](${commandLink('trcaa.pii.keepAllOfType', all)} "Keep every value of this type in this log")`,
  ];
  md.appendMarkdown(links.filter(Boolean).join(' · '));
  return md;
}

export class PiiHoverProvider implements vscode.HoverProvider {
  constructor(private readonly state: PiiReviewState) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const found = await this.state.spansAt(document, new vscode.Range(position, position));
    const view = found?.spans.length ? await this.state.view(document) : undefined;
    if (!found || !view) return undefined;
    // Under the pointer: the spans it is inside (not the one just before it).
    const offset = view.offsetAt(position);
    const spans = found.spans.filter((s) => s.endOffset > offset);
    const first = spans[0];
    if (!first) return undefined;
    const contents = spans.map((span) => spanHover(found.logId, span));
    return new vscode.Hover(contents, view.rangeOf(first.startOffset, first.endOffset));
  }
}

export function registerPiiHover(state: PiiReviewState): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ scheme: LOG_SCHEME }, new PiiHoverProvider(state));
}
