// Confluence, ServiceNow and Azure DevOps: configured per service, each send redacted and audited, the external
// items linked under the incident. Registered at activation (contributeIntegrations), loaded on first use.
export { contributeIntegrations, type IntegrationsFeature } from './contributeIntegrations';
export type { IntegrationsWorkbench } from './loadIntegrations';
