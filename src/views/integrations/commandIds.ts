// The integrations' commands: registered at activation, run once the feature has loaded.
export const INTEGRATION_COMMANDS = [
  'trcaa.integrations.configure',
  'trcaa.integrations.testConnection',
  'trcaa.integrations.publishToConfluence',
  'trcaa.integrations.sendToServiceNow',
  'trcaa.integrations.createWorkItem',
  'trcaa.integrations.openLink',
] as const;

export type IntegrationCommand = (typeof INTEGRATION_COMMANDS)[number];
