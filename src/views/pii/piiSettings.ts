// The detector's settings, read when a log is attached or rescanned: trcaa.pii.enabledTypes and
// trcaa.pii.customPatterns (an entry of the wrong shape is skipped and reported, never fatal). Checked by hand, not
// with zod: this module is part of the feature's index, which activation loads (the worker validates again).
import * as vscode from 'vscode';
import type { CustomPattern, PatternProblem, PiiType } from '../../core/pii/types';
import { PII_TYPES } from '../../core/pii/types';
import type { Services } from '../workbench/services';

const nameOf = (entry: unknown) => {
  const name = entry && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name ? name.slice(0, 64) : '(no name)';
};

/** The shape core/model/logFile.ts customPatternSchema accepts. */
function isCustomPattern(entry: unknown): entry is CustomPattern {
  if (!entry || typeof entry !== 'object') return false;
  const { name, pattern } = entry as { name?: unknown; pattern?: unknown };
  return typeof name === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(name) && typeof pattern === 'string' && pattern.length >= 1 && pattern.length <= 4096;
}

/** The detector's options (DetectorOptions) from the settings, as plain data for the worker. */
export function piiDetectorOptions(services: Services): { enabledTypes?: PiiType[]; customPatterns?: CustomPattern[] } {
  const config = vscode.workspace.getConfiguration('trcaa.pii');
  const options: { enabledTypes?: PiiType[]; customPatterns?: CustomPattern[] } = {};
  const types = config.get<unknown>('enabledTypes');
  if (Array.isArray(types) && types.every((t) => typeof t === 'string')) {
    const known = types.filter((t): t is PiiType => (PII_TYPES as readonly string[]).includes(t));
    const unknown = types.filter((t) => !(PII_TYPES as readonly string[]).includes(t));
    if (unknown.length) services.log.warn(`[pii] trcaa.pii.enabledTypes: unknown types ignored: ${unknown.join(', ')}`);
    options.enabledTypes = known;
  }
  const raw = config.get<unknown>('customPatterns');
  if (Array.isArray(raw)) {
    // The worker accepts only well-formed entries: a bad one is skipped here and reported like a bad regex.
    warnPatternProblems(
      services,
      raw.filter((entry) => !isCustomPattern(entry)).map((entry) => ({ name: nameOf(entry), message: 'needs a name (letters, digits, _ and -, at most 64) and a pattern' })),
    );
    options.customPatterns = raw.filter(isCustomPattern).map(({ name, pattern }) => ({ name, pattern }));
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
