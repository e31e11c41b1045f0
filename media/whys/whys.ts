// The 5 Whys panel's front end: one card per level (question, answer, evidence with its log links), the next
// question, and the root cause. The database on the host is the truth: every save goes there and the whole state
// comes back. Text typed and not saved yet is kept as a draft (also across a reload, in the webview state).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { splitEvidence } from '../../src/core/whys/logRefs';
import type { WhyProposalView, WhysHostMessage, WhysState, WhysViewState, WhysWebviewMessage, WhyView } from '../../src/webview/whys/whysProtocol';
import { hostChannel } from '../shared/hostChannel';
import './whys.css';

type Draft = { question: string; answer: string; evidence: string };
const MAX_LEVELS = 5;
const REMOVE_CONFIRM_MS = 4000;
const CONFIDENCE_OPTIONS = [0.9, 0.7, 0.4];
const DEFAULT_CONFIDENCE = 0.7;

/** The option closest to a stored confidence (the command's QuickPick and the panel offer the same three); Medium when none. */
export function confidenceOption(stored: number | null): string {
  if (stored === null) return String(DEFAULT_CONFIDENCE);
  return String(CONFIDENCE_OPTIONS.reduce((best, option) => (Math.abs(option - stored) < Math.abs(best - stored) ? option : best)));
}

