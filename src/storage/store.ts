// Every repository over one open database. Features reach them from the main thread through the engine
// (storeCall / RemoteStore below), in-process in the CLI and unit tests.
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { Database } from './database';
import { AiConversationRepository, AI_CONVERSATION_REMOTE } from './repositories/aiConversations';
import { AiGate, AI_GATE_REMOTE } from './repositories/aiGate';
import { AiToolCallRepository, AI_TOOL_CALL_REMOTE } from './repositories/aiToolCalls';
import { AiTools, AI_TOOLS_REMOTE } from './repositories/aiTools';
import { AttachmentRepository, ATTACHMENT_REMOTE } from './repositories/attachments';
import { AuditLog } from './repositories/auditLog';
import type { RepositoryContext } from './repositories/context';
import { CredentialRepository, CREDENTIAL_REMOTE } from './repositories/credentials';
import { DocumentRepository, DOCUMENT_REMOTE } from './repositories/documents';
import { EgressGate, EGRESS_REMOTE } from './repositories/egress';
import { ImageRepository, IMAGE_REMOTE } from './repositories/images';
import { IntegrationGate, INTEGRATION_REMOTE } from './repositories/integrations';
import { IssueRepository, ISSUE_REMOTE } from './repositories/issues';
import { LogFileRepository, LOG_FILE_REMOTE } from './repositories/logFiles';
import type { ChunkingOptions } from './content/contentChunks';
import { LogPatternRepository, LOG_PATTERN_REMOTE } from './repositories/logPatterns';
import { McpRepository, MCP_REMOTE } from './repositories/mcp';
import { PiiSpanRepository, PII_SPAN_REMOTE } from './repositories/piiSpans';
import { SettingsRepository, SETTINGS_REMOTE } from './repositories/settings';
import { ResolutionStepRepository, STEP_REMOTE } from './repositories/steps';
import { TimelineRepository } from './repositories/timeline';

export interface StoreOptions {
  clock?: Clock;
  /** AES-256 key for integration credentials (docs/storage.md "Keys"); without it credentials cannot be read or saved. */
  credentialKey?: Buffer;
  /** As RepositoryContext.minerWorkerFile. */
  minerWorkerFile?: string;
  /** As RepositoryContext.contentChunking. */
  contentChunking?: ChunkingOptions;
}

export function createStore(db: Database, options: StoreOptions = {}) {
  const clock = options.clock ?? systemClock;
  const audit = new AuditLog(db, clock);
  const timeline = new TimelineRepository(db, audit, clock);
  const ctx: RepositoryContext = {
    db,
    audit,
    timeline,
    clock,
    ...(options.credentialKey ? { credentialKey: options.credentialKey } : {}),
    ...(options.minerWorkerFile ? { minerWorkerFile: options.minerWorkerFile } : {}),
    ...(options.contentChunking ? { contentChunking: options.contentChunking } : {}),
  };
  return {
    audit,
    timeline,
    issues: new IssueRepository(ctx),
    logFiles: new LogFileRepository(ctx),
    /** Each log's patterns, mined on attach or on first use (repositories/logPatterns.ts). */
    logPatterns: new LogPatternRepository(ctx),
    piiSpans: new PiiSpanRepository(ctx),
    /** The one path for log text leaving the machine (repositories/egress.ts). */
    egress: new EgressGate(ctx),
    images: new ImageRepository(ctx),
    attachments: new AttachmentRepository(ctx),
    steps: new ResolutionStepRepository(ctx),
    documents: new DocumentRepository(ctx),
    settings: new SettingsRepository(ctx),
    credentials: new CredentialRepository(ctx),
    mcp: new McpRepository(ctx),
    /** The assistant's conversations and messages per incident. */
    ai: new AiConversationRepository(ctx),
    /** The one place an AI request body is built: everything in it redacted, each send audited (repositories/aiGate.ts). */
    aiGate: new AiGate(ctx),
    /** MCP tool calls from the chat (redacted, audited) and the tools allowed "always" (repositories/aiToolCalls.ts). */
    aiToolCalls: new AiToolCallRepository(ctx),
    /** What VS Code's own chat gets (language-model tools, @trcaa): redacted and audited (repositories/aiTools.ts). */
    aiTools: new AiTools(ctx),
    /** What goes to Confluence, ServiceNow and Azure DevOps: redacted, audited, linked (repositories/integrations.ts). */
    integrations: new IntegrationGate(ctx),
  };
}

export type Store = ReturnType<typeof createStore>;

/**
 * The repository methods the main thread may call, by name. Anything else on a repository (helpers, private
 * methods) stays inside the worker.
 */
export const REMOTE_METHODS = {
  audit: ['append', 'list', 'verify'],
  timeline: ['record', 'list'],
  issues: ISSUE_REMOTE,
  logFiles: LOG_FILE_REMOTE,
  logPatterns: LOG_PATTERN_REMOTE,
  piiSpans: PII_SPAN_REMOTE,
  egress: EGRESS_REMOTE,
  images: IMAGE_REMOTE,
  attachments: ATTACHMENT_REMOTE,
  steps: STEP_REMOTE,
  documents: DOCUMENT_REMOTE,
  settings: SETTINGS_REMOTE,
  credentials: CREDENTIAL_REMOTE,
  mcp: MCP_REMOTE,
  ai: AI_CONVERSATION_REMOTE,
  aiGate: AI_GATE_REMOTE,
  aiToolCalls: AI_TOOL_CALL_REMOTE,
  aiTools: AI_TOOLS_REMOTE,
  integrations: INTEGRATION_REMOTE,
} as const satisfies { [R in keyof Store]: readonly (keyof Store[R])[] };

type Remote = typeof REMOTE_METHODS;
type Method<R extends keyof Remote, M extends Remote[R][number]> = M extends keyof Store[R]
  ? Store[R][M] extends (...args: infer A) => infer T
    ? (...args: A) => Promise<Awaited<T>>
    : never
  : never;

/** The store as the main thread sees it: the same methods, asynchronous. */
export type RemoteStore = { [R in keyof Remote]: { [M in Remote[R][number]]: Method<R, M> } };

export function isRemoteMethod(repository: string, method: string): boolean {
  const methods = (REMOTE_METHODS as Record<string, readonly string[]>)[repository];
  return !!methods && methods.includes(method);
}

export { remoteStore } from './remoteStore';
