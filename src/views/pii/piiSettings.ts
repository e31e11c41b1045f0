// The detector's settings, read when a log is attached or rescanned: trcaa.pii.enabledTypes and
// trcaa.pii.customPatterns, zod-parsed (an entry of the wrong shape is skipped and reported, never fatal).
import * as vscode from 'vscode';
import { z } from 'zod';
import { customPatternSchema } from '../../core/model/logFile';
import type { CustomPattern, PatternProblem, PiiType } from '../../core/pii/types';
import { PII_TYPES } from '../../core/pii/types';
import type { Services } from '../workbench/services';

const nameOf = (entry: unknown) => {
  const name = entry && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name ? name.slice(0, 64) : '(no name)';
};

/** The detector's options (DetectorOptions) from the settings, as plain data for the worker. */
export function piiDetectorOptions(services: Services): { enabledTypes?: PiiType[]; customPatterns?: CustomPattern[] } {
  const config = vscode.workspace.getConfiguration('trcaa.pii');
  const options: { enabledTypes?: PiiType[]; customPatterns?: CustomPattern[] } = {};
  const types = z.array(z.string()).safeParse(config.get<unknown>('enabledTypes'));
  if (types.success) {
    const known = types.data.filter((t): t is PiiType => (PII_TYPES as readonly string[]).includes(t));
    const unknown = types.data.filter((t) => !(PII_TYPES as readonly string[]).includes(t));
    if (unknown.length) services.log.warn(`[pii] trcaa.pii.enabledTypes: unknown types ignored: ${unknown.join(', ')}`);
    options.enabledTypes = known;
  }
  const raw = config.get<unknown>('customPatterns');
  if (Array.isArray(raw)) {
    // The worker accepts only well-formed entries: a bad one is skipped here and reported like a bad regex.
    const parsed = raw.map((entry) => ({ entry, result: customPatternSchema.safeParse(entry) }));
    const bad = parsed.filter((p) => !p.result.success);
    warnPatternProblems(
      services,
      bad.map(({ entry }) => ({ name: nameOf(entry), message: 'needs a name (letters, digits, _ and -, at most 64) and a pattern' })),
    );
    options.customPatterns = parsed.flatMap((p) => (p.result.success ? [p.result.data] : []));
  }
  return options;
}

/** Custom patterns the detector refused: one warning naming them (the scan went on without them). */
export function warnPatternProblems(services: Services, problems: readonly PatternProblem[] | undefined): void {
  if (!problems?.length) return;
  for (const p of problems) services.log.warn(`[pii] custom pattern "${p.name}" not used: ${p.message}`);
  const names = problems.map((p) => `"${p.name}" (${p.message})`).join('; ');
  const open = 'Open Settings';
  void services.ui.showWarningMessage(`TRCAA: custom PII pattern${problems.length === 1 ? '' : 's'} not used: ${names}. The scan ran without ${problems.length === 1 ? 'it' : 'them'}.`, open).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'trcaa.pii.customPatterns');
  });
}
