// The tree rows' context values (src/views/workbench/contextValues.ts) and package.json's menus agree: every
// viewItem a `when` clause names is one of the constants, and every constant meant for a menu is named by one.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allContextValues, CONTEXT, WITHOUT_MENU } from '../../../src/views/workbench/contextValues';
import { repoRoot } from '../../host/paths';

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { when?: string }[]> } };
const clauses = Object.values(manifest.contributes.menus).flatMap((items) => items.map((item) => item.when ?? ''));

/** `viewItem == x` names and `viewItem =~ /re/` patterns in the menus. */
const equals = clauses.flatMap((when) => [...when.matchAll(/viewItem\s*==\s*([\w.-]+)/g)].map((m) => m[1] as string));
const patterns = clauses.flatMap((when) => [...when.matchAll(/viewItem\s*=~\s*\/((?:[^/\\]|\\.)+)\//g)].map((m) => new RegExp(m[1] as string)));

describe('tree context values and package.json menus', () => {
  const values = allContextValues();

  it('every viewItem a menu names is a context value the trees use', () => {
    assert.deepEqual(equals.filter((name) => !values.includes(name)), []);
    for (const pattern of patterns) assert.ok(values.some((value) => pattern.test(value)), `${pattern} matches a context value`);
  });

  it('every context value meant for a menu is named by one', () => {
    const unused = values.filter((value) => !WITHOUT_MENU.includes(value) && !equals.includes(value) && !patterns.some((p) => p.test(value)));
    assert.deepEqual(unused, []);
  });

  it("a log's menu offers Approve on one review state and Revoke on the other, never both", () => {
    const items = manifest.contributes.menus['view/item/context'] as { command: string; when: string }[];
    const whenOf = (command: string) => items.filter((item) => item.command === command).map((item) => item.when);
    assert.deepEqual(whenOf('trcaa.pii.approveRedaction'), [`viewItem == ${CONTEXT.logUnapproved}`]);
    assert.deepEqual(whenOf('trcaa.pii.revokeApproval'), [`viewItem == ${CONTEXT.logApproved}`]);
  });

  it('no test-only command is contributed', () => {
    const commands = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.deepEqual(commands.filter((c) => c === 'trcaa.issues.testTree' || c === 'trcaa.attachments.rows'), []);
  });
});
