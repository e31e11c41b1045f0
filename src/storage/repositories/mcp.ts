// MCP servers and the tools and resources discovered on them (replaced atomically).
// auth_value is encrypted like integration credentials (AES-256-GCM under the credentials key).
import type { McpDiscovery, McpResource, McpServer, McpServerInput, McpServerPatch, McpTool } from '../../core/model/mcp';
import { assertMcpServer, mcpDiscoverySchema, mcpServerInputSchema, mcpServerPatchSchema } from '../../core/model/mcp';
import { sqlTimestamp } from '../clock';
import { StorageError } from '../errors';
import { newId } from '../ids';
import type { RepositoryContext } from './context';
import { decryptSecret, encryptSecret, requireCredentialKey } from './credentials';
import { z } from 'zod';

interface ServerRow {
  id: string;
  name: string;
  url: string;
  transport_type: McpServer['transportType'];
  transport_config: string;
  auth_type: McpServer['authType'];
  auth_value: string | null;
  enabled: number;
  last_discovered_at: string | null;
  discovery_status: McpServer['discoveryStatus'];
  discovery_error: string | null;
  created_at: string;
  updated_at: string;
}

interface ToolRow {
  id: string;
  server_id: string;
  name: string;
  tool_key: string;
  description: string | null;
  parameters: string;
  read_only: number;
}

interface ResourceRow {
  id: string;
  server_id: string;
  uri: string;
  name: string | null;
  description: string | null;
  mime_type: string | null;
}

