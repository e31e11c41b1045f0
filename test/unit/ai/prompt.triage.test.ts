// The triage prompt says what the assistant must do; structured replies are found in whatever prose surrounds
// them and checked strictly, with a clear error when a model answers badly.
import * as assert from 'node:assert/strict';
import { actionInstruction, AI_ACTIONS, parseActionReply } from '../../../src/core/ai/actions';
import { AiReplyError, extractJson } from '../../../src/core/ai/jsonReply';
import { TRIAGE_PHASES, TRIAGE_PROMPT_VERSION, TRIAGE_SYSTEM_PROMPT } from '../../../src/core/ai/triagePrompt';
import { ISSUE_SEVERITIES } from '../../../src/core/model/issue';

const ID = '0192f0c4-1b2a-7c3d-8e4f-a1b2c3d4e5f6';

describe('AI triage prompt', () => {
  it('is versioned', () => {
    assert.ok(Number.isInteger(TRIAGE_PROMPT_VERSION) && TRIAGE_PROMPT_VERSION >= 1);
  });

  it('walks the phases in order: scope, evidence, hypotheses, 5 Whys, remediation', () => {
    const at = TRIAGE_PHASES.map((phase) => TRIAGE_SYSTEM_PROMPT.indexOf(`${phase} —`));
    assert.ok(at.every((i) => i >= 0), `every phase is there: ${at.join(', ')}`);
    assert.deepEqual([...at].sort((a, b) => a - b), at);
  });

  it('asks for evidence-backed whys citing log:<id>#L<n> references, and CONFIRMED vs ASSUMPTION', () => {
    assert.match(TRIAGE_SYSTEM_PROMPT, /log:<id>#L<n>/);
    assert.match(TRIAGE_SYSTEM_PROMPT, /5 Whys[^\n]*backed by evidence/);
    assert.match(TRIAGE_SYSTEM_PROMPT, /CONFIRMED/);
    assert.match(TRIAGE_SYSTEM_PROMPT, /ASSUMPTION/);
    assert.match(TRIAGE_SYSTEM_PROMPT, /never invent log ids or line numbers/);
  });

  it('never asks for or echoes secrets, and leaves redaction placeholders alone', () => {
    assert.match(TRIAGE_SYSTEM_PROMPT, /Never ask for, repeat or invent secrets/);
    assert.match(TRIAGE_SYSTEM_PROMPT, /\[Email\]/);
    assert.match(TRIAGE_SYSTEM_PROMPT, /Do not guess them/);
  });
});

describe('AI structured replies', () => {
  it('finds the JSON in a ```json fence, a bare fence or the first balanced object in prose', () => {
    assert.deepEqual(extractJson('Sure!\n```json\n{"a": 1}\n```\nDone.'), { a: 1 });
    assert.deepEqual(extractJson('```\n{"b": "}"}\n```'), { b: '}' });
    assert.deepEqual(extractJson('Here it is: {"c": {"d": "a { brace"}} and {"e": 2}'), { c: { d: 'a { brace' } });
    assert.deepEqual(extractJson('Note {not json} then {"f": true}'), { f: true });
    assert.throws(() => extractJson('no object at all'), (e: unknown) => e instanceof AiReplyError && e.code === 'NO_JSON' && /did not answer with a JSON object/.test(e.message));
    assert.throws(() => extractJson('```json\n{"a": 1,,}\n```'), (e: unknown) => e instanceof AiReplyError && e.code === 'BAD_JSON');
  });

  it('checks an Analyze Log result: findings with line references, the first why, a severity of the model', () => {
    const reply = `Analysis:\n\`\`\`json\n${JSON.stringify({
      summary: 'The pool ran dry.',
      findings: [{ finding: 'Connections exhausted', status: 'CONFIRMED', refs: [`log:${ID}#L12-L14`] }],
      suggestedFirstWhy: { question: 'Why did checkout return 503?', answer: 'The pool was exhausted.' },
      suggestedSeverity: 'high',
    })}\n\`\`\``;
    const result = parseActionReply('analyzeLog', reply);
    assert.equal(result.findings[0]?.refs[0], `log:${ID}#L12-L14`);
    assert.equal(result.suggestedSeverity, 'high');
    const bad = reply.replace('"high"', '"sev1"').replace(`log:${ID}#L12-L14`, 'line 12');
    assert.throws(
      () => parseActionReply('analyzeLog', bad),
      (e: unknown) => e instanceof AiReplyError && e.code === 'INVALID_REPLY' && /findings\.0\.refs\.0: must be a log reference/.test(e.message) && /suggestedSeverity/.test(e.message),
    );
  });

  it('checks Suggest Next Why, Draft Section and Status Update replies', () => {
    assert.deepEqual(parseActionReply('suggestNextWhy', `{"question": "Why was the pool small?", "answer": "ASSUMPTION: default config", "evidence": ["log:${ID}#L40"]}`).evidence, [`log:${ID}#L40`]);
    assert.deepEqual(parseActionReply('suggestNextWhy', '{"question": "Why?", "answer": "Because."}').evidence, []);
    assert.throws(() => parseActionReply('suggestNextWhy', '{"question": "", "answer": "x"}'), /question/);
    assert.equal(parseActionReply('draftSection', '```json\n{"section": "Impact", "markdown": "- 12% of checkouts failed"}\n```').markdown, '- 12% of checkouts failed');
    assert.equal(parseActionReply('statusUpdate', '{"summary": "Checkout is degraded. A fix is rolling out."}').summary, 'Checkout is degraded. A fix is rolling out.');
    assert.throws(() => parseActionReply('statusUpdate', '{"text": "x"}'), /status update is not in the expected form/);
  });

  it('asks each action for JSON in its shape (Analyze Log offers the model the severities)', () => {
    for (const action of AI_ACTIONS) assert.match(actionInstruction(action, { logId: ID, section: 'Impact', level: 2 }), /```json/);
    assert.ok(actionInstruction('analyzeLog', { logId: ID }).includes(ISSUE_SEVERITIES.join('" | "')));
    assert.match(actionInstruction('draftSection', { section: 'Impact', currentText: 'old text' }), /"Impact"[\s\S]*old text/);
    assert.match(actionInstruction('statusUpdate'), /two plain sentences/);
  });
});
