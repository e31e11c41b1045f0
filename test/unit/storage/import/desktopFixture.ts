// A desktop TRCAA database as the desktop app leaves it, written by the real `sqlcipher` CLI (our engine plays no
// part): the seed's DDL for the tables that version had, its own migration names, 16384-byte cipher pages,
// foreign keys off (so an orphan row can exist), log text gzip-compressed, PII spans as UTF-8 byte offsets, and
// credentials AES-256-GCM-encrypted under SHA-256 of TRCAA_ENCRYPTION_KEY — made here with node:crypto.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { seedMigrations } from '../../../../src/storage/migrations/seedMigrations';
import type { CliOptions } from '../interop/sqlcipherCli';
import { runSqlcipher } from '../interop/sqlcipherCli';

export const DESKTOP_PASSPHRASE = 'desktop db passphrase (TRCAA_DB_KEY)';
export const DESKTOP_ENCRYPTION_KEY = 'desktop TRCAA_ENCRYPTION_KEY value';
export const CONFLUENCE_TOKEN = 'ATATT3xFfGF0-desktop-confluence-token';
export const SERVICENOW_PASSWORD = 'sn-pässword-42';
export const MCP_BEARER = 'mcp-bearer-from-desktop';

/** Non-ASCII before the PII, so UTF-8 byte offsets and UTF-16 indices differ. */
export const LOG_TEXT = [
  '2026-05-30T10:00:00Z payments-api: Zoë’s request failed 🚨 upstream=10.0.0.12',
  '2026-05-30T10:00:01Z payments-api: retry by zoe.mueller@example.com from 192.168.14.7',
  '',
].join('\r\n');

export type DesktopLayout = 'v0.4' | 'v0.1';

type Value = string | number | Buffer | null;

function literal(value: Value): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
  return `'${value.replace(/'/g, "''")}'`;
}

function insert(table: string, row: Record<string, Value>): string {
  return `INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.values(row).map(literal).join(', ')});`;
}

