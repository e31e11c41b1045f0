import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Database } from '../../../../src/storage/database';
import { migrations } from '../../../../src/storage/migrations';
import { migrate } from '../../../../src/storage/migrations/migrate';
import { repoRoot } from '../../../host/paths';
import { useTempDir } from '../testFiles';

// The seed's DDL, transcribed from shared/seed/Database.md into a fixture independent of our migrations.
const seedSql = () => readFileSync(path.join(repoRoot, 'test', 'unit', 'storage', 'fixtures', 'seed-schema.sql'), 'utf8');

/** Columns we add to seed tables in our own migrations: allowed only after the seed's columns. */
const OUR_COLUMNS: Record<string, string[]> = {
  audit_log: ['prev_hash', 'row_hash'],
  pii_spans: ['decision'],
  ai_messages: ['token_estimated', 'incomplete', 'incomplete_reason', 'prompt_tokens'],
  mcp_tools: ['read_only'],
  mcp_resources: ['mime_type'],
};
/** CHECK constraints our columns add to seed tables (compared on top of the seed's own). */
const OUR_CHECKS: Record<string, string[]> = { pii_spans: ["check(decision in('pending','redact','keep'))"] };

const normalize = (sql: string) => sql.replace(/--[^\n]*/g, '').replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').trim().toLowerCase();
const checks = (sql: string) => [...normalize(sql).matchAll(/check\((?:[^()]|\([^()]*\))*\)/g)].map((m) => m[0]).sort();

interface Column { cid: number; name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }

function describe_(db: Database) {
  const entries = db.query<{ type: string; name: string; tbl_name: string; sql: string | null }>("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name <> '_migrations'");
  return new Map(entries.map((e) => [e.name, e]));
}

describe('the migrated schema equals the seed', () => {
  const dir = useTempDir('trcaa-schema-');
  let ours: Database;
  let seed: Database;

  beforeEach(async () => {
    ours = await Database.open(path.join(dir(), 'ours.db'), { key: { kind: 'plain' } });
    migrate(ours, migrations);
    seed = await Database.open(path.join(dir(), 'seed.db'), { key: { kind: 'plain' } });
    seed.exec(seedSql());
  });
  afterEach(() => {
    ours.close();
    seed.close();
  });

  it('has every seed table with the same columns — name, type, NOT NULL, default, key — in the same order', () => {
    const seedTables = [...describe_(seed).values()].filter((e) => e.type === 'table');
    assert.ok(seedTables.length >= 18, `${seedTables.length} seed tables parsed`);
    for (const table of seedTables) {
      const expected = seed.query<Column>(`PRAGMA table_xinfo("${table.name}")`);
      const actual = ours.query<Column>(`PRAGMA table_xinfo("${table.name}")`);
      assert.ok(actual.length > 0, `table ${table.name} exists`);
      assert.deepEqual(actual.slice(0, expected.length).map((c) => ({ ...c })), expected.map((c) => ({ ...c })), `columns of ${table.name}`);
      assert.deepEqual(actual.slice(expected.length).map((c) => c.name), OUR_COLUMNS[table.name] ?? [], `extra columns of ${table.name}`);
    }
    // 015_pii_review: the review state of a span, pending until someone decides.
    const decision = ours.query<Column>('PRAGMA table_xinfo("pii_spans")').find((c) => c.name === 'decision');
    assert.deepEqual({ type: decision?.type, notnull: decision?.notnull, dflt_value: decision?.dflt_value, pk: decision?.pk }, { type: 'TEXT', notnull: 1, dflt_value: "'pending'", pk: 0 });
    assert.throws(() => ours.exec("INSERT INTO pii_spans(id, log_file_id, pii_type, start_offset, end_offset, original_value, replacement, decision) VALUES ('s', 'l', 't', 0, 1, 'v', 'r', 'maybe')"), /CHECK constraint failed/);
  });

  it('has the same foreign keys, CHECK constraints and UNIQUE constraints', () => {
    for (const table of [...describe_(seed).values()].filter((e) => e.type === 'table' && !/virtual/i.test(e.sql ?? ''))) {
      const fk = (db: Database) => db.query(`PRAGMA foreign_key_list("${table.name}")`).map((r) => [r.table, r.from, r.to, r.on_delete].join(' '));
      assert.deepEqual(fk(ours), fk(seed), `foreign keys of ${table.name}`);
      const ourSql = describe_(ours).get(table.name)?.sql ?? '';
      assert.deepEqual(checks(ourSql), [...checks(table.sql ?? ''), ...(OUR_CHECKS[table.name] ?? [])].sort(), `CHECKs of ${table.name}`);
      const uniques = (db: Database) => db.query<{ name: string; unique: number; origin: string }>(`PRAGMA index_list("${table.name}")`).filter((i) => i.origin !== 'c').map((i) => `${i.origin}:${db.query<{ name: string }>(`PRAGMA index_info("${i.name}")`).map((c) => c.name).join(',')}`).sort();
      assert.deepEqual(uniques(ours), uniques(seed), `PRIMARY KEY / UNIQUE of ${table.name}`);
    }
  });

  it('has the seed indexes, views and the FTS5 table exactly', () => {
    const seedEntries = describe_(seed);
    const ourEntries = describe_(ours);
    for (const entry of seedEntries.values()) {
      if (entry.type === 'table' && !/virtual/i.test(entry.sql ?? '')) continue;
      if (!entry.sql) continue; // FTS5 shadow tables' autoindexes
      const mine = ourEntries.get(entry.name);
      assert.ok(mine, `${entry.type} ${entry.name} exists`);
      assert.equal(normalize(mine.sql ?? ''), normalize(entry.sql), `${entry.type} ${entry.name}`);
    }
    assert.ok(ourEntries.has('issues_fts_data'), 'FTS5 shadow tables');
  });

  it('keeps foreign keys ON and cascades', () => {
    assert.equal(ours.get('PRAGMA foreign_keys')?.foreign_keys, 1);
    ours.exec("INSERT INTO issues(id, title, severity, status, created_at, updated_at) VALUES ('i1', 't', 'low', 'open', '2026-01-01 00:00:00', '2026-01-01 00:00:00')");
    ours.exec("INSERT INTO resolution_steps(id, issue_id, step_order, why_question, created_at) VALUES ('s1', 'i1', 1, 'why?', '2026-01-01 00:00:00')");
    assert.throws(() => ours.exec("INSERT INTO resolution_steps(id, issue_id, step_order, why_question, created_at) VALUES ('s2', 'nope', 1, 'why?', 'x')"), /FOREIGN KEY/);
    ours.exec("DELETE FROM issues WHERE id = 'i1'");
    assert.equal(ours.get('SELECT count(*) AS n FROM resolution_steps')?.n, 0);
  });
});

