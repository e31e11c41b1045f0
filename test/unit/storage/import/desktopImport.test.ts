// Import of a desktop TRCAA database written by the real sqlcipher CLI in the desktop app's layout.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Clock } from '../../../../src/storage/clock';
import { Database } from '../../../../src/storage/database';
import type { StoreChange } from '../../../../src/storage/changes';
import { createInProcessEngine } from '../../../../src/storage/engine/engineImpl';
import type { Progress } from '../../../../src/storage/engine/protocol';
import { StorageError } from '../../../../src/storage/errors';
import type { DesktopImportReport, TableImport } from '../../../../src/storage/import/desktopImport';
import { desktopLogOffsets, importDesktopDatabase, utf16Offsets } from '../../../../src/storage/import/desktopImport';
import { desktopCredentialKey } from '../../../../src/storage/keys/credentialKey';
import { migrations } from '../../../../src/storage/migrations';
import { migrate } from '../../../../src/storage/migrations/migrate';
import { seedMigrations } from '../../../../src/storage/migrations/seedMigrations';
import { loadSqlite } from '../../../../src/storage/sqliteWasm';
import type { Store } from '../../../../src/storage/store';
import { createStore } from '../../../../src/storage/store';
import { repoRoot } from '../../../host/paths';
import type { CliOptions } from '../interop/sqlcipherCli';
import { findSqlcipher, SKIP_MESSAGE } from '../interop/sqlcipherCli';
import { useTempDir } from '../testFiles';
import { addDesktopMcp, byteSpan, CONFLUENCE_TOKEN, createDesktopDatabase, DESKTOP_ENCRYPTION_KEY, DESKTOP_PASSPHRASE, LOG_TEXT, MCP_BEARER, SERVICENOW_PASSWORD } from './desktopFixture';

const DESKTOP: CliOptions = { key: { kind: 'passphrase', passphrase: DESKTOP_PASSPHRASE }, cipherPageSize: 16384 };
const ISSUE_1 = '0197d2a0-0000-7000-8000-000000000001';
const LOG_1 = '0197d2a0-0000-7000-8000-0000000000a1';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const table = (report: DesktopImportReport, name: string) => report.tables.find((t) => t.table === name) as TableImport;
const seedNames = new Set(seedMigrations.map((m) => m.name));
const seedOnly = (names: string[]) => names.filter((name) => seedNames.has(name));
const counts = (report: DesktopImportReport) => Object.fromEntries(report.tables.filter((t) => t.sourceRows > 0).map((t) => [t.table, [t.inserted, t.skipped, t.orphaned]]));

