// The 5 Whys commands: registered at activation, run by the 5 Whys feature once it has loaded.
export const WHY_COMMANDS = [
  'trcaa.whys.open',
  'trcaa.whys.add',
  'trcaa.whys.answer',
  'trcaa.whys.markRootCause',
  'trcaa.whys.delete',
  'trcaa.whys.addEvidence',
  'trcaa.copyLogReference',
  'trcaa.openLogLines',
] as const;

export type WhyCommand = (typeof WHY_COMMANDS)[number];