describe('upgrades: a database at every intermediate migration migrates to the latest with its rows intact', function () {
  this.timeout(120_000);
  const dir = useTempDir('trcaa-upgrade-');

  it('from each of the migrations', async () => {
    for (let applied = 0; applied <= migrations.length; applied++) {
      const file = path.join(dir(), `at-${applied}.db`);
      const db = await Database.open(file, { key: { kind: 'plain' } });
      migrate(db, migrations.slice(0, applied));
      const names = new Set(migrations.slice(0, applied).map((m) => m.name));
      if (names.has('001_issues')) db.exec("INSERT INTO issues(id, title, description, severity, status, created_at, updated_at) VALUES ('old-issue', 'Kafka consumer lag', 'partition rebalancing storm', 'high', 'open', '2026-01-01 00:00:00', '2026-01-01 00:00:00')");
      if (names.has('002_log_files')) db.exec("INSERT INTO log_files(id, issue_id, file_name, file_path, uploaded_at) VALUES ('old-log', 'old-issue', 'app.log', 'logs/app.log', '2026-01-01 00:00:00')");
      if (names.has('003_pii_spans')) db.exec("INSERT INTO pii_spans(id, log_file_id, pii_type, start_offset, end_offset, original_value, replacement) VALUES ('old-span', 'old-log', 'Email', 0, 3, 'a@b', '[Email]')");
      if (names.has('008_audit_log')) db.exec("INSERT INTO audit_log(id, action, entity_type, entity_id) VALUES ('old-audit', 'issue.created', 'issue', 'old-issue')");
      db.close();

      const reopened = await Database.open(file, { key: { kind: 'plain' }, create: false });
      const now = migrate(reopened, migrations);
      assert.equal(now.length, migrations.length - applied, `after ${applied}`);
      assert.deepEqual(migrate(reopened, migrations), [], 'idempotent');
      if (names.has('001_issues')) {
        assert.equal(reopened.get("SELECT title FROM issues WHERE id = 'old-issue'")?.title, 'Kafka consumer lag');
        // Rows from before the FTS triggers existed are indexed too (013 rebuilds the index).
        assert.equal(reopened.query("SELECT id FROM issues_fts WHERE issues_fts MATCH 'rebalanc*'").length, 1, `FTS after ${applied}`);
        // And by the search index with prefixes (026 builds it for the issues a database already has).
        assert.equal(reopened.query("SELECT rowid FROM issues_search WHERE issues_search MATCH 'reb* OR c*'").length, 1, `issues_search after ${applied}`);
        reopened.exec("INSERT INTO issues_search(issues_search, rank) VALUES ('integrity-check', 1)");
      }
      if (names.has('002_log_files')) assert.equal(reopened.get("SELECT file_name FROM log_files WHERE id = 'old-log'")?.file_name, 'app.log');
      // Spans from before 015_pii_review await review.
      if (names.has('003_pii_spans')) assert.equal(reopened.get("SELECT decision FROM pii_spans WHERE id = 'old-span'")?.decision, 'pending');
      if (names.has('008_audit_log')) assert.equal(reopened.get("SELECT action FROM audit_log WHERE id = 'old-audit'")?.action, 'issue.created');
      assert.equal(reopened.get('PRAGMA integrity_check')?.integrity_check, 'ok');
      reopened.close();
    }
  });
});
