// package.json's contributions point at things that exist: every command a menu, a keybinding, a walkthrough step or
// a welcome view names is contributed, and every contributed command is registered by the extension's code; the
// walkthrough's pages, media and icon exist, and its steps tick only on work done.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../host/paths';

interface Manifest {
  icon?: string;
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command?: string }[]>;
    keybindings: { command: string }[];
    viewsWelcome: { view: string; contents: string }[];
    walkthroughs: { icon?: string; steps: { id: string; description: string; media: { markdown?: string; svg?: string; image?: string }; completionEvents?: string[] }[] }[];
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const commands = new Set(manifest.contributes.commands.map((c) => c.command));
const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
/** `[label](command:trcaa.x)` links (a link may carry arguments after `?`). */
const linkedCommands = (markdown: string) => [...markdown.matchAll(/\(command:(trcaa\.[\w.]+)/g)].map((m) => m[1] as string);

/** The TypeScript sources under src/, concatenated. */
function sources(dir = path.join(repoRoot, 'src')): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(file);
      return entry.name.endsWith('.ts') ? readFileSync(file, 'utf8') : '';
    })
    .join('\n');
}

describe('package.json contributions', () => {
  it('every walkthrough step has its page or picture, and its links run contributed commands', () => {
    for (const step of steps) {
      for (const file of [step.media.markdown, step.media.svg, step.media.image]) if (file) assert.ok(existsSync(path.join(repoRoot, file)), `${step.id}: ${file} exists`);
      for (const id of linkedCommands(step.description)) assert.ok(commands.has(id), `${step.id}: ${id} is a contributed command`);
    }
  });

  it('every menu item, keybinding and welcome-view link names a contributed command', () => {
    const named = [
      ...Object.values(manifest.contributes.menus).flatMap((items) => items.map((item) => item.command)),
      ...manifest.contributes.keybindings.map((k) => k.command),
    ].filter((id): id is string => !!id?.startsWith('trcaa.'));
    const linked = manifest.contributes.viewsWelcome.flatMap((welcome) => linkedCommands(welcome.contents));
    assert.ok(linked.length > 0, 'the welcome views link commands');
    assert.deepEqual([...named, ...linked].filter((id) => !commands.has(id)), []);
  });

  it('every contributed command is registered by the extension (a contributed command nobody registered fails only when clicked)', () => {
    // Commands are registered with their id as a literal (registerCommand('trcaa.x', …)), or listed in a feature's
    // commandIds.ts (export const X_COMMANDS = ['trcaa.x', …]) that the feature passes to registerCommands(X_COMMANDS).
    const code = sources();
    const registered = new Set([...code.matchAll(/\b\w*[rR]egister\w*\(\s*['"](trcaa\.[\w.]+)['"]/g)].map((m) => m[1]));
    const idLists = readdirSync(path.join(repoRoot, 'src/views'), { withFileTypes: true })
      .map((entry) => path.join(repoRoot, 'src/views', entry.name, 'commandIds.ts'))
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const list of idLists.matchAll(/export const (\w+_COMMANDS) = \[([^\]]*)\] as const/g)) {
      const [, name, body] = list as unknown as [string, string, string];
      assert.match(code, new RegExp(`registerCommands\\(${name}\\)`), `${name} is registered`);
      for (const id of body.matchAll(/['"](trcaa\.[\w.]+)['"]/g)) registered.add(id[1]);
    }
    assert.deepEqual([...commands].filter((id) => !registered.has(id)), []);
  });

  it('a walkthrough step ticks on the work done, never on a command merely run (which may have failed)', () => {
    for (const step of steps) {
      assert.ok(step.completionEvents?.length, `${step.id} has a completion event`);
      for (const event of step.completionEvents ?? []) assert.doesNotMatch(event, /^onCommand:/, `${step.id}: ${event}`);
    }
    const ids = steps.map((s) => s.id);
    for (const [before, after] of [['createIssue', 'attachLog'], ['attachLog', 'reviewPii'], ['reviewPii', 'whys'], ['whys', 'rca']]) {
      assert.ok(ids.includes(before as string) && ids.indexOf(before as string) < ids.indexOf(after as string), `${before} comes before ${after}`);
    }
  });

  it('the extension and its walkthrough have an icon', () => {
    for (const icon of [manifest.icon, ...manifest.contributes.walkthroughs.map((w) => w.icon)]) {
      assert.ok(icon, 'an icon is named');
      const png = readFileSync(path.join(repoRoot, icon));
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${icon} is a PNG`);
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], `${icon} is 128×128`);
    }
  });
});