/** JSON columns written by other programs (the desktop app) may not parse: an empty object, not an exception. */
function jsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const toServer = (row: ServerRow): McpServer => ({
  id: row.id,
  name: row.name,
  url: row.url,
  transportType: row.transport_type,
  transportConfig: jsonObject(row.transport_config),
  authType: row.auth_type,
  hasAuthValue: row.auth_value !== null,
  enabled: row.enabled === 1,
  lastDiscoveredAt: row.last_discovered_at,
  discoveryStatus: row.discovery_status,
  discoveryError: row.discovery_error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toTool = (row: ToolRow): McpTool => ({
  id: row.id,
  serverId: row.server_id,
  name: row.name,
  toolKey: row.tool_key,
  description: row.description,
  parameters: jsonObject(row.parameters),
  readOnly: row.read_only === 1,
});

const toResource = (row: ResourceRow): McpResource => ({ id: row.id, serverId: row.server_id, uri: row.uri, name: row.name, description: row.description, mimeType: row.mime_type });

const MAX_TOOL_KEY = 64; // what AI providers accept as a function name

/** mcp_{server}_{tool} in [A-Za-z0-9_], at most 64 characters; a clash within the server gets a numeric suffix. */
export function toolKeys(serverName: string, toolNames: readonly string[]): string[] {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '') || 'x';
  const taken = new Set<string>();
  return toolNames.map((tool) => {
    const base = `mcp_${clean(serverName)}_${clean(tool)}`.slice(0, MAX_TOOL_KEY);
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base.slice(0, MAX_TOOL_KEY - String(n).length - 1)}_${n}`;
    taken.add(key);
    return key;
  });
}

const serverIdSchema = z.string().min(1);

export class McpRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  create(input: McpServerInput): McpServer {
    const server = mcpServerInputSchema.parse(input);
    const authValue = server.authValue === undefined ? null : encryptSecret(requireCredentialKey(this.ctx.credentialKey), server.authValue);
    const { db, audit, clock } = this.ctx;
    const now = sqlTimestamp(clock.now());
    const id = newId();
    return db.transaction(() => {
      db.exec(
        `INSERT INTO mcp_servers(id, name, url, transport_type, transport_config, auth_type, auth_value, enabled, discovery_status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
        [id, server.name, server.url, server.transportType, JSON.stringify(server.transportConfig), server.authType, authValue, server.enabled ? 1 : 0, now, now],
      );
      db.recordChange({ entity: 'mcp', kind: 'created', ids: [id] });
      audit.append({ action: 'mcp_server.created', entityType: 'mcp_server', entityId: id, details: { name: server.name, transport_type: server.transportType, auth_type: server.authType } });
      return this.require(id);
    });
  }

  update(id: string, patch: McpServerPatch): McpServer {
    const changes = mcpServerPatchSchema.parse(patch);
    const { db, audit, clock } = this.ctx;
    return db.transaction(() => {
      const current = this.requireRow(id);
      const merged = {
        url: changes.url ?? current.url,
        transportType: changes.transportType ?? current.transport_type,
        authType: changes.authType ?? current.auth_type,
        // undefined keeps the stored secret, null removes it
        authValue: changes.authValue === undefined ? (current.auth_value === null ? null : 'stored') : changes.authValue,
      };
      // A server switched to 'none' drops its secret rather than keeping one nobody can see.
      if (changes.authType === 'none' && changes.authValue === undefined) merged.authValue = null;
      assertMcpServer(merged);
      let authValue = current.auth_value;
      if (merged.authValue === null) authValue = null;
      else if (changes.authValue) authValue = encryptSecret(requireCredentialKey(this.ctx.credentialKey), changes.authValue);
      db.exec(
        `UPDATE mcp_servers SET name = ?, url = ?, transport_type = ?, transport_config = ?, auth_type = ?, auth_value = ?, enabled = ?, updated_at = ? WHERE id = ?`,
        [
          changes.name ?? current.name,
          merged.url,
          merged.transportType,
          changes.transportConfig ? JSON.stringify(changes.transportConfig) : current.transport_config,
          merged.authType,
          authValue,
          changes.enabled === undefined ? current.enabled : changes.enabled ? 1 : 0,
          sqlTimestamp(clock.now()),
          id,
        ],
      );
      const changed = Object.keys(changes).filter((field) => field !== 'authValue' || changes.authValue !== undefined);
      db.recordChange({ entity: 'mcp', kind: 'updated', ids: [id] });
      audit.append({ action: 'mcp_server.updated', entityType: 'mcp_server', entityId: id, details: { fields: changed } });
      return this.require(id);
    });
  }

  get(id: string): McpServer | undefined {
    const row = this.ctx.db.get<ServerRow>('SELECT * FROM mcp_servers WHERE id = ?', [serverIdSchema.parse(id)]);
    return row ? toServer(row) : undefined;
  }

  list(): McpServer[] {
    return this.ctx.db.query<ServerRow>('SELECT * FROM mcp_servers ORDER BY name COLLATE NOCASE, id').map(toServer);
  }

  /** The decrypted auth value, or undefined when none is stored. */
  authValue(id: string): string | undefined {
    const row = this.requireRow(id);
    if (row.auth_value === null) return undefined;
    return decryptSecret(requireCredentialKey(this.ctx.credentialKey), row.auth_value, `The auth value of MCP server "${row.name}"`);
  }

  /** Deletes the server; its tools and resources go with it (ON DELETE CASCADE). False when there was none. */
  remove(id: string): boolean {
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      const row = db.get<ServerRow>('SELECT * FROM mcp_servers WHERE id = ?', [serverIdSchema.parse(id)]);
      if (!row) return false;
      db.exec('DELETE FROM mcp_servers WHERE id = ?', [id]);
      db.recordChange({ entity: 'mcp', kind: 'deleted', ids: [id] });
      audit.append({ action: 'mcp_server.removed', entityType: 'mcp_server', entityId: id, details: { name: row.name } });
      return true;
    });
  }

  /**
   * Records a discovery run: the server's tools and resources are replaced by these (delete all, insert all, in
   * one transaction — a failure anywhere leaves the previous set and status), and its status is set.
   */
  replaceDiscovery(serverId: string, discovery: McpDiscovery): { server: McpServer; tools: McpTool[]; resources: McpResource[] } {
    const found = mcpDiscoverySchema.parse(discovery);
    const { db, clock } = this.ctx;
    return db.transaction(() => {
      const server = this.requireRow(serverId);
      const now = sqlTimestamp(clock.now());
      db.exec('DELETE FROM mcp_tools WHERE server_id = ?', [serverId]);
      db.exec('DELETE FROM mcp_resources WHERE server_id = ?', [serverId]);
      const keys = toolKeys(server.name, found.tools.map((tool) => tool.name));
      found.tools.forEach((tool, index) => {
        db.exec('INSERT INTO mcp_tools(id, server_id, name, tool_key, description, parameters, read_only) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          newId(), serverId, tool.name, keys[index] as string, tool.description ?? null, JSON.stringify(tool.parameters), tool.readOnly ? 1 : 0,
        ]);
      });
      for (const resource of found.resources) {
        db.exec('INSERT INTO mcp_resources(id, server_id, uri, name, description, mime_type) VALUES (?, ?, ?, ?, ?, ?)', [
          newId(), serverId, resource.uri, resource.name ?? null, resource.description ?? null, resource.mimeType ?? null,
        ]);
      }
      db.exec('UPDATE mcp_servers SET discovery_status = ?, discovery_error = ?, last_discovered_at = ?, updated_at = ? WHERE id = ?', [
        found.status, found.error ?? null, now, now, serverId,
      ]);
      db.recordChange({ entity: 'mcp', kind: 'updated', ids: [serverId] });
      return { server: this.require(serverId), tools: this.tools(serverId), resources: this.resources(serverId) };
    });
  }

  /**
   * A discovery run starts: the server shows as pending (its last tools and resources stay until the run
   * records what it found). The error of the last run is cleared.
   */
  markPending(serverId: string): McpServer {
    const { db, clock } = this.ctx;
    return db.transaction(() => {
      this.requireRow(serverId);
      db.exec("UPDATE mcp_servers SET discovery_status = 'pending', discovery_error = NULL, updated_at = ? WHERE id = ?", [sqlTimestamp(clock.now()), serverId]);
      db.recordChange({ entity: 'mcp', kind: 'updated', ids: [serverId] });
      return this.require(serverId);
    });
  }

  /** The tools the chat may offer: those of enabled servers whose last discovery connected, by server then name. */
  enabledTools(): (McpTool & { serverName: string })[] {
    return this.ctx.db
      .query<ToolRow & { server_name: string }>(
        `SELECT t.*, s.name AS server_name FROM mcp_tools t JOIN mcp_servers s ON s.id = t.server_id
         WHERE s.enabled = 1 AND s.discovery_status = 'connected' ORDER BY s.name COLLATE NOCASE, s.id, t.name, t.id`,
      )
      .map((row) => ({ ...toTool(row), serverName: row.server_name }));
  }

  /** The server's tools, by name. */
  tools(serverId: string): McpTool[] {
    return this.ctx.db.query<ToolRow>('SELECT * FROM mcp_tools WHERE server_id = ? ORDER BY name, id', [serverIdSchema.parse(serverId)]).map(toTool);
  }

  /** The server's resources, by URI. */
  resources(serverId: string): McpResource[] {
    return this.ctx.db.query<ResourceRow>('SELECT * FROM mcp_resources WHERE server_id = ? ORDER BY uri, id', [serverIdSchema.parse(serverId)]).map(toResource);
  }

  private requireRow(id: string): ServerRow {
    const row = this.ctx.db.get<ServerRow>('SELECT * FROM mcp_servers WHERE id = ?', [serverIdSchema.parse(id)]);
    if (!row) throw new StorageError('SQL', `No MCP server ${id}.`);
    return row;
  }

  private require(id: string): McpServer {
    return toServer(this.requireRow(id));
  }
}

/** The methods the main thread may call (see store.ts). */
export const MCP_REMOTE = ['create', 'update', 'get', 'list', 'authValue', 'remove', 'replaceDiscovery', 'markPending', 'enabledTools', 'tools', 'resources'] as const satisfies readonly (keyof McpRepository)[];
