import * as assert from 'node:assert/strict';
import type { CreateIssueInput, Issue, IssueSeverity } from '../../../../src/core/model/issue';
import { ISSUE_COUNTS_SQL, IssueNotFoundError } from '../../../../src/storage/repositories/issues';
import { useTestStore } from './testStore';

/** The thrown error must be a ValidationError whose message says `pattern`. */
function assertInvalid(work: () => unknown, pattern: RegExp): void {
  assert.throws(work, (error: Error & { code?: string; details?: { issues: unknown[] } }) => {
    assert.equal(error.name, 'ValidationError');
    assert.equal(error.code, 'VALIDATION');
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('"code"'), `not a JSON dump: ${error.message}`);
    assert.ok(Array.isArray(error.details?.issues));
    return true;
  });
}

describe('IssueRepository', () => {
  const t = useTestStore('trcaa-issues-');
  const create = (input: Partial<CreateIssueInput> = {}): Issue => t().store.issues.create({ title: 'Payments down', severity: 'high', ...input });
  const auditActions = (entityId: string) =>
    t()
      .db.query<{ action: string; details: string | null }>('SELECT action, details FROM audit_log WHERE entity_id = ? ORDER BY rowid', [entityId]);

  describe('create', () => {
    it('stores an open issue with created_at = updated_at = now, audited, its timeline started', () => {
      const issue = create({ title: '  Payments\n down ', description: 'Checkout fails', category: 'network', source: 'pager', assignedTo: 'ana', tags: ['db', 'DB', ' eu-west '] });
      assert.match(issue.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/, 'UUID v7');
      assert.deepEqual({ ...issue, id: '' }, {
        id: '',
        title: 'Payments down',
        description: 'Checkout fails',
        severity: 'high',
        status: 'open',
        category: 'network',
        source: 'pager',
        createdAt: '2026-01-02 03:04:05',
        updatedAt: '2026-01-02 03:04:05',
        resolvedAt: null,
        assignedTo: 'ana',
        tags: ['db', 'eu-west'],
      });
      assert.deepEqual(t().store.issues.get(issue.id), issue);
      assert.equal(t().db.get<{ tags: string }>('SELECT tags FROM issues WHERE id = ?', [issue.id])?.tags, '["db","eu-west"]');
      const actions = auditActions(issue.id).map((row) => row.action);
      assert.deepEqual(actions, ['issue.created', 'timeline.triage_started']);
      const [event, ...rest] = t().store.timeline.list(issue.id);
      assert.equal(rest.length, 0);
      assert.equal(event?.eventType, 'triage_started');
      assert.deepEqual(event?.metadata, { severity: 'high', category: 'network' });
    });

    it('keeps created_at = updated_at even when the clock moves during the transaction', () => {
      const { clock } = t();
      let calls = 0;
      const now = clock.now.bind(clock);
      clock.now = () => new Date(now().getTime() + 1000 * calls++);
      const issue = create();
      assert.equal(issue.updatedAt, issue.createdAt);
    });

    it('refuses bad input with clear messages and writes nothing', () => {
      const { store, db } = t();
      assertInvalid(() => store.issues.create({ title: '   ', severity: 'high' }), /Title is required/);
      assertInvalid(() => store.issues.create({ title: 'x'.repeat(201), severity: 'high' }), /Title must be at most 200 characters/);
      assertInvalid(() => store.issues.create({ title: 'ok', severity: 'urgent' as IssueSeverity }), /Severity must be one of critical, high, medium, low \(got "urgent"\)/);
      assertInvalid(() => store.issues.create({ title: 'ok', severity: 'low', tags: 'db' as unknown as string[] }), /Tags must be a list/);
      assertInvalid(() => store.issues.create({ title: 'ok', severity: 'low', tags: ['x'.repeat(51)] }), /A tag must be at most 50 characters\. \(tags\.0\)/);
      assertInvalid(() => store.issues.create({ title: 'ok', severity: 'low', priority: 1 } as CreateIssueInput), /Unrecognized key: "priority"/);
      assertInvalid(() => store.issues.create(null as unknown as CreateIssueInput), /Invalid issue/);
      assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM issues')?.n, 0);
      assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM audit_log')?.n, 0);
    });

    it('get of an unknown id is null', () => {
      assert.equal(t().store.issues.get('nope'), null);
    });
  });

  describe('update', () => {
    it('changes any field, null clears, bumps updated_at, audits field names but never values', () => {
      const { store, clock } = t();
      const issue = create({ category: 'network', assignedTo: 'ana', tags: ['db'], description: 'old text' });
      clock.advance(60_000);
      const updated = store.issues.update(issue.id, { title: 'Checkout 500s for card-holder Jane Roe', severity: 'critical', category: null, assignedTo: null, tags: ['Payments', 'eu'], description: '' });
      assert.equal(updated.title, 'Checkout 500s for card-holder Jane Roe');
      assert.equal(updated.severity, 'critical');
      assert.equal(updated.category, null);
      assert.equal(updated.assignedTo, null);
      assert.equal(updated.description, null, 'blank description clears it');
      assert.deepEqual(updated.tags, ['Payments', 'eu']);
      assert.equal(updated.updatedAt, '2026-01-02 03:05:05');
      assert.equal(updated.createdAt, issue.createdAt);
      const audit = auditActions(issue.id).filter((row) => row.action === 'issue.updated');
      assert.equal(audit.length, 1);
      assert.deepEqual(JSON.parse(audit[0]?.details ?? ''), { fields: ['title', 'description', 'severity', 'category', 'assignedTo', 'tags'] });
      assert.ok(!audit[0]?.details?.includes('Jane'), 'no values in the audit log');

      const cleared = store.issues.update(issue.id, { tags: null, source: 'email' });
      assert.deepEqual(cleared.tags, []);
      assert.equal(cleared.source, 'email');
    });

    it('writes nothing when no value changes', () => {
      const { store, clock } = t();
      const issue = create({ category: 'network' });
      clock.advance(60_000);
      const before = auditActions(issue.id).length;
      const same = store.issues.update(issue.id, { title: ' Payments down ', category: 'network', severity: 'high' });
      assert.deepEqual(same, issue);
      assert.deepEqual(store.issues.update(issue.id, {}), issue);
      assert.equal(auditActions(issue.id).length, before);
    });

    it('applies a status in the patch as a transition', () => {
      const { store } = t();
      const issue = create();
      const updated = store.issues.update(issue.id, { status: 'resolved', assignedTo: 'bo' });
      assert.equal(updated.status, 'resolved');
      assert.equal(updated.resolvedAt, '2026-01-02 03:04:05');
      assert.deepEqual(store.timeline.list(issue.id).map((event) => event.metadata), [{ severity: 'high', category: null }, { from: 'open', to: 'resolved' }]);
    });

    it('refuses bad input and unknown ids', () => {
      const { store } = t();
      const issue = create();
      assertInvalid(() => store.issues.update(issue.id, { title: null as unknown as string }), /Title must be text/);
      assertInvalid(() => store.issues.update(issue.id, { severity: 'p1' as IssueSeverity }), /Severity must be one of/);
      assert.throws(() => store.issues.update('missing', { title: 'x' }), (error: Error) => error instanceof IssueNotFoundError && (error as IssueNotFoundError).code === 'NOT_FOUND');
    });
  });

  describe('setStatus', () => {
    it('sets resolved_at on resolve, clears it on reopen, keeps it on close', () => {
      const { store, clock } = t();
      const issue = create();
      clock.advance(1000);
      assert.equal(store.issues.setStatus(issue.id, 'investigating').resolvedAt, null);
      clock.set('2026-01-03T10:00:00Z');
      const resolved = store.issues.setStatus(issue.id, 'resolved');
      assert.equal(resolved.resolvedAt, '2026-01-03 10:00:00');
      assert.equal(resolved.updatedAt, '2026-01-03 10:00:00');
      clock.set('2026-01-04T10:00:00Z');
      const closed = store.issues.setStatus(issue.id, 'closed');
      assert.equal(closed.status, 'closed');
      assert.equal(closed.resolvedAt, '2026-01-03 10:00:00', 'closing keeps resolved_at');
      assert.equal(store.issues.setStatus(issue.id, 'resolved').resolvedAt, '2026-01-03 10:00:00', 'closed → resolved is not a new resolution');
      assert.equal(store.issues.setStatus(issue.id, 'open').resolvedAt, null, 'reopen clears');
      clock.set('2026-01-05T10:00:00Z');
      assert.equal(store.issues.setStatus(issue.id, 'resolved').resolvedAt, '2026-01-05 10:00:00', 'resolving again: now');
      assert.equal(store.issues.setStatus(issue.id, 'investigating').resolvedAt, null, 'back to investigating clears');
      assert.equal(store.issues.setStatus(issue.id, 'closed').resolvedAt, null, 'closed without resolution stays without');
    });

    it('records status_changed {from, to} and is a no-op when unchanged', () => {
      const { store, clock } = t();
      const issue = create();
      store.issues.setStatus(issue.id, 'investigating');
      clock.advance(5000);
      const before = store.issues.get(issue.id);
      assert.deepEqual(store.issues.setStatus(issue.id, 'investigating'), before, 'same status: nothing changes, not even updated_at');
      store.issues.setStatus(issue.id, 'resolved');
      const events = store.timeline.list(issue.id).filter((event) => event.eventType === 'status_changed');
      assert.deepEqual(events.map((event) => event.metadata), [{ from: 'open', to: 'investigating' }, { from: 'investigating', to: 'resolved' }]);
      assert.equal(events[1]?.description, 'Status changed from investigating to resolved.');
      assert.equal(auditActions(issue.id).filter((row) => row.action === 'timeline.status_changed').length, 2);
    });

    it('refuses unknown statuses and ids', () => {
      const { store } = t();
      const issue = create();
      assertInvalid(() => store.issues.setStatus(issue.id, 'done' as 'open'), /Status must be one of open, investigating, resolved, closed/);
      assert.throws(() => store.issues.setStatus('missing', 'closed'), IssueNotFoundError);
    });

    it('setStatusMany changes a selection in one transaction, reporting unchanged and missing ids', () => {
      const { store, db } = t();
      const [a, b, c] = [create(), create(), create()] as [Issue, Issue, Issue];
      store.issues.setStatus(b.id, 'resolved');
      const result = store.issues.setStatusMany([a.id, b.id, 'gone', a.id], 'resolved');
      assert.deepEqual(result.changed.map((issue) => [issue.id, issue.status]), [[a.id, 'resolved']]);
      assert.deepEqual(result.unchanged, [b.id]);
      assert.deepEqual(result.missing, ['gone']);

      // A failure on the last issue undoes the earlier ones: the selection changes together or not at all.
      db.exec(`CREATE TRIGGER fail_c BEFORE UPDATE OF status ON issues WHEN new.id = '${c.id}' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
      assert.throws(() => store.issues.setStatusMany([a.id, b.id, c.id], 'closed'), /boom/);
      assert.deepEqual([a, b, c].map((issue) => store.issues.get(issue.id)?.status), ['resolved', 'resolved', 'open']);
      assert.equal(store.timeline.list(a.id).filter((event) => event.eventType === 'status_changed').length, 1);
    });
  });

  describe('delete', () => {
    /** One row in every table under an issue, written with plain SQL (their repositories live elsewhere). */
    function populate(issueId: string, tag: string): void {
      const { db } = t();
      const now = '2026-01-02 03:04:05';
      db.exec(
        `INSERT INTO log_files(id, issue_id, file_name, file_path, file_size, uploaded_at) VALUES ('log-${tag}', ?1, 'app.log', '/tmp/app.log', 10, '${now}');
         INSERT INTO pii_spans(id, log_file_id, pii_type, start_offset, end_offset, original_value, replacement) VALUES ('pii-${tag}', 'log-${tag}', 'Email', 0, 5, 'a@b.c', '[Email]');
         INSERT INTO pii_spans(id, log_file_id, pii_type, start_offset, end_offset, original_value, replacement) VALUES ('pii2-${tag}', 'log-${tag}', 'IPv4', 6, 9, '1.2.3.4', '[IPv4]');`,
        [issueId],
      );
      // exec binds parameters to the first statement only.
      db.exec(`INSERT INTO image_attachments(id, issue_id, file_name, image_data) VALUES ('img-${tag}', ?, 'shot.png', x'89504e47')`, [issueId]);
      db.exec(`INSERT INTO resolution_steps(id, issue_id, step_order, why_question, created_at) VALUES ('step-${tag}', ?, 1, 'Why?', '${now}')`, [issueId]);
      db.exec(`INSERT INTO documents(id, issue_id, doc_type, title, content_md, created_at, updated_at) VALUES ('doc-${tag}', ?, 'rca', 'RCA', '# RCA', 1, 1)`, [issueId]);
      db.exec(`INSERT INTO ai_conversations(id, issue_id, provider, model, created_at) VALUES ('conv-${tag}', ?, 'ollama', 'llama', '${now}')`, [issueId]);
      db.exec(`INSERT INTO ai_messages(id, conversation_id, role, content, created_at) VALUES ('msg-${tag}', 'conv-${tag}', 'user', 'hi', '${now}')`);
      t().store.timeline.record({ issueId, eventType: 'log_uploaded', description: 'app.log', metadata: { file_name: 'app.log', file_size: 10 } });
    }

    const TABLES = ['log_files', 'pii_spans', 'image_attachments', 'resolution_steps', 'documents', 'timeline_events', 'ai_conversations', 'ai_messages'];
    const countAll = () => Object.fromEntries(TABLES.map((table) => [table, t().db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)?.n]));

    it('removes every row under the issue through the cascade, and audits the counts', () => {
      const { store, db } = t();
      const doomed = create({ title: 'Doomed' });
      const kept = create({ title: 'Kept' });
      populate(doomed.id, 'd');
      populate(kept.id, 'k');
      assert.deepEqual(countAll(), { log_files: 2, pii_spans: 4, image_attachments: 2, resolution_steps: 2, documents: 2, timeline_events: 4, ai_conversations: 2, ai_messages: 2 });

      const result = store.issues.delete(doomed.id);
      const cascaded = { logFiles: 1, piiSpans: 2, images: 1, steps: 1, documents: 1, timelineEvents: 2, conversations: 1, messages: 1 };
      assert.deepEqual(result, { id: doomed.id, cascaded });
      assert.equal(store.issues.get(doomed.id), null);
      assert.deepEqual(countAll(), { log_files: 1, pii_spans: 2, image_attachments: 1, resolution_steps: 1, documents: 1, timeline_events: 2, ai_conversations: 1, ai_messages: 1 });
      for (const table of TABLES.filter((name) => name !== 'pii_spans' && name !== 'ai_messages')) {
        assert.equal(db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE issue_id = ?`, [doomed.id])?.n, 0, table);
      }
      assert.equal(db.get<{ n: number }>("SELECT count(*) AS n FROM pii_spans WHERE id = 'pii-d'")?.n, 0);
      assert.deepEqual(db.query('PRAGMA foreign_key_check'), []);

      const deletion = auditActions(doomed.id).filter((row) => row.action === 'issue.deleted');
      assert.equal(deletion.length, 1);
      assert.deepEqual(JSON.parse(deletion[0]?.details ?? ''), { cascaded });
      assert.ok(store.audit.verify().ok);
    });

    it('refuses an unknown id', () => {
      assert.throws(() => t().store.issues.delete('missing'), IssueNotFoundError);
    });

    it('deleteMany deletes a selection in one transaction, reporting missing ids', () => {
      const { store, db } = t();
      const [a, b, c] = [create(), create(), create()] as [Issue, Issue, Issue];
      populate(a.id, 'a');
      const result = store.issues.deleteMany([a.id, 'gone', b.id, b.id]);
      assert.deepEqual(result.deleted.map((entry) => entry.id), [a.id, b.id]);
      assert.equal(result.deleted[0]?.cascaded.logFiles, 1);
      assert.deepEqual(result.missing, ['gone']);
      assert.equal(auditActions(a.id).filter((row) => row.action === 'issue.deleted').length, 1);
      assert.equal(auditActions(b.id).filter((row) => row.action === 'issue.deleted').length, 1);

      const d = create();
      db.exec(`CREATE TRIGGER keep_c BEFORE DELETE ON issues WHEN old.id = '${c.id}' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
      assert.throws(() => store.issues.deleteMany([d.id, c.id]), /boom/);
      assert.ok(store.issues.get(d.id), 'rolled back with the failing one');
      assert.equal(auditActions(d.id).filter((row) => row.action === 'issue.deleted').length, 0);
      assertInvalid(() => store.issues.deleteMany('abc' as unknown as string[]), /ids must be a list/);
    });
  });

  describe('list', () => {
    /** 12 issues over four severities and statuses, one second apart, with varied titles, categories and tags. */
    function seed(): Issue[] {
      const { store, clock } = t();
      const severities: IssueSeverity[] = ['low', 'critical', 'medium', 'high'];
      const titles = ['delta', 'Alpha', 'charlie', 'bravo', 'echo', 'Foxtrot', 'golf', 'hotel', 'India', 'juliet', 'kilo', 'lima'];
      const issues = titles.map((title, index) => {
        clock.advance(1000);
        return store.issues.create({
          title,
          severity: severities[index % 4] as IssueSeverity,
          category: index % 3 === 0 ? 'Network' : index % 3 === 1 ? 'database' : null,
          assignedTo: index % 2 === 0 ? 'ana' : null,
          tags: index % 4 === 0 ? ['EU', 'db'] : ['us'],
          description: index === 5 ? 'the primary database failed over' : null,
        });
      });
      clock.advance(1000);
      store.issues.setStatus(issues[1]!.id, 'investigating');
      store.issues.setStatus(issues[2]!.id, 'resolved');
      store.issues.setStatus(issues[3]!.id, 'closed');
      return store.issues.list({ limit: 500 }).items;
    }
    const titles = (items: Issue[]) => items.map((issue) => issue.title);

    it('defaults to newest first, 50 a page, with the total', () => {
      seed();
      const page = t().store.issues.list();
      assert.equal(page.total, 12);
      assert.deepEqual(titles(page.items), ['lima', 'kilo', 'juliet', 'India', 'hotel', 'golf', 'Foxtrot', 'echo', 'bravo', 'charlie', 'Alpha', 'delta']);
      assert.equal(page.nextCursor, undefined);
    });

    it('filters by status, severity, category, assignee, tag and text; totals count the filtered rows', () => {
      seed();
      const { store } = t();
      const list = (options: Parameters<typeof store.issues.list>[0]) => store.issues.list(options);
      assert.deepEqual(titles(list({ status: ['resolved', 'closed'] }).items).sort(), ['bravo', 'charlie']);
      assert.equal(list({ status: ['open'] }).total, 9);
      assert.equal(list({ status: [] }).total, 0, 'no box ticked: nothing');
      assert.deepEqual(titles(list({ severity: ['critical'] }).items), ['juliet', 'Foxtrot', 'Alpha']);
      assert.deepEqual(titles(list({ severity: ['critical'], status: ['investigating'] }).items), ['Alpha']);
      assert.equal(list({ category: 'network' }).total, 4, 'category ignores case');
      assert.equal(list({ category: null }).total, 4, 'null: no category');
      assert.equal(list({ assignedTo: 'ANA' }).total, 6);
      assert.equal(list({ assignedTo: null }).total, 6);
      assert.deepEqual(titles(list({ tag: 'eu' }).items), ['India', 'echo', 'delta']);
      assert.deepEqual(titles(list({ text: 'datab' }).items), ['Foxtrot'], 'words match as prefixes of title or description');
      assert.deepEqual(titles(list({ text: 'prim fail' }).items), ['Foxtrot']);
      assert.equal(list({ text: 'prim nothing' }).total, 0, 'every word must match');
      assert.equal(list({ text: '   ' }).total, 12, 'blank text: no filter');
      const filtered = list({ tag: 'us', severity: ['critical', 'high'], limit: 2 });
      assert.equal(filtered.total, 6);
      assert.equal(filtered.items.length, 2);
    });

    it('sorts by severity (critical first), status (workflow order), title (ignoring case) and dates', () => {
      const all = seed();
      const { store } = t();
      const bySeverity = store.issues.list({ sort: { field: 'severity' } }).items;
      assert.deepEqual(bySeverity.map((issue) => issue.severity), [...Array(3).fill('critical'), ...Array(3).fill('high'), ...Array(3).fill('medium'), ...Array(3).fill('low')]);
      assert.deepEqual(titles(bySeverity.slice(0, 3)), ['juliet', 'Foxtrot', 'Alpha'], 'ties newest first');
      const ascending = store.issues.list({ sort: { field: 'severity', direction: 'asc' } }).items;
      assert.deepEqual(ascending.map((issue) => issue.severity).slice(0, 4), ['low', 'low', 'low', 'medium']);
      assert.deepEqual(titles(ascending.slice(0, 3)), ['India', 'echo', 'delta'], 'ties still newest first');

      assert.deepEqual(store.issues.list({ sort: { field: 'status' } }).items.map((issue) => issue.status).slice(8), ['open', 'investigating', 'resolved', 'closed']);
      assert.deepEqual(titles(store.issues.list({ sort: { field: 'title' } }).items), ['Alpha', 'bravo', 'charlie', 'delta', 'echo', 'Foxtrot', 'golf', 'hotel', 'India', 'juliet', 'kilo', 'lima']);
      assert.deepEqual(titles(store.issues.list({ sort: { field: 'title', direction: 'desc' } }).items)[0], 'lima');
      assert.deepEqual(titles(store.issues.list({ sort: { field: 'created_at', direction: 'asc' } }).items), titles([...all].reverse()));
      // The three status changes touched Alpha, charlie and bravo last.
      assert.deepEqual(titles(store.issues.list({ sort: { field: 'updated_at' }, limit: 3 }).items), ['bravo', 'charlie', 'Alpha']);
    });

    it('pages by offset and by cursor; a cursor page stays put when new issues arrive', () => {
      seed();
      const { store, clock } = t();
      const sort = { field: 'severity' } as const;
      const everything = titles(store.issues.list({ sort }).items);
      assert.deepEqual(titles(store.issues.list({ sort, limit: 5, offset: 5 }).items), everything.slice(5, 10));
      assert.equal(store.issues.list({ sort, limit: 5, offset: 10 }).total, 12);

      const first = store.issues.list({ sort, limit: 5 });
      assert.deepEqual(titles(first.items), everything.slice(0, 5));
      assert.ok(first.nextCursor);
      clock.advance(1000);
      store.issues.create({ title: 'newcomer', severity: 'critical' }); // sorts before the cursor: must not shift the next page
      const second = store.issues.list({ sort, limit: 5, cursor: first.nextCursor });
      assert.deepEqual(titles(second.items), everything.slice(5, 10));
      assert.equal(second.total, 13);
      const third = store.issues.list({ sort, limit: 5, cursor: second.nextCursor });
      assert.deepEqual(titles(third.items), everything.slice(10));
      assert.equal(third.nextCursor, undefined);

      // Every sort walks every row exactly once.
      for (const field of ['created_at', 'updated_at', 'severity', 'title', 'status'] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = store.issues.list({ sort: { field, direction }, limit: 4, ...(cursor ? { cursor } : {}) });
            seen.push(...page.items.map((issue) => issue.id));
            cursor = page.nextCursor;
          } while (cursor);
          assert.deepEqual(seen, store.issues.list({ sort: { field, direction } }).items.map((issue) => issue.id), `${field} ${direction}`);
        }
      }
    });

    it('refuses bad options with clear messages', () => {
      seed();
      const { store } = t();
      assertInvalid(() => store.issues.list({ limit: 501 }), /limit must be at most 500/);
      assertInvalid(() => store.issues.list({ limit: 0 }), /limit must be at least 1/);
      assertInvalid(() => store.issues.list({ sort: { field: 'priority' as 'title' } }), /Sort by one of created_at, updated_at, severity, title, status/);
      assertInvalid(() => store.issues.list({ severity: ['p1' as IssueSeverity] }), /Severity must be one of/);
      const cursor = store.issues.list({ limit: 2 }).nextCursor as string;
      assertInvalid(() => store.issues.list({ cursor, offset: 2 }), /either offset or cursor/);
      assertInvalid(() => store.issues.list({ cursor, sort: { field: 'title' } }), /another sort order/);
      assertInvalid(() => store.issues.list({ cursor: 'garbage' }), /not one this list returned/);
    });
  });

  it('counts per status and severity, and the active (open + investigating) ones per severity', () => {
    const { store } = t();
    const empty = store.issues.counts();
    assert.deepEqual(empty, {
      total: 0,
      byStatus: { open: 0, investigating: 0, resolved: 0, closed: 0 },
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
      activeBySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
    });
    const a = create({ severity: 'critical' });
    const b = create({ severity: 'critical' });
    create({ severity: 'low' });
    const d = create({ severity: 'medium' });
    store.issues.setStatus(a.id, 'investigating');
    store.issues.setStatus(b.id, 'resolved');
    store.issues.setStatus(d.id, 'closed');
    assert.deepEqual(store.issues.counts(), {
      total: 4,
      byStatus: { open: 1, investigating: 1, resolved: 1, closed: 1 },
      bySeverity: { critical: 2, high: 0, medium: 1, low: 1 },
      activeBySeverity: { critical: 1, high: 0, medium: 0, low: 1 },
    });
  });

  it('counts from the (status, severity) index alone, never reading the issue rows (0.8 s → 11 ms at 100,000 issues)', () => {
    const { db } = t();
    const plan = db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${ISSUE_COUNTS_SQL}`).map((row) => row.detail);
    assert.deepEqual(plan, ['SCAN issues USING COVERING INDEX idx_issues_status_severity']);
  });

  it('reads rows written by the desktop app: NULL or broken tags, words outside the seed', () => {
    const { store, db } = t();
    db.exec(`INSERT INTO issues(id, title, severity, status, created_at, updated_at, tags) VALUES
      ('d1', 'Old one', 'high', 'open', '2025-01-01 00:00:00', '2025-01-01 00:00:00', NULL),
      ('d2', 'Broken tags', 'P1', 'Open', '2025-01-02 00:00:00', '2025-01-02 00:00:00', 'not json'),
      ('d3', 'Object tags', 'low', 'open', '2025-01-03 00:00:00', '2025-01-03 00:00:00', '{"a":1}')`);
    assert.deepEqual(store.issues.get('d1')?.tags, []);
    assert.deepEqual(store.issues.get('d2')?.tags, []);
    assert.deepEqual(store.issues.get('d3')?.tags, []);
    assert.equal(store.issues.list({ tag: 'a' }).total, 0, 'tag filter survives invalid JSON');
    assert.equal(store.issues.list({ sort: { field: 'severity' } }).items.at(-1)?.id, 'd2', 'unknown severity sorts last');
    const counts = store.issues.counts();
    assert.equal(counts.total, 3);
    assert.equal(counts.byStatus.open, 2);
    assert.equal(store.issues.update('d2', { severity: 'critical', status: 'investigating' }).severity, 'critical');
  });

  it('keeps the audit chain intact through a mixed workload', () => {
    const { store, clock } = t();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      clock.advance(700);
      ids.push(create({ title: `Issue ${i}`, severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4] }).id);
    }
    store.issues.update(ids[0]!, { title: 'Renamed', tags: ['x'] });
    store.issues.setStatus(ids[1]!, 'resolved');
    store.issues.setStatusMany(ids.slice(2, 8), 'investigating');
    store.issues.delete(ids[9]!);
    store.issues.deleteMany(ids.slice(10, 14));
    assert.throws(() => store.issues.setStatusMany([ids[15]!, 'x'], 'bogus' as 'open'));
    store.issues.search('renamed');
    const verification = store.audit.verify();
    assert.deepEqual(verification, { ok: true, rows: 20 * 2 + 1 + 1 + 6 + 1 + 4 });
  });
});
