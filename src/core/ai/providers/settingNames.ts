// The settings and commands that provider error messages send the user to. Named once here so that a message and
// package.json cannot drift apart (the lead owns the contributions; keep these in step with them).

export const AI_SETTINGS = {
  provider: 'trcaa.ai.provider',
  baseUrl: 'trcaa.ai.baseUrl',
  model: 'trcaa.ai.model',
  allowInsecureHttp: 'trcaa.ai.allowInsecureHttp',
} as const;

export const AI_COMMANDS = {
  selectModel: 'TRCAA: Select AI Model…',
  signOut: 'TRCAA: Sign Out of AI Provider',
  testConnection: 'TRCAA: Test AI Connection',
} as const;