describe('desktop database import', function () {
  this.timeout(120_000);
  const dir = useTempDir('trcaa-import-test-');
  let db: Database;
  let store: Store;
  let desktopFile: string;
  let time = Date.UTC(2026, 10, 1, 9, 0, 0);
  const clock: Clock = { now: () => new Date((time += 1000)) };
  const ourCredentialKey = randomBytes(32);

  before(function () {
    if (!findSqlcipher()) {
      console.warn(`      skipped: ${SKIP_MESSAGE}`);
      this.skip();
    }
  });

  beforeEach(async () => {
    desktopFile = path.join(dir(), 'desktop', 'tftsr.db');
    mkdirSync(path.dirname(desktopFile));
    db = await Database.open(path.join(dir(), 'ours.db'), { key: { kind: 'raw', key: randomBytes(32) } });
    migrate(db, migrations);
    store = createStore(db, { clock, credentialKey: ourCredentialKey });
    // Something of ours already there: the import adds to it.
    store.audit.append({ action: 'test.before_import', entityType: 'database', entityId: 'ours' });
  });
  afterEach(() => db.close());

  const runImport = async (options: { passphrase?: string; desktopKey?: Buffer | null; file?: string; onProgress?: (p: Progress) => void } = {}) =>
    importDesktopDatabase(await loadSqlite(), { db, audit: store.audit, credentialKey: ourCredentialKey }, {
      file: options.file ?? desktopFile,
      key: { kind: 'passphrase', passphrase: options.passphrase ?? DESKTOP_PASSPHRASE },
      ...(options.desktopKey === null ? {} : { desktopCredentialKey: options.desktopKey ?? desktopCredentialKey(DESKTOP_ENCRYPTION_KEY) }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });

  it('imports a 16384-page desktop database: issues with their logs and steps, searchable, audit chain intact', async () => {
    createDesktopDatabase(desktopFile, DESKTOP);
    const before = sha256(desktopFile);
    const progress: Progress[] = [];
    const report = await runImport({ onProgress: (p) => progress.push(p) });

    assert.equal(report.encrypted, true);
    assert.equal(report.cipherPageSize, 16384);
    // Seed migrations the v0.4 desktop file lacked (our own may add more over time), and our audit chain columns.
    assert.deepEqual(seedOnly(report.migratedForward), ['017_timeline_events', '018_mcp_servers', '021_image_attachments_data']);
    assert.ok(report.migratedForward.includes('014_audit_hash_chain'));
    assert.deepEqual(counts(report), {
      issues: [2, 0, 0],
      log_files: [2, 0, 1],
      pii_spans: [4, 0, 1],
      resolution_steps: [3, 0, 0],
      documents: [1, 0, 0],
      settings: [1, 0, 0],
      integration_config: [1, 0, 0],
      credentials: [2, 0, 0],
      audit_log: [3, 0, 0],
    });
    assert.equal(table(report, 'timeline_events').inSource, false);
    assert.ok(table(report, 'image_attachments').missingColumns.includes('image_data'));
    assert.ok(!table(report, 'log_files').missingColumns.includes('content_compressed'));
    assert.deepEqual(report.totals, { inserted: 19, skipped: 0, orphaned: 2 });
    assert.deepEqual(report.credentials, { status: 'imported', undecryptable: 0 });
    assert.deepEqual(report.piiSpans, { verified: 3, unverified: 1, mismatched: 0 });
    assert.deepEqual(report.ignoredTables, []);
    assert.ok(progress.some((p) => p.message === 'Importing issues'));
    assert.equal(progress.at(-1)?.fraction, 1);
    for (let i = 1; i < progress.length; i++) assert.ok((progress[i]?.fraction ?? 0) >= (progress[i - 1]?.fraction ?? 0), 'progress only moves forward');

    // The issue arrives with its logs (content intact) and its 5-Whys steps.
    const issue = db.get<{ title: string; status: string; resolved_at: string; tags: string }>('SELECT * FROM issues WHERE id = ?', [ISSUE_1]);
    assert.deepEqual({ ...issue }, { ...issue, title: 'Payments API returning 502', status: 'resolved', resolved_at: '2026-05-30 12:00:00', tags: '["prod","payments"]' });
    const logs = db.query<{ id: string; file_name: string; content_compressed: Uint8Array | null }>('SELECT id, file_name, content_compressed FROM log_files WHERE issue_id = ? ORDER BY file_name', [ISSUE_1]);
    assert.deepEqual(logs.map((l) => l.file_name), ['payments.log']);
    assert.equal(gunzipSync(logs[0]?.content_compressed as Uint8Array).toString('utf8'), LOG_TEXT);
    assert.deepEqual(db.query<{ step_order: number }>('SELECT step_order FROM resolution_steps WHERE issue_id = ? ORDER BY step_order', [ISSUE_1]).map((s) => s.step_order), [1, 2, 3]);
    assert.equal(db.get<{ n: number }>("SELECT count(*) AS n FROM log_files WHERE file_name = 'orphan.log'")?.n, 0, 'the orphan stays behind');

    // The FTS index finds imported issues (our triggers fired on insert; the desktop's index was empty).
    const hits = (query: string) => db.query<{ id: string }>('SELECT id FROM issues_fts WHERE issues_fts MATCH ? ORDER BY rank', [query]).map((r) => r.id);
    assert.deepEqual(hits('payments'), [ISSUE_1]);
    assert.deepEqual(hits('löad'), [ISSUE_1]);
    assert.deepEqual(hits('vacuum'), ['0197d2a0-0000-7000-8000-000000000002']);
    // And the search index with prefixes (026), which the search box uses.
    assert.deepEqual(db.query<{ id: string }>("SELECT i.id FROM issues_search s JOIN issues i ON i.rowid = s.rowid WHERE issues_search MATCH 'paym*'").map((r) => r.id), [ISSUE_1]);

    // PII spans: UTF-8 byte offsets became UTF-16 indices into the same text.
    const spans = db.query<{ start_offset: number; end_offset: number; original_value: string }>('SELECT * FROM pii_spans WHERE log_file_id = ? ORDER BY start_offset', [LOG_1]);
    assert.equal(spans.length, 3);
    for (const span of spans) {
      assert.equal(LOG_TEXT.slice(span.start_offset, span.end_offset), span.original_value);
      assert.equal(span.start_offset, byteSpan(span.original_value).index);
    }
    assert.notEqual(byteSpan('10.0.0.12').start, byteSpan('10.0.0.12').index, 'the fixture has multi-byte text before its PII');

    // Audit: desktop rows with their ids and timestamps, chained after ours, then the import itself.
    assert.deepEqual(store.audit.verify(), { ok: true, rows: 5 });
    const audit = db.query<{ id: string; timestamp: string; action: string; user_id: string; details: string | null }>('SELECT * FROM audit_log ORDER BY rowid');
    assert.deepEqual(audit.map((a) => a.action), ['test.before_import', 'create_issue', 'upload_log', 'ai_send', 'database.imported']);
    assert.deepEqual([audit[1]?.id, audit[1]?.timestamp, JSON.parse(audit[1]?.details ?? 'null')], ['0197d2a0-0000-7000-8000-0000000000e1', '2026-05-30 10:05:00', { title: 'Payments API returning 502' }]);
    assert.equal(audit[2]?.details, null);
    assert.equal(JSON.parse(audit[3]?.details ?? 'null'), 'free text, not JSON');
    const imported = JSON.parse(audit[4]?.details ?? '{}') as { file: string; tables: Record<string, { inserted: number }> };
    assert.equal(imported.file, 'tftsr.db');
    assert.equal(imported.tables.issues?.inserted, 2);
    assert.ok(!(audit[4]?.details ?? '').includes(CONFLUENCE_TOKEN));

    // Credentials: decrypted with the desktop key, re-encrypted under ours.
    assert.equal(store.credentials.token('confluence'), CONFLUENCE_TOKEN);
    assert.equal(store.credentials.token('servicenow'), SERVICENOW_PASSWORD);
    assert.deepEqual(store.credentials.list().map((c) => [c.service, c.expiresAt]), [['confluence', '2027-05-02 09:00:00'], ['servicenow', null]]);
    assert.equal(store.credentials.config('confluence')?.spaceKey, 'OPS');

    assert.equal(sha256(desktopFile), before, 'the desktop file is byte-identical');
    assert.deepEqual(readdirSync(path.dirname(desktopFile)), ['tftsr.db'], 'no journal, lock folder or copy next to it');
    assert.deepEqual(db.query('PRAGMA foreign_key_check'), []);
  });

  it('importing twice duplicates nothing', async () => {
    createDesktopDatabase(desktopFile, DESKTOP);
    await runImport();
    const rows = () => Object.fromEntries(['issues', 'log_files', 'pii_spans', 'resolution_steps', 'documents', 'credentials', 'integration_config', 'settings', 'audit_log', 'issues_fts'].map((t) => [t, db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`)?.n]));
    const first = rows();
    const second = await runImport();
    assert.equal(second.totals.inserted, 0);
    assert.equal(second.totals.skipped, 19);
    assert.deepEqual(rows(), { ...first, audit_log: (first.audit_log as number) + 1 }, 'only the second database.imported row is new');
    assert.deepEqual(store.audit.verify().ok, true);
    assert.equal(db.query<{ id: string }>("SELECT id FROM issues_fts WHERE issues_fts MATCH 'payments'").length, 1, 'the index has no duplicate entry');
  });

  it('brings a large log\'s content chunks along from a database written by TRCAA for VS Code', async () => {
    const source = path.join(dir(), 'vscode', 'tftsr.db');
    mkdirSync(path.dirname(source));
    const theirs = await Database.open(source, { key: { kind: 'passphrase', passphrase: DESKTOP_PASSPHRASE } });
    migrate(theirs, migrations);
    const theirStore = createStore(theirs, { clock, contentChunking: { fromBytes: 1024, chunkBytes: 4096 } });
    const issue = theirStore.issues.create({ title: 'Chunked log', severity: 'low' });
    const logFile = path.join(dir(), 'big.log');
    const text = Array.from({ length: 4000 }, (_, i) => `${i} GET /api/orders/${(i * 7919) % 10007} 200 ${randomBytes(6).toString('hex')}\n`).join('');
    writeFileSync(logFile, text);
    const { logFile: log } = await theirStore.logFiles.insertFromFile(issue.id, logFile);
    assert.ok(theirs.get<{ n: number }>('SELECT count(*) AS n FROM log_content_chunks')!.n > 2);
    theirs.close();

    const report = await runImport({ file: source, desktopKey: null });
    assert.equal(table(report, 'log_content_chunks').inserted, table(report, 'log_content_chunks').sourceRows);
    let read = '';
    for await (const piece of store.logFiles.content(log.id)) read += Buffer.from(piece).toString();
    assert.equal(read, text);
  });

  it('leaves credentials behind without TRCAA_ENCRYPTION_KEY, and says so', async () => {
    createDesktopDatabase(desktopFile, DESKTOP);
    const report = await runImport({ desktopKey: null });
    assert.equal(report.credentials.status, 'skipped');
    assert.match(report.credentials.reason ?? '', /TRCAA_ENCRYPTION_KEY is not set/);
    assert.deepEqual([table(report, 'credentials').inserted, table(report, 'credentials').skipped], [0, 2]);
    assert.deepEqual(store.credentials.list(), []);
    assert.equal(table(report, 'issues').inserted, 2, 'everything else comes along');
  });

  it('counts credentials that the given TRCAA_ENCRYPTION_KEY does not decrypt', async () => {
    createDesktopDatabase(desktopFile, DESKTOP);
    const report = await runImport({ desktopKey: desktopCredentialKey('some other value') });
    assert.equal(report.credentials.undecryptable, 2);
    assert.match(report.credentials.reason ?? '', /did not decrypt/);
    assert.deepEqual(store.credentials.list(), []);
  });

  it('re-encrypts MCP auth values with the key, drops them (keeping the server) without it', async () => {
    createDesktopDatabase(desktopFile, DESKTOP);
    addDesktopMcp(desktopFile, DESKTOP);
    const withKey = await runImport();
    assert.deepEqual(withKey.mcpAuthValues, { reencrypted: 1, dropped: 0 });
    const [server] = store.mcp.list();
    assert.equal(store.mcp.authValue(server?.id as string), MCP_BEARER);
    assert.deepEqual(store.mcp.tools(server?.id as string).map((t) => t.toolKey), ['mcp_Grafana_query']);
    assert.ok(!withKey.migratedForward.includes('018_mcp_servers'));

    db.exec('DELETE FROM mcp_servers');
    const without = await runImport({ desktopKey: null });
    assert.deepEqual(without.mcpAuthValues, { reencrypted: 0, dropped: 1 });
    assert.equal(store.mcp.list()[0]?.hasAuthValue, false);
  });

  it('imports an older desktop layout (4096-byte pages, no credentials or stored log text)', async () => {
    createDesktopDatabase(desktopFile, { ...DESKTOP, cipherPageSize: 4096 }, 'v0.1');
    const report = await runImport();
    assert.equal(report.cipherPageSize, 4096);
    assert.deepEqual(seedOnly(report.migratedForward), ['011_credentials', '012_image_attachments', '017_timeline_events', '018_mcp_servers', '020_log_files_content', '021_image_attachments_data']);
    assert.ok(table(report, 'log_files').missingColumns.includes('content_compressed'));
    assert.equal(table(report, 'credentials').inSource, false);
    assert.equal(report.credentials.status, 'none');
    assert.deepEqual(report.piiSpans, { verified: 0, unverified: 4, mismatched: 0 }, 'no text to check offsets against');
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM issues')?.n, 2);
    assert.deepEqual(store.audit.verify().ok, true);
  });

  it('imports a plain (debug build) desktop database without a passphrase', async () => {
    createDesktopDatabase(desktopFile, 'plain');
    const report = importDesktopDatabase(await loadSqlite(), { db, audit: store.audit }, { file: desktopFile, key: { kind: 'plain' } });
    assert.equal(report.encrypted, false);
    assert.equal(table(report, 'issues').inserted, 2);
    assert.equal(report.credentials.status, 'skipped');
  });

  it('a wrong passphrase changes nothing on either side and names the desktop file', async () => {
    createDesktopDatabase(desktopFile, DESKTOP);
    const before = sha256(desktopFile);
    await assert.rejects(runImport({ passphrase: 'not it' }), (error: unknown) => error instanceof StorageError && error.code === 'WRONG_KEY' && error.message.includes(desktopFile));
    assert.equal(sha256(desktopFile), before);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM audit_log')?.n, 1);
    assert.deepEqual(db.query("SELECT name FROM pragma_database_list WHERE name = 'desktop'"), [], 'detached');
  });

  it('refuses a desktop file with an unfinished transaction (hot journal) and never touches it', async () => {
    createDesktopDatabase(desktopFile, DESKTOP);
    writeFileSync(`${desktopFile}-journal`, randomBytes(512));
    const before = sha256(desktopFile);
    await assert.rejects(runImport(), (error: unknown) => error instanceof StorageError && error.code === 'BUSY' && /unfinished transaction/.test(error.message));
    assert.equal(sha256(desktopFile), before);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM issues')?.n, 0);
  });

  it('refuses to import the database into itself', async () => {
    await assert.rejects(runImport({ file: db.file }), /the database TRCAA is using/);
  });

  it('rolls everything back when the merge fails half-way', async () => {
    createDesktopDatabase(desktopFile, DESKTOP);
    db.exec("CREATE TEMP TRIGGER fail_steps BEFORE INSERT ON main.resolution_steps BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    await assert.rejects(runImport(), /injected failure/);
    db.exec('DROP TRIGGER fail_steps');
    for (const t of ['issues', 'log_files', 'pii_spans', 'credentials']) assert.equal(db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`)?.n, 0, t);
    assert.deepEqual(store.audit.verify(), { ok: true, rows: 1 });
    assert.equal((await runImport()).totals.inserted, 19, 'and a later import still works');
  });

  it('runs in the engine with progress, using the credentials key the database was opened with', async () => {
    createDesktopDatabase(desktopFile, DESKTOP);
    const progress: Progress[] = [];
    const changes: StoreChange[] = [];
    const engine = createInProcessEngine((p) => progress.push(p), (list) => changes.push(...list));
    const file = path.join(dir(), 'engine.db');
    await engine.open({ file, key: { kind: 'passphrase', passphrase: 'ours, long enough' }, credentialKeyHex: randomBytes(32).toString('hex') });
    try {
      const report = await engine.importDesktop({
        file: desktopFile,
        key: { kind: 'passphrase', passphrase: DESKTOP_PASSPHRASE },
        desktopCredentialKeyHex: desktopCredentialKey(DESKTOP_ENCRYPTION_KEY).toString('hex'),
      });
      assert.equal(table(report, 'issues').inserted, 2);
      assert.ok(progress.some((p) => p.message === 'Importing log files'));
      // One transaction over many tables: reported broadly, per entity, rows not named.
      for (const entity of ['issue', 'log', 'pii', 'credential'] as const) {
        assert.ok(changes.some((c) => c.entity === entity && c.kind === 'created' && c.ids.length === 0), `the import reports ${entity} changes`);
      }
      assert.equal(await engine.storeCall('credentials', 'token', ['confluence']), CONFLUENCE_TOKEN);
      assert.deepEqual(await engine.storeCall('audit', 'verify', []), { ok: true, rows: 4 });
    } finally {
      await engine.close();
    }
  });

  it('trcaa-db import-desktop prints the report as JSON', () => {
    createDesktopDatabase(desktopFile, DESKTOP);
    const ours = path.join(dir(), 'cli.db');
    const env = { ...process.env, DESKTOP_PASS: DESKTOP_PASSPHRASE, TRCAA_ENCRYPTION_KEY: DESKTOP_ENCRYPTION_KEY };
    const cli = path.join(repoRoot, 'dist', 'trcaa-db.js');
    // Only create makes a database: a mistyped target is not silently a new, empty one.
    const missing = spawnSync(process.execPath, [cli, 'import-desktop', ours, desktopFile, '--plain', '--desktop-passphrase-env', 'DESKTOP_PASS'], { encoding: 'utf8', env });
    assert.equal(missing.status, 1, missing.stdout);
    assert.match(missing.stderr, /does not exist.*trcaa-db create/s);
    assert.ok(!existsSync(ours), 'nothing created');
    assert.equal(spawnSync(process.execPath, [cli, 'create', ours, '--plain'], { encoding: 'utf8', env }).status, 0);
    const result = spawnSync(process.execPath, [cli, 'import-desktop', ours, desktopFile, '--plain', '--desktop-passphrase-env', 'DESKTOP_PASS'], { encoding: 'utf8', env });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as DesktopImportReport;
    assert.equal(table(report, 'issues').inserted, 2);
    assert.equal(report.credentials.status, 'imported');
    assert.match(result.stderr, /Importing issues/);
    const again = spawnSync(process.execPath, [cli, 'import-desktop', ours, desktopFile, '--plain', '--desktop-passphrase-env', 'DESKTOP_PASS'], { encoding: 'utf8', env });
    assert.equal((JSON.parse(again.stdout) as DesktopImportReport).totals.inserted, 0);
    const usage = spawnSync(process.execPath, [cli, 'import-desktop', ours, '--plain'], { encoding: 'utf8', env });
    assert.equal(usage.status, 2);
  });
});

describe('UTF-8 byte offsets to UTF-16 indices', () => {
  it('maps offsets after multi-byte and astral characters', () => {
    const text = 'aé€😀b';
    const bytes = Buffer.from(text, 'utf8');
    const map = utf16Offsets(bytes, [0, 1, 3, 6, 10, 11, 999]);
    assert.deepEqual([...map.entries()], [[0, 0], [1, 1], [3, 2], [6, 3], [10, 5], [11, 6], [999, 6]]);
  });

  it('a UTF-16 desktop log: its text is decoded by the BOM, byte offsets count in that text’s UTF-8; no BOM: unverified', () => {
    const text = '\uFEFFcafé mail bob@example.com';
    const utf8 = Buffer.from(text, 'utf8');
    const start = utf8.indexOf('bob@');
    const end = start + Buffer.byteLength('bob@example.com');
    for (const bytes of [utf8, Buffer.from(text, 'utf16le'), Buffer.from(text, 'utf16le').swap16()]) {
      const converted = desktopLogOffsets(bytes, [start, end]);
      assert.equal(converted?.text, text);
      assert.equal(text.slice(converted.offsets.get(start), converted.offsets.get(end)), 'bob@example.com');
    }
    assert.equal(desktopLogOffsets(Buffer.from(text.slice(1), 'utf16le'), [start, end]), undefined);
  });
});