/** The desktop app's credential encryption: AES-256-GCM, key SHA-256 of the variable, base64(nonce ‖ ct ‖ tag). */
export function desktopEncrypt(plaintext: string, variable = DESKTOP_ENCRYPTION_KEY): string {
  const key = createHash('sha256').update(variable, 'utf8').digest();
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

/** The span of `value` in LOG_TEXT as the desktop app stores it: UTF-8 byte offsets. */
export function byteSpan(value: string): { start: number; end: number; index: number } {
  const index = LOG_TEXT.indexOf(value);
  if (index < 0) throw new Error(`${value} is not in the log`);
  const start = Buffer.byteLength(LOG_TEXT.slice(0, index), 'utf8');
  return { start, end: start + Buffer.byteLength(value, 'utf8'), index };
}

const ddl = (names: string[]) => names.map((name) => (seedMigrations.find((m) => m.name === name) ?? { sql: '' }).sql).join('\n');

/**
 * v0.4: migrations 001–012 and 020 (content_compressed), no timeline, MCP or image bytes yet.
 * v0.1: 001–009 only: no credentials, no images, no stored log content.
 */
export function createDesktopDatabase(file: string, options: CliOptions | 'plain', layout: DesktopLayout = 'v0.4'): void {
  const names =
    layout === 'v0.4'
      ? ['001_issues', '002_log_files', '003_pii_spans', '004_ai_conversations', '005_ai_messages', '006_resolution_steps', '007_documents', '008_audit_log', '009_settings', '010_issues_fts', '011_credentials', '012_image_attachments', '020_log_files_content']
      : ['001_issues', '002_log_files', '003_pii_spans', '004_ai_conversations', '005_ai_messages', '006_resolution_steps', '007_documents', '008_audit_log', '009_settings'];
  const script: string[] = ['PRAGMA foreign_keys = OFF;', ddl(names), 'CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);', 'BEGIN;'];
  // The desktop app's own migration names: the import must not rely on them.
  names.forEach((name, i) => script.push(insert('_migrations', { name: `m${i + 1}_${name.slice(4)}_desktop`, applied_at: '2026-05-01 09:00:00' })));

  const issue = (id: string, title: string, description: string, severity: string, status: string) =>
    insert('issues', { id, title, description, severity, status, category: 'payments', source: 'pagerduty', created_at: '2026-05-30 10:05:00', updated_at: '2026-05-30 12:00:00', resolved_at: status === 'resolved' ? '2026-05-30 12:00:00' : null, assigned_to: 'zoe', tags: '["prod","payments"]' });
  script.push(issue('0197d2a0-0000-7000-8000-000000000001', 'Payments API returning 502', 'Checkout fails for all EU customers after the löad balancer change', 'critical', 'resolved'));
  script.push(issue('0197d2a0-0000-7000-8000-000000000002', 'Disk full on db-03', 'Nightly vacuum did not run', 'high', 'open'));

  const log = (id: string, issueId: string, name: string, content: Buffer | null) => {
    const row: Record<string, Value> = { id, issue_id: issueId, file_name: name, file_path: `/home/zoe/logs/${name}`, file_size: Buffer.byteLength(LOG_TEXT), mime_type: 'text/plain', content_hash: createHash('sha256').update(LOG_TEXT).digest('hex'), uploaded_at: '2026-05-30 10:10:00', redacted: 0 };
    if (layout === 'v0.4') row.content_compressed = content;
    return insert('log_files', row);
  };
  script.push(log('0197d2a0-0000-7000-8000-0000000000a1', '0197d2a0-0000-7000-8000-000000000001', 'payments.log', layout === 'v0.4' ? gzipSync(Buffer.from(LOG_TEXT, 'utf8')) : null));
  script.push(log('0197d2a0-0000-7000-8000-0000000000a2', '0197d2a0-0000-7000-8000-000000000002', 'db03.log', null));
  // Foreign keys were off in the desktop app: a log whose issue was deleted.
  script.push(log('0197d2a0-0000-7000-8000-0000000000a3', '0197d2a0-0000-7000-8000-00000000dead', 'orphan.log', null));

  const span = (id: string, logId: string, type: string, value: string, replacement: string) => {
    const { start, end } = byteSpan(value);
    return insert('pii_spans', { id, log_file_id: logId, pii_type: type, start_offset: start, end_offset: end, original_value: value, replacement });
  };
  script.push(span('0197d2a0-0000-7000-8000-0000000000b1', '0197d2a0-0000-7000-8000-0000000000a1', 'IPv4', '10.0.0.12', '[IPv4]'));
  script.push(span('0197d2a0-0000-7000-8000-0000000000b2', '0197d2a0-0000-7000-8000-0000000000a1', 'Email', 'zoe.mueller@example.com', '[Email]'));
  script.push(span('0197d2a0-0000-7000-8000-0000000000b3', '0197d2a0-0000-7000-8000-0000000000a1', 'IPv4', '192.168.14.7', '[IPv4]'));
  script.push(span('0197d2a0-0000-7000-8000-0000000000b4', '0197d2a0-0000-7000-8000-0000000000a2', 'IPv4', '10.0.0.12', '[IPv4]'));
  script.push(span('0197d2a0-0000-7000-8000-0000000000b5', '0197d2a0-0000-7000-8000-0000000000a3', 'IPv4', '10.0.0.12', '[IPv4]'));

  ['Why did checkout fail?', 'Why did the API return 502?', 'Why was the upstream pool empty?'].forEach((question, i) =>
    script.push(insert('resolution_steps', { id: `0197d2a0-0000-7000-8000-0000000000c${i + 1}`, issue_id: '0197d2a0-0000-7000-8000-000000000001', step_order: i + 1, why_question: question, answer: `answer ${i + 1}`, evidence: null, created_at: `2026-05-30 11:0${i}:00` })),
  );
  script.push(insert('documents', { id: '0197d2a0-0000-7000-8000-0000000000d1', issue_id: '0197d2a0-0000-7000-8000-000000000001', doc_type: 'rca', title: 'RCA: Payments 502', content_md: '# RCA\n\nThe pool was empty.', created_at: 1780135200000, updated_at: 1780135200000 }));
  script.push(insert('audit_log', { id: '0197d2a0-0000-7000-8000-0000000000e1', timestamp: '2026-05-30 10:05:00', action: 'create_issue', entity_type: 'issue', entity_id: '0197d2a0-0000-7000-8000-000000000001', user_id: 'local', details: '{"title": "Payments API returning 502"}' }));
  script.push(insert('audit_log', { id: '0197d2a0-0000-7000-8000-0000000000e2', timestamp: '2026-05-30 10:10:00', action: 'upload_log', entity_type: 'log_file', entity_id: '0197d2a0-0000-7000-8000-0000000000a1', user_id: 'local', details: null }));
  script.push(insert('audit_log', { id: '0197d2a0-0000-7000-8000-0000000000e3', timestamp: '2026-05-30 11:30:00', action: 'ai_send', entity_type: 'issue', entity_id: '0197d2a0-0000-7000-8000-000000000001', user_id: null, details: 'free text, not JSON' }));
  script.push(insert('settings', { key: 'theme', value: 'dark', updated_at: '2026-05-01 09:00:00' }));
  if (layout === 'v0.4') {
    script.push(insert('credentials', { id: '0197d2a0-0000-7000-8000-0000000000f1', service: 'confluence', token_hash: createHash('sha256').update(CONFLUENCE_TOKEN).digest('hex'), encrypted_token: desktopEncrypt(CONFLUENCE_TOKEN), created_at: '2026-05-02 09:00:00', expires_at: '2027-05-02 09:00:00' }));
    script.push(insert('credentials', { id: '0197d2a0-0000-7000-8000-0000000000f2', service: 'servicenow', token_hash: createHash('sha256').update(SERVICENOW_PASSWORD).digest('hex'), encrypted_token: desktopEncrypt(SERVICENOW_PASSWORD), created_at: '2026-05-02 09:00:00', expires_at: null }));
    script.push(insert('integration_config', { id: '0197d2a0-0000-7000-8000-0000000000f3', service: 'confluence', base_url: 'https://acme.atlassian.net/wiki', username: null, project_name: null, space_key: 'OPS', auto_create_enabled: 1, updated_at: '2026-05-02 09:00:00' }));
  }
  script.push('COMMIT;');
  runSqlcipher(file, options, script.join('\n'));
}

/** v0.4 plus the MCP tables of migration 018, with a server whose bearer token is encrypted under the desktop key. */
export function addDesktopMcp(file: string, options: CliOptions): void {
  runSqlcipher(
    file,
    options,
    [
      ddl(['018_mcp_servers']),
      insert('mcp_servers', { id: '0197d2a0-0000-7000-8000-000000000101', name: 'Grafana', url: 'https://grafana.example/mcp', transport_type: 'http', transport_config: '{}', auth_type: 'bearer', auth_value: desktopEncrypt(MCP_BEARER), enabled: 1, last_discovered_at: null, discovery_status: 'connected', discovery_error: null, created_at: '2026-05-03 09:00:00', updated_at: '2026-05-03 09:00:00' }),
      insert('mcp_tools', { id: '0197d2a0-0000-7000-8000-000000000102', server_id: '0197d2a0-0000-7000-8000-000000000101', name: 'query', tool_key: 'mcp_Grafana_query', description: 'Run a query', parameters: '{"type":"object"}' }),
    ].join('\n'),
  );
}
