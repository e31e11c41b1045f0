// Add and Edit: a short series of inputs. A local command (stdio: command, arguments, environment, and optionally
// a secret passed in an environment variable) or a URL (Streamable HTTP: URL, auth type, the secret in a password
// input). Editing offers the current values; an empty secret keeps the stored one. Secrets go to the repository,
// which stores them encrypted; they are never put in settings or logs.
import type { McpAuthType, McpServer, McpServerInput, McpServerPatch } from '../../core/model/mcp';
import { DEFAULT_API_KEY_HEADER, transportConfigOf } from '../../core/mcp/serverConfig';
import type { Services } from '../workbench/services';

const TITLE = { add: 'TRCAA: Add MCP Server', edit: 'TRCAA: Edit MCP Server' };

/** Splits an argument line the way a shell would for words and quotes ('…', "…" with \" inside), also mid-word (A="b c"); no expansion. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  const token = /"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"']+)|(\s+)/g;
  let current: string | undefined;
  for (const m of line.matchAll(token)) {
    if (m[4] !== undefined) {
      if (current !== undefined) out.push(current);
      current = undefined;
    } else current = (current ?? '') + (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  }
  if (current !== undefined) out.push(current);
  return out;
}

/** KEY=VALUE pairs separated by spaces (values quoted when they hold spaces). */
export function parseEnv(line: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of splitArgs(line)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`"${pair}" is not NAME=value.`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

const quoteArg = (a: string) => (/^[^\s"']+$/.test(a) ? a : `"${a.replace(/(["\\])/g, '\\$1')}"`);

type Result = { input: McpServerInput; patch?: never } | { patch: McpServerPatch; input?: never };

/** Asks for a server's details; undefined when the user backs out at any step. */
export async function askServer(services: Services, current?: McpServer): Promise<Result | undefined> {
  const ui = services.ui;
  const base = current ? TITLE.edit : TITLE.add;
  // Each step names itself: the person sees where they are, and tests answer by the title.
  const step = (what: string) => `${base}: ${what}`;
  const config = current ? transportConfigOf(current) : undefined;
  let transport = current?.transportType;
  if (!transport) {
    const picked = await ui.showQuickPick(
      [
        { label: 'Local command (stdio)', description: 'TRCAA starts the server on this machine', value: 'stdio' as const },
        { label: 'URL (Streamable HTTP)', description: 'a server that runs elsewhere', value: 'http' as const },
      ],
      { title: step('Transport'), placeHolder: 'How is the server reached?' },
    );
    if (!picked) return undefined;
    transport = picked.value;
  }
  const name = await ui.showInputBox({ title: step('Name'), prompt: 'A name for the server (shown in the view and the chat)', value: current?.name ?? '', validateInput: (v) => (v.trim() ? undefined : 'Enter a name.') });
  if (name === undefined) return undefined;

  if (transport === 'stdio') {
    const command = await ui.showInputBox({ title: step('Command'), prompt: 'The command that starts the server (e.g. node, npx, uvx, or a path)', value: current?.url ?? '', validateInput: (v) => (v.trim() ? undefined : 'Enter a command.') });
    if (command === undefined) return undefined;
    const argsLine = await ui.showInputBox({ title: step('Arguments'), prompt: 'Its arguments (quote those with spaces)', value: (config?.args ?? []).map(quoteArg).join(' ') });
    if (argsLine === undefined) return undefined;
    const envLine = await ui.showInputBox({
      title: step('Environment'),
      prompt: 'Environment variables, NAME=value separated by spaces (${env:NAME} reads ours at launch); leave empty for none',
      value: Object.entries(config?.env ?? {}).map(([k, v]) => `${k}=${quoteArg(v)}`).join(' '),
      validateInput: (v) => {
        try {
          parseEnv(v);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    if (envLine === undefined) return undefined;
    const secretChoice = await ui.showQuickPick(
      [
        { label: 'No secret', value: 'none' as const },
        { label: 'A secret in an environment variable', description: 'stored encrypted, passed to the process only', value: 'env' as const },
      ],
      { title: step('Secret'), placeHolder: current?.hasAuthValue ? `A secret is stored (in ${config?.authEnv ?? '?'})` : 'Does the server need a secret (token, API key)?' },
    );
    if (!secretChoice) return undefined;
    let authEnv: string | undefined;
    let authValue: string | undefined;
    if (secretChoice.value === 'env') {
      authEnv = await ui.showInputBox({ title: step('Secret variable'), prompt: 'The environment variable the server reads its secret from', value: config?.authEnv ?? '', validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'Letters, digits and _ only.') });
      if (authEnv === undefined) return undefined;
      const secret = await askSecret(services, step('Secret value'), !!current?.hasAuthValue);
      if (secret === null) return undefined;
      authValue = secret;
    }
    const transportConfig = { args: splitArgs(argsLine), env: parseEnv(envLine), ...(config?.cwd ? { cwd: config.cwd } : {}), ...(authEnv ? { authEnv } : {}) };
    const authType: McpAuthType = authEnv ? 'api_key' : 'none';
    return finish(current, { name: name.trim(), url: command.trim(), transportType: 'stdio', transportConfig, authType }, authValue);
  }

  const url = await ui.showInputBox({
    title: step('URL'),
    prompt: 'The server’s MCP endpoint (https://…, or http:// on this machine)',
    value: current?.url ?? '',
    validateInput: (v) => {
      try {
        return ['http:', 'https:'].includes(new URL(v.trim()).protocol) ? undefined : 'An http(s) URL.';
      } catch {
        return 'An http(s) URL.';
      }
    },
  });
  if (url === undefined) return undefined;
  const auth = await ui.showQuickPick(
    [
      { label: 'None', value: 'none' as const },
      { label: 'Bearer token', description: 'Authorization: Bearer …', value: 'bearer' as const },
      { label: 'API key', description: `in a header (${DEFAULT_API_KEY_HEADER} unless you name another)`, value: 'api_key' as const },
      { label: 'OAuth 2 access token', description: 'a token you obtained; sent as Bearer (no sign-in flow)', value: 'oauth2' as const },
    ],
    { title: step('Authentication'), placeHolder: current ? `Authentication (now: ${current.authType})` : 'Authentication' },
  );
  if (!auth) return undefined;
  let apiKeyHeader: string | undefined;
  if (auth.value === 'api_key') {
    apiKeyHeader = await ui.showInputBox({ title: step('API key header'), prompt: 'The header that carries the key', value: config?.apiKeyHeader ?? DEFAULT_API_KEY_HEADER, validateInput: (v) => (/^[A-Za-z0-9-]+$/.test(v) ? undefined : 'A header name.') });
    if (apiKeyHeader === undefined) return undefined;
  }
  let authValue: string | undefined;
  if (auth.value !== 'none') {
    const secret = await askSecret(services, step('Secret value'), !!current?.hasAuthValue && current.authType !== 'none');
    if (secret === null) return undefined;
    authValue = secret;
  }
  const transportConfig = { headers: config?.headers ?? {}, ...(apiKeyHeader && apiKeyHeader !== DEFAULT_API_KEY_HEADER ? { apiKeyHeader } : {}) };
  return finish(current, { name: name.trim(), url: url.trim(), transportType: 'http', transportConfig, authType: auth.value }, authValue);
}

/** The secret in a password input: a value, undefined (keep the stored one), or null (backed out). */
async function askSecret(services: Services, title: string, stored: boolean): Promise<string | undefined | null> {
  const value = await services.ui.showInputBox({
    title,
    prompt: stored ? 'The secret (leave empty to keep the stored one). Stored encrypted.' : 'The secret (token or key). Stored encrypted; never shown again.',
    password: true,
    validateInput: (v) => (v || stored ? undefined : 'Enter the secret.'),
  });
  if (value === undefined) return null;
  return value === '' ? undefined : value;
}

function finish(current: McpServer | undefined, fields: Required<Pick<McpServerInput, 'name' | 'url' | 'transportType' | 'transportConfig' | 'authType'>>, authValue: string | undefined): Result {
  if (!current) return { input: { ...fields, ...(authValue ? { authValue } : {}) } };
  return { patch: { ...fields, ...(authValue ? { authValue } : fields.authType === 'none' ? { authValue: null } : {}) } };
}
