import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { Clock } from '../../../../src/storage/clock';
import { Database } from '../../../../src/storage/database';
import { migrations } from '../../../../src/storage/migrations';
import { migrate } from '../../../../src/storage/migrations/migrate';
import { auditRowHash } from '../../../../src/storage/repositories/auditLog';
import type { Store } from '../../../../src/storage/store';
import { createStore } from '../../../../src/storage/store';
import { useTempDir } from '../testFiles';

describe('audit hash chain and timeline', () => {
  const dir = useTempDir('trcaa-audit-');
  let db: Database;
  let store: Store;
  let time = Date.UTC(2026, 10, 28, 12, 0, 0);
  const clock: Clock = { now: () => new Date((time += 1000)) };

  beforeEach(async () => {
    db = await Database.open(path.join(dir(), 'a.db'), { key: { kind: 'plain' } });
    migrate(db, migrations);
    store = createStore(db, { clock });
    db.exec("INSERT INTO issues(id, title, severity, status, created_at, updated_at) VALUES ('i1', 'Payments down', 'critical', 'open', '2026-11-28 10:00:00', '2026-11-28 10:00:00')");
    for (let i = 0; i < 6; i++) store.audit.append({ action: `test.action${i}`, entityType: 'issue', entityId: 'i1', details: { n: i } });
  });
  afterEach(() => db.close());

  const rowids = () => db.query<{ rowid: number; id: string }>('SELECT rowid, id FROM audit_log ORDER BY rowid');

  it('verifies a clean chain, each row linked to the one before', () => {
    assert.deepEqual(store.audit.verify(), { ok: true, rows: 6 });
    const rows = db.query<{ prev_hash: string | null; row_hash: string }>('SELECT prev_hash, row_hash FROM audit_log ORDER BY rowid');
    assert.equal(rows[0]?.prev_hash, null);
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]?.prev_hash, rows[i - 1]?.row_hash);
  });

  it('pinpoints an edited row', () => {
    const third = rowids()[2] as { id: string };
    db.exec("UPDATE audit_log SET details = '{\"n\":99}' WHERE id = ?", [third.id]);
    const result = store.audit.verify();
    assert.ok(!result.ok && result.problem === 'edited' && result.rowId === third.id && result.index === 2, JSON.stringify(result));
  });

  it('pinpoints a deleted row (at the row that follows it)', () => {
    const [, , third, fourth] = rowids() as { id: string }[];
    db.exec('DELETE FROM audit_log WHERE id = ?', [third?.id as string]);
    const result = store.audit.verify();
    assert.ok(!result.ok && result.problem === 'deleted' && result.rowId === fourth?.id, JSON.stringify(result));
  });

  it('pinpoints an inserted row, whether forged with a valid hash or without one', () => {
    // Forge: copy row 3's link and hash a new row as if it came after row 3, then move the rest after it.
    const rows = db.query<{ id: string; row_hash: string }>('SELECT id, row_hash FROM audit_log ORDER BY rowid');
    const forged = { id: 'forged', timestamp: '2026-11-28 12:00:30', action: 'issue.deleted', entity_type: 'issue', entity_id: 'i1', user_id: 'local', details: null, prev_hash: rows[2]?.row_hash ?? null };
    db.exec('CREATE TEMP TABLE rest AS SELECT * FROM audit_log WHERE rowid > (SELECT rowid FROM audit_log WHERE id = ?)', [rows[2]?.id as string]);
    db.exec('DELETE FROM audit_log WHERE id IN (SELECT id FROM rest)');
    db.exec('INSERT INTO audit_log(id, timestamp, action, entity_type, entity_id, user_id, details, prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      forged.id, forged.timestamp, forged.action, forged.entity_type, forged.entity_id, forged.user_id, forged.details, forged.prev_hash, auditRowHash(forged),
    ]);
    db.exec('INSERT INTO audit_log SELECT * FROM rest; DROP TABLE rest');
    const result = store.audit.verify();
    assert.ok(!result.ok && result.problem === 'inserted' && result.rowId === 'forged', JSON.stringify(result));

    db.exec("DELETE FROM audit_log WHERE id = 'forged'");
    assert.equal(store.audit.verify().ok, true, 'removing the forged row restores the chain');
    db.exec("INSERT INTO audit_log(id, action, entity_type, entity_id) VALUES ('raw', 'x', 'issue', 'i1')");
    const raw = store.audit.verify();
    assert.ok(!raw.ok && raw.problem === 'unchained' && raw.rowId === 'raw', JSON.stringify(raw));
  });

  it('chains rows from before the chain existed, once, before the first append', () => {
    db.exec('DELETE FROM audit_log');
    db.exec("INSERT INTO audit_log(id, timestamp, action, entity_type, entity_id) VALUES ('legacy1', '2025-01-01 00:00:00', 'ai_send', 'issue', 'i1'), ('legacy2', '2025-01-02 00:00:00', 'publish_to_confluence', 'document', 'd1')");
    store.audit.append({ action: 'database.imported', entityType: 'database', entityId: 'x' });
    assert.deepEqual(store.audit.verify(), { ok: true, rows: 3 });
  });

  it('records a timeline event with its audit row and bumps the issue in one transaction', () => {
    const before = db.get<{ updated_at: string }>("SELECT updated_at FROM issues WHERE id = 'i1'")?.updated_at;
    const event = store.timeline.record({ issueId: 'i1', eventType: 'root_cause_identified', description: 'Pool too small', metadata: { root_cause: 'pool size 50', confidence: 0.9 } });
    assert.equal(store.timeline.list('i1')[0]?.id, event.id);
    assert.deepEqual(store.timeline.list('i1')[0]?.metadata, { root_cause: 'pool size 50', confidence: 0.9 });
    assert.notEqual(db.get<{ updated_at: string }>("SELECT updated_at FROM issues WHERE id = 'i1'")?.updated_at, before);
    assert.equal(store.audit.list({ action: 'timeline.root_cause_identified' }).length, 1);
    assert.equal(store.audit.verify().ok, true);
  });

  it('refuses bad events and writes nothing for them', () => {
    const count = () => [db.get('SELECT count(*) AS n FROM timeline_events')?.n, db.get('SELECT count(*) AS n FROM audit_log')?.n];
    const before = count();
    assert.throws(() => store.timeline.record({ issueId: 'i1', eventType: 'log_uploaded', description: 'x', metadata: { blob: 'x'.repeat(11 * 1024) } }), /10240 bytes/);
    assert.throws(() => store.timeline.record({ issueId: 'i1', eventType: 'made_up' as never, description: 'x' }));
    assert.throws(() => store.timeline.record({ issueId: 'missing', eventType: 'status_changed', description: 'x', metadata: { from: 'open', to: 'resolved' } }), /No issue/);
    assert.deepEqual(count(), before);
  });
});
