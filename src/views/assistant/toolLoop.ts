// One MCP tool call the model asked for, from request to stored result: find the tool it named, check its
// arguments, ask the user unless the tool is read-only or allowed "always", call it (Stop aborts the call), and hand
// the raw arguments and result to the worker, which redacts, stores and audits them before anything else sees them
// (the model sees the stored text only, through the gate). Every call ends in a stored row — denied and failed ones
// too — so the model gets a reply for each call it made.
import { performance } from 'node:perf_hooks';
import { nameTools, TOOL_NAME_PATTERN } from '../../core/ai/toolNames';
import type { ToolCall, ToolDefinition } from '../../core/ai/types';
import type { McpToolHost, McpToolInfo } from '../../core/mcp/toolHost';
import type { RemoteStore } from '../../storage/store';
import type { ToolOutcome } from '../../storage/repositories/aiToolCalls';
import type { StoredToolCall, ToolCallRecordInput } from '../../storage/repositories/aiToolCalls';
import type { ToolCallView, ToolHooks } from '../../webview/assistant';
import { prefixWithin } from '../../core/text/shorten';

/** A tool's description sent to the model at most this long (some servers write pages). */
const MAX_DESCRIPTION = 2000;

export interface OfferedTools {
  definitions: ToolDefinition[];
  byName: Map<string, McpToolInfo>;
}

/** The enabled servers' tools under names every provider accepts, and the way back from a name to the tool. */
export async function offeredTools(host: McpToolHost | undefined): Promise<OfferedTools> {
  const tools = host ? await host.listTools() : [];
  const named = nameTools(tools);
  return {
    definitions: named.map(({ name, tool }) => ({
      name,
      description: prefixWithin(tool.description || `${tool.name} (MCP server ${tool.serverName})`, MAX_DESCRIPTION),
      parameters: tool.inputSchema && typeof tool.inputSchema === 'object' ? tool.inputSchema : { type: 'object', properties: {} },
    })),
    byName: new Map(named.map(({ name, tool }) => [name, tool])),
  };
}

export const toolCallView = (call: StoredToolCall): ToolCallView => ({
  id: call.id,
  tool: call.tool,
  server: call.serverName,
  arguments: call.arguments,
  result: call.result,
  outcome: call.outcome,
  durationMs: call.durationMs,
});

export interface ToolTurn {
  store: RemoteStore;
  host: McpToolHost | undefined;
  hooks: ToolHooks | undefined;
  offered: OfferedTools;
  conversationId: string;
  userMessageId: string;
  turnId: string;
  pii: ToolCallRecordInput['pii'];
  signal: AbortSignal;
  /** "serverId\0tool" of the tools allowed always (read once per answer; "Always" adds to it). */
  alwaysAllowed: Set<string>;
}

const approvalKey = (tool: McpToolInfo) => `${tool.serverId}\0${tool.name}`;

function parseArguments(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs one call and stores it; returns what the chat shows. */
export async function runToolCall(turn: ToolTurn, round: number, call: ToolCall): Promise<ToolCallView> {
  const tool = turn.offered.byName.get(call.name);
  const started = performance.now();
  let outcome: ToolOutcome;
  let result: string;
  const args = parseArguments(call.arguments);
  if (!tool || !turn.host) {
    outcome = 'failed';
    result = `There is no tool named ${call.name}: use one of the tools offered.`;
  } else if (!args) {
    outcome = 'error';
    result = 'The arguments are not a JSON object: the tool was not called. Send them as a JSON object matching its input schema.';
  } else {
    const decision = await approval(turn, tool, call);
    if (decision === 'deny') {
      outcome = turn.signal.aborted ? 'cancelled' : 'denied';
      result = turn.signal.aborted ? 'Stopped by the user before the call.' : 'The user did not allow this call.';
    } else {
      try {
        const reply = await turn.host.callTool(tool.serverId, tool.name, args, turn.signal);
        outcome = reply.isError ? 'error' : 'ok';
        result = reply.text;
      } catch (error) {
        outcome = turn.signal.aborted ? 'cancelled' : 'failed';
        result = turn.signal.aborted ? 'Stopped by the user during the call.' : `The call failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  }
  const stored = await turn.store.aiToolCalls.record({
    conversationId: turn.conversationId,
    userMessageId: turn.userMessageId,
    turnId: turn.turnId,
    round,
    callId: call.id.slice(0, 200),
    // A name the model made up may be anything: the row keeps a valid one (the call id still pairs the reply).
    toolName: TOOL_NAME_PATTERN.test(call.name) ? call.name : 'unknown_tool',
    serverId: tool?.serverId ?? 'unknown',
    serverName: tool?.serverName ?? 'unknown',
    tool: tool?.name ?? call.name,
    arguments: call.arguments,
    result,
    outcome,
    durationMs: Math.round(performance.now() - started),
    pii: turn.pii,
  });
  const view = toolCallView(stored);
  turn.hooks?.onToolCall(view);
  return view;
}

async function approval(turn: ToolTurn, tool: McpToolInfo, call: ToolCall): Promise<'run' | 'deny'> {
  if (turn.signal.aborted) return 'deny';
  // A tool that declares it changes nothing (annotations.readOnlyHint) runs without asking.
  if (tool.readOnly || turn.alwaysAllowed.has(approvalKey(tool))) return 'run';
  if (!turn.hooks) return 'deny';
  const answer = await turn.hooks.approve({ callId: call.id, tool: tool.name, server: tool.serverName, arguments: call.arguments }, turn.signal);
  if (turn.signal.aborted || answer === 'deny') return 'deny';
  if (answer === 'always') {
    await turn.store.aiToolCalls.allowAlways(tool.serverId, tool.name);
    turn.alwaysAllowed.add(approvalKey(tool));
  }
  return 'run';
}

/** The set runToolCall checks, from the stored approvals. */
export async function alwaysAllowedSet(store: RemoteStore): Promise<Set<string>> {
  return new Set((await store.aiToolCalls.alwaysAllowed()).map((a) => `${a.serverId}\0${a.tool}`));
}
