// What the @trcaa participant proposes, and the one command that stores a proposal once the user clicks its button
// (the participant itself stores nothing): a why for the 5 Whys — through the repository's answerWhy, so
// why_level_advanced is recorded as for a typed answer — or a section of the incident's RCA, written into its
// newest RCA (generated from the template first when it has none) and opened.
import * as vscode from 'vscode';
import { z } from 'zod';
import { parseLogRefs } from '../../core/whys/logRefs';
import { findSection, replaceSectionBody } from '../documents';
import type { Services } from '../workbench/services';
import { ACCEPT_PROPOSAL_COMMAND } from './chatContributions';

const id = z.string().min(1).max(100);

export const whyProposalSchema = z.strictObject({
  kind: z.literal('why'),
  issueId: id,
  level: z.number().int().min(1).max(5),
  question: z.string().trim().min(1).max(20_000),
  answer: z.string().trim().min(1).max(20_000),
  evidence: z.array(z.string().max(300)).max(20).default([]),
});

export const sectionProposalSchema = z.strictObject({
  kind: z.literal('rcaSection'),
  issueId: id,
  section: z.string().trim().min(1).max(200),
  markdown: z.string().trim().min(1).max(50_000),
});

export const proposalSchema = z.discriminatedUnion('kind', [whyProposalSchema, sectionProposalSchema]);
export type Proposal = z.input<typeof proposalSchema>;

/** The button the participant shows under a proposal. */
export function acceptButton(title: string, proposal: Proposal): vscode.Command {
  return { command: ACCEPT_PROPOSAL_COMMAND, title, arguments: [proposal] };
}

export type AcceptResult = { kind: 'why'; stepId: string; level: number; eventId: string | null } | { kind: 'rcaSection'; docId: string; created: boolean };

export async function acceptProposal(services: Services, arg: unknown): Promise<AcceptResult> {
  const proposal = proposalSchema.parse(arg);
  const store = await services.store();
  if (proposal.kind === 'why') {
    // Only references to this incident's logs are kept as evidence (the repository refuses others).
    const logIds = new Set((await store.logFiles.listForIssue(proposal.issueId)).map((log) => log.id));
    const evidence = proposal.evidence.filter((ref) => parseLogRefs(ref).some((parsed) => logIds.has(parsed.logFileId)));
    const { step, event } = await store.steps.answerWhy(proposal.issueId, {
      level: proposal.level,
      question: proposal.question,
      answer: proposal.answer,
      ...(evidence.length ? { evidence: evidence.join('\n') } : {}),
    });
    const open = 'Open 5 Whys';
    void services.ui.showInformationMessage(`TRCAA: why ${proposal.level} stored.`, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('trcaa.whys.open', proposal.issueId);
    });
    return { kind: 'why', stepId: step.id, level: step.stepOrder, eventId: event?.id ?? null };
  }
  const rcas = (await store.documents.listForIssue(proposal.issueId)).filter((doc) => doc.docType === 'rca').sort((a, b) => b.updatedAt - a.updatedAt);
  let docId = rcas[0]?.id;
  const created = !docId;
  if (!docId) docId = (await store.documents.generate(proposal.issueId, 'rca')).document.id;
  const doc = await store.documents.get(docId);
  if (!doc) throw new Error('The RCA was deleted meanwhile: ask again.');
  // The section's body replaced; a section the document lacks (renamed or removed by the user) is added at its end.
  const section = findSection(doc.contentMd, proposal.section);
  const contentMd = section ? replaceSectionBody(doc.contentMd, section, proposal.markdown) : `${doc.contentMd.trimEnd()}\n\n## ${proposal.section}\n\n${proposal.markdown.trim()}\n`;
  await store.documents.update(docId, { contentMd });
  await vscode.commands.executeCommand('trcaa.openDocument', docId);
  return { kind: 'rcaSection', docId, created };
}