export function startWhysPanel(): void {
  const api = hostChannel<WhysWebviewMessage, WhysHostMessage, WhysViewState>();
  /** A change: its reply (stored, or why not) is shown beside the form it came from. */
  const post = (message: WhysWebviewMessage) => {
    if (message.type === 'openLog') return api.post(message);
    void api.request(message).then((reply) => showResult(message, reply.ok, reply.error));
  };
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const levels = byId<HTMLOListElement>('levels');
  const nextQuestion = byId<VscodeTextfield>('next-question');
  const askButton = byId<VscodeButton>('ask');
  const rootCause = byId<VscodeTextfield>('root-cause');
  const confidence = byId<VscodeSingleSelect>('confidence');
  const markButton = byId<VscodeButton>('mark-root-cause');
  const suggestButton = byId<VscodeButton>('suggest');
  const proposalSection = byId<HTMLElement>('proposal');
  const proposalQuestion = byId<VscodeTextfield>('proposal-question');
  const proposalAnswer = byId<VscodeTextarea>('proposal-answer');
  const proposalEvidence = byId<VscodeTextarea>('proposal-evidence');
  const proposalLinks = byId<HTMLElement>('proposal-links');
  const proposalError = byId<HTMLElement>('proposal-error');
  /** The AI proposal on show (as edited), until accepted or discarded. */
  let proposal: WhysViewState['proposal'];
  let suggesting = false;

  let state: WhysState | undefined;
  let confidencePicked = false;
  confidence.addEventListener('change', () => (confidencePicked = true));
  const saved = api.getState();
  const drafts = new Map<number, Draft>(Object.entries(saved?.drafts ?? {}).map(([level, draft]) => [Number(level), draft]));
  if (saved?.nextQuestion) nextQuestion.value = saved.nextQuestion;

  const keepState = () => {
    if (!state) return;
    api.setState({ issueId: state.issue.id, drafts: Object.fromEntries(drafts), nextQuestion: nextQuestion.value, ...(proposal ? { proposal } : {}) });
  };

  const fileNameOf = (logFileId: string) => state?.logs.find((log) => log.id === logFileId)?.fileName;

  /** The evidence with each `log:<id>#L…` as a link that opens the stored log at those lines. */
  function renderEvidence(target: HTMLElement, evidence: string) {
    target.replaceChildren();
    for (const part of splitEvidence(evidence)) {
      if (part.kind === 'text') {
        target.append(document.createTextNode(part.text));
        continue;
      }
      const { logFileId, startLine, endLine } = part.ref;
      const name = fileNameOf(logFileId);
      const link = document.createElement('a');
      link.href = '#';
      link.className = name ? 'log-ref' : 'log-ref missing';
      const lines = startLine === endLine ? `L${startLine}` : `L${startLine}–${endLine}`;
      const icon = document.createElement('span');
      icon.className = 'codicon codicon-go-to-file';
      icon.setAttribute('aria-hidden', 'true');
      link.append(icon, name ? `${name} ${lines}` : `${part.text} (not a log of this issue)`);
      link.title = `Open ${name ?? 'the log'} at line${startLine === endLine ? '' : 's'} ${lines.slice(1)}`;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        post({ type: 'openLog', logFileId, startLine, endLine });
      });
      target.append(link);
    }
  }

  function field<T extends HTMLElement>(tag: string, className: string, attributes: Record<string, string>): T {
    const element = document.createElement(tag) as T;
    element.className = className;
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  }

  function card(step: WhyView, waiting: boolean): HTMLLIElement {
    const draft = drafts.get(step.level);
    const item = document.createElement('li');
    item.className = `level${waiting ? ' waiting' : ''}${step.answer.trim() ? ' answered' : ''}`;
    item.dataset.level = String(step.level);

    const header = document.createElement('header');
    const title = document.createElement('span');
    title.className = 'level-title';
    title.textContent = `Why ${step.level}`;
    const status = document.createElement('span');
    status.className = 'status';
    status.textContent = step.answer.trim() ? 'answered' : waiting ? 'waiting for an answer' : 'not answered';
    const remove = field<VscodeButton>('vscode-button', 'remove', { secondary: '', title: `Remove why ${step.level}` });
    remove.textContent = 'Remove';
    let armed: ReturnType<typeof setTimeout> | undefined;
    remove.addEventListener('click', () => {
      // Two clicks: the first asks (a webview has no modal dialog), the second removes.
      if (armed === undefined) {
        remove.textContent = `Remove why ${step.level}?`;
        armed = setTimeout(() => {
          armed = undefined;
          remove.textContent = 'Remove';
        }, REMOVE_CONFIRM_MS);
        return;
      }
      clearTimeout(armed);
      post({ type: 'remove', level: step.level });
    });
    header.append(title, status, remove);

    const question = field<VscodeTextfield>('vscode-textfield', 'question', { 'aria-label': `Why ${step.level}: question`, placeholder: 'Why …?' });
    question.value = draft?.question ?? step.question;
    const answer = field<VscodeTextarea>('vscode-textarea', 'answer', { 'aria-label': `Why ${step.level}: answer`, placeholder: 'Because …', rows: '2', resize: 'vertical' });
    answer.value = draft?.answer ?? step.answer;
    const evidence = field<VscodeTextarea>('vscode-textarea', 'evidence', {
      'aria-label': `Why ${step.level}: evidence`,
      placeholder: 'Evidence: log:<id>#L10-L20, a metric, a link…',
      rows: '2',
      resize: 'vertical',
      monospace: '',
    });
    evidence.value = draft?.evidence ?? step.evidence;
    const links = document.createElement('div');
    links.className = 'evidence-links';
    renderEvidence(links, evidence.value);

    const actions = document.createElement('div');
    actions.className = 'actions';
    const save = field<VscodeButton>('vscode-button', 'save', {});
    save.textContent = waiting ? 'Answer' : 'Save';
    const error = field<HTMLSpanElement>('span', 'error', { role: 'alert' });
    actions.append(save, error);
    if (draft) item.classList.add('draft');

    const saveLevel = () => post({ type: 'save', level: step.level, question: question.value, answer: answer.value, evidence: evidence.value });
    const edited = () => {
      drafts.set(step.level, { question: question.value, answer: answer.value, evidence: evidence.value });
      item.classList.add('draft');
      renderEvidence(links, evidence.value);
      keepState();
    };
    for (const input of [question, answer, evidence]) {
      input.addEventListener('input', edited);
      // Ctrl+Enter saves the level, as in a commit message box.
      input.addEventListener('keydown', (event: KeyboardEvent) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) saveLevel();
      });
    }
    save.addEventListener('click', saveLevel);

    const labelled = (text: string, control: HTMLElement) => {
      const label = document.createElement('label');
      label.className = 'field-label';
      label.textContent = text;
      control.id = `why-${step.level}-${text.toLowerCase()}`;
      label.htmlFor = control.id;
      return [label, control];
    };
    const fields = document.createElement('div');
    fields.className = 'fields';
    const spacer = document.createElement('span');
    spacer.className = 'links-spacer';
    fields.append(...labelled('Question', question), ...labelled('Answer', answer), ...labelled('Evidence', evidence), spacer, links);
    item.append(header, fields, actions);
    return item;
  }

  function render() {
    if (!state) return;
    const focused = document.activeElement?.closest('li.level') as HTMLElement | null;
    const focusedClass = (document.activeElement as HTMLElement | null)?.className;
    const caret = (document.activeElement as Partial<VscodeTextarea> | null)?.wrappedElement;
    const selection = caret ? [caret.selectionStart, caret.selectionEnd] : undefined;
    byId('issue-title').textContent = state.issue.title;
    levels.replaceChildren(...state.steps.map((step) => card(step, step.level === state?.waitingLevel)));
    if (!state.steps.length) {
      const empty = document.createElement('li');
      empty.className = 'empty';
      empty.textContent = 'No why asked yet: start with what happened — “Why did checkout return 502?”';
      levels.append(empty);
    }
    // Typing goes on where it was after the re-render.
    if (focused?.dataset.level && focusedClass) {
      const field = levels.querySelector(`li[data-level="${focused.dataset.level}"] .${focusedClass.split(' ')[0]}`) as (HTMLElement & Partial<VscodeTextarea>) | null;
      // Into the new field's input, once it has drawn it, with the caret where it was.
      void field?.updateComplete?.then(() => {
        const input = field.wrappedElement;
        if (!input) return field.focus();
        input.focus();
        if (selection) input.setSelectionRange(selection[0], selection[1]);
      });
    }

    const full = state.steps.length >= MAX_LEVELS;
    askButton.disabled = full;
    nextQuestion.disabled = full;
    nextQuestion.placeholder = full ? 'Five whys asked: reword or remove one to go on.' : `Why ${state.steps.length + 1}: why did …?`;
    suggestButton.disabled = suggesting || (full && state.waitingLevel === null);
    if (proposal) renderEvidence(proposalLinks, proposal.evidence);

    const current = byId('root-cause-current');
    if (state.rootCause) {
      const percent = state.rootCause.confidence === null ? '' : ` (confidence ${Math.round(state.rootCause.confidence * 100)}%)`;
      current.textContent = `${state.rootCause.text}${percent} — marked ${state.rootCause.createdAt} UTC`;
    } else current.textContent = 'No root cause marked yet.';
    // The stored confidence is what the form shows, unless the person picked another one and has not marked yet.
    if (!confidencePicked) confidence.value = confidenceOption(state.rootCause?.confidence ?? null);
    rootCause.placeholder = state.deepestAnswer ? `Blank: the deepest answer — ${state.deepestAnswer}` : 'Answer a why first, or name the root cause';
    markButton.disabled = !state.deepestAnswer;
  }

  function showResult(request: WhysWebviewMessage, ok: boolean, error: string | undefined) {
    const level = 'level' in request ? request.level : undefined;
    const where =
      request.type === 'ask'
        ? byId('ask-error')
        : request.type === 'markRootCause'
          ? byId('root-cause-error')
          : (levels.querySelector(`li[data-level="${level}"] .error`) as HTMLElement | null);
    if (where) where.textContent = ok ? '' : (error ?? 'That did not work.');
    if (!ok) return;
    // Stored: the state (sent before or after this reply) shows what is stored, no longer the draft.
    if (request.type === 'save') {
      drafts.delete(request.level);
      levels.querySelector(`li[data-level="${request.level}"]`)?.classList.remove('draft');
    }
    if (request.type === 'remove') {
      const removed = request.level;
      const shifted = [...drafts].filter(([level]) => level !== removed).map(([level, draft]): [number, Draft] => [level > removed ? level - 1 : level, draft]);
      drafts.clear();
      for (const [level, draft] of shifted) drafts.set(level, draft);
    }
    if (request.type === 'ask') nextQuestion.value = '';
    if (request.type === 'markRootCause') {
      rootCause.value = '';
      confidencePicked = false;
    }
    keepState();
  }

  /** Shows a proposal (fresh from the AI, or kept across a reload) with Accept / Edit / Discard; read-only until Edit. */
  function showProposal(shown: NonNullable<WhysViewState['proposal']> | undefined, editable = false) {
    proposal = shown;
    proposalSection.hidden = !shown;
    proposalError.textContent = '';
    if (shown) {
      byId('proposal-title').textContent = `AI proposal for why ${shown.level}`;
      proposalQuestion.value = shown.question;
      proposalAnswer.value = shown.answer;
      proposalEvidence.value = shown.evidence;
      for (const field of [proposalQuestion, proposalAnswer, proposalEvidence]) field.readonly = !editable;
      renderEvidence(proposalLinks, shown.evidence);
      proposalSection.scrollIntoView({ block: 'nearest' });
    }
    keepState();
  }

  /** The evidence a proposal would store: what the level already cites, then the lines the AI cited. */
  function proposedEvidence(view: WhyProposalView): string {
    const existing = state?.steps.find((step) => step.level === view.level)?.evidence.trim() ?? '';
    return [existing, ...view.evidence.filter((ref) => !existing.includes(ref))].filter(Boolean).join('\n');
  }

  suggestButton.addEventListener('click', () => {
    if (suggesting) return;
    suggesting = true;
    suggestButton.disabled = true;
    byId('ask-error').textContent = 'Asking the AI… (the progress notification has Cancel)';
    void api.request({ type: 'suggest' }).then((reply) => {
      suggesting = false;
      render();
      byId('ask-error').textContent = reply.ok ? '' : (reply.error ?? 'The AI could not suggest a why.');
      const view = reply.ok ? (reply.value as WhyProposalView | null | undefined) : undefined;
      if (view) showProposal({ level: view.level, question: view.question, answer: view.answer, evidence: proposedEvidence(view) });
    });
  });
  const proposalEdited = () => {
    if (!proposal) return;
    proposal = { ...proposal, question: proposalQuestion.value, answer: proposalAnswer.value, evidence: proposalEvidence.value };
    renderEvidence(proposalLinks, proposal.evidence);
    keepState();
  };
  for (const field of [proposalQuestion, proposalAnswer, proposalEvidence]) field.addEventListener('input', proposalEdited);
  byId<VscodeButton>('proposal-edit').addEventListener('click', () => {
    if (!proposal) return;
    for (const field of [proposalQuestion, proposalAnswer, proposalEvidence]) field.readonly = false;
    (proposalAnswer.wrappedElement ?? proposalAnswer).focus();
  });
  byId<VscodeButton>('proposal-discard').addEventListener('click', () => showProposal(undefined));
  byId<VscodeButton>('proposal-accept').addEventListener('click', () => {
    if (!proposal) return;
    const accepted = proposal;
    // The 5 Whys' own save: a new level is created; the waiting level is answered (why_level_advanced).
    void api.request({ type: 'save', level: accepted.level, question: accepted.question, answer: accepted.answer, evidence: accepted.evidence }).then((reply) => {
      if (!reply.ok) {
        proposalError.textContent = reply.error ?? 'The why was not stored.';
        return;
      }
      drafts.delete(accepted.level);
      showProposal(undefined);
    });
  });
  if (saved?.proposal) showProposal(saved.proposal);

  const ask = () => post({ type: 'ask', question: nextQuestion.value });
  askButton.addEventListener('click', ask);
  nextQuestion.addEventListener('keydown', (event: KeyboardEvent) => {
    if (event.key === 'Enter') ask();
  });
  nextQuestion.addEventListener('input', keepState);
  markButton.addEventListener('click', () => post({ type: 'markRootCause', rootCause: rootCause.value, confidence: Number(confidence.value) || DEFAULT_CONFIDENCE }));

  api.start((message) => {
    switch (message.type) {
      case 'state':
        state = message.state;
        render();
        keepState();
        break;
      case 'focus': {
        const item = levels.querySelector(`li[data-level="${message.level}"]`) as HTMLElement | null;
        item?.scrollIntoView({ block: 'center' });
        const field = item?.querySelector(item.classList.contains('answered') ? '.question' : '.answer') as (HTMLElement & Partial<VscodeTextarea>) | null;
        (field?.wrappedElement ?? field)?.focus();
        break;
      }
    }
  });
}
