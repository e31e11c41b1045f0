// package.json's contributions point at things that exist: the walkthrough's pages, and the commands its links and
// the menus name.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../host/paths';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command?: string }[]>;
    walkthroughs: { steps: { id: string; description: string; media: { markdown?: string } }[] }[];
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const commands = new Set(manifest.contributes.commands.map((c) => c.command));

describe('package.json contributions', () => {
  it('every walkthrough step has its page, and its links run contributed commands', () => {
    for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
      if (step.media.markdown) assert.ok(existsSync(path.join(repoRoot, step.media.markdown)), `${step.id}: ${step.media.markdown} exists`);
      for (const [, id] of step.description.matchAll(/\(command:(trcaa\.[\w.]+)\)/g)) assert.ok(commands.has(id as string), `${step.id}: ${id} is a contributed command`);
    }
  });

  it('every menu item names a contributed command', () => {
    const named = Object.values(manifest.contributes.menus).flatMap((items) => items.map((item) => item.command).filter((id): id is string => !!id?.startsWith('trcaa.')));
    assert.deepEqual(named.filter((id) => !commands.has(id)), []);
  });
});
