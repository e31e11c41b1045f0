// Configure Integration…: per service, the base URL, the space / user / project, the token (a password box; saved
// encrypted in the database under the credentials key, never in settings) and, for ServiceNow and Azure DevOps,
// whether a new incident creates its record there on its own. Every prompt goes through services.ui.
import * as vscode from 'vscode';
import type { IntegrationService } from '../../core/model/credential';
import { checkBaseUrl } from '../../core/integrations/http';
import { IntegrationError, SERVICE_NAMES } from '../../core/integrations/errors';
import type { Services } from '../workbench/services';

const SERVICE_PICKS: { label: string; description: string; service: IntegrationService }[] = [
  { label: 'Confluence', description: 'publish RCAs and post-mortems as pages', service: 'confluence' },
  { label: 'ServiceNow', description: 'open and resolve the incident record', service: 'servicenow' },
  { label: 'Azure DevOps', description: 'file a work item, with the corrective actions as tasks', service: 'azuredevops' },
];

export const isService = (value: unknown): value is IntegrationService => value === 'confluence' || value === 'servicenow' || value === 'azuredevops';

export async function pickService(services: Services, arg: unknown, title: string): Promise<IntegrationService | undefined> {
  if (isService(arg)) return arg;
  const picked = await services.ui.showQuickPick(SERVICE_PICKS, { title, placeHolder: 'Which service?' });
  return picked?.service;
}

/** Returns the service configured, or undefined when the user stopped. */
export async function configureIntegration(services: Services, arg: unknown): Promise<IntegrationService | undefined> {
  const service = await pickService(services, arg, 'TRCAA: Configure Integration');
  if (!service) return undefined;
  const name = SERVICE_NAMES[service];
  const store = await services.store();
  const [current, saved] = await Promise.all([store.credentials.config(service), store.credentials.list()]);
  const hasToken = saved.some((s) => s.service === service);
  const title = `TRCAA: Configure ${name}`;
  const ask = (prompt: string, value: string | null | undefined, placeHolder: string, validate?: (text: string) => string | undefined) =>
    services.ui.showInputBox({ title, prompt, value: value ?? '', placeHolder, ignoreFocusOut: true, ...(validate ? { validateInput: validate } : {}) });

  const baseUrl = await ask(`${name}'s base URL (https://; http:// only to this computer)`, current?.baseUrl, BASE_URL_EXAMPLES[service], (text) => {
    try {
      checkBaseUrl(service, text.trim());
      return undefined;
    } catch (error) {
      return error instanceof IntegrationError ? error.message : String(error);
    }
  });
  if (baseUrl === undefined) return undefined;
  const input: { baseUrl: string; username?: string; spaceKey?: string; projectName?: string; autoCreateEnabled?: boolean } = { baseUrl: baseUrl.trim() };
  const required = (what: string) => (text: string) => (text.trim() ? undefined : `${what} is needed.`);
  if (service === 'confluence') {
    const spaceKey = await ask('The space key pages are published to', current?.spaceKey, 'OPS', required('A space key'));
    if (spaceKey === undefined) return undefined;
    input.spaceKey = spaceKey.trim();
    const email = await ask('Confluence Cloud: your account e-mail (with an API token). Data Center: leave empty (a personal access token alone).', current?.username, 'sre@example.com');
    if (email === undefined) return undefined;
    if (email.trim()) input.username = email.trim();
  } else if (service === 'servicenow') {
    const user = await ask('The ServiceNow user TRCAA signs in as', current?.username, 'trcaa.integration', required('A user name'));
    if (user === undefined) return undefined;
    input.username = user.trim();
  } else {
    const project = await ask('The Azure DevOps project work items are filed in', current?.projectName, 'Payments Platform', required('A project'));
    if (project === undefined) return undefined;
    input.projectName = project.trim();
  }
  const token = await services.ui.showInputBox({
    title,
    prompt: `${TOKEN_PROMPTS[service]}${hasToken ? ' Leave empty to keep the saved one.' : ''} Saved encrypted in the TRCAA database, never in settings.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (!text && !hasToken ? 'A token is needed.' : text !== text.trim() ? 'The token starts or ends with a space.' : undefined),
  });
  if (token === undefined) return undefined;
  if (service !== 'confluence') {
    const auto = await services.ui.showQuickPick(
      [
        { label: 'No', description: 'create it from the incident’s menu when you choose', value: false },
        { label: 'Yes', description: `a new incident creates its ${service === 'servicenow' ? 'ServiceNow incident' : 'work item'} on its own (with a moment to cancel)`, value: true },
      ],
      { title, placeHolder: `Create the ${name} record for every new incident automatically?` },
    );
    if (!auto) return undefined;
    input.autoCreateEnabled = auto.value;
  }
  await store.credentials.saveConfig(service, input);
  if (token) await store.credentials.save(service, token);
  services.log.info(`[integrations] ${name} configured (${new URL(input.baseUrl).host})`); // never the token
  const test = 'Test Connection';
  void services.ui.showInformationMessage(`TRCAA: ${name} is configured.`, test).then(async (choice) => {
    if (choice === test) await vscode.commands.executeCommand('trcaa.integrations.testConnection', service);
  });
  return service;
}

const BASE_URL_EXAMPLES: Record<IntegrationService, string> = {
  confluence: 'https://acme.atlassian.net/wiki or https://confluence.acme.example',
  servicenow: 'https://acme.service-now.com',
  azuredevops: 'https://dev.azure.com/acme',
};

const TOKEN_PROMPTS: Record<IntegrationService, string> = {
  confluence: 'The API token (Cloud: id.atlassian.com → Security → API tokens) or personal access token (Data Center: Profile → Personal Access Tokens).',
  servicenow: 'The password (or token) of that user.',
  azuredevops: 'A personal access token with Work Items: Read & write (User settings → Personal access tokens).',
};
