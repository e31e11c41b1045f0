// Issues: create, update, status transitions, delete with cascade, list, counts, full-text search.
import { z } from 'zod';
import type {
  CascadeCounts,
  CreateIssueInput,
  DeletedIssue,
  DeleteManyResult,
  HighlightedText,
  Issue,
  IssueCounts,
  IssuePage,
  IssueSeverity,
  IssueSortField,
  IssueStatus,
  ListIssuesOptions,
  SearchOptions,
  SearchResult,
  SortDirection,
  StatusChange,
  UpdateIssueInput,
} from '../../core/model/issue';
import {
  createIssueInputSchema,
  DEFAULT_SORT_DIRECTION,
  ISSUE_SEVERITIES,
  ISSUE_STATUSES,
  issueStatusSchema,
  listIssuesOptionsSchema,
  parseInput,
  phraseQuery,
  searchOptionsSchema,
  updateIssueInputSchema,
  ValidationError,
  wordsQuery,
} from '../../core/model/issue';
import { sqlTimestamp } from '../clock';
import type { SqlValue } from '../database';
import { newId } from '../ids';
import type { RepositoryContext } from './context';

export { phraseQuery, wordsQuery } from '../../core/model/issue';

/** Marks a match in highlight()/snippet() output; control characters cannot occur in validated text. */
const MATCH_START = '\u0001';
const MATCH_END = '\u0002';
/** Room for phraseQuery() of any text the list filter accepts (quotes double). */
const MAX_SEARCH_LENGTH = 10_000;

/** No issue with this id (deleted meanwhile, or never existed). */
export class IssueNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  readonly details: { id: string };
  constructor(id: string) {
    super(`No issue ${id}: it may have been deleted.`);
    this.name = 'IssueNotFoundError';
    this.details = { id };
  }
}

/**
 * A search query that is not valid FTS5 syntax. Crosses the worker boundary by name, code and details: the
 * caller shows `hint` and may offer `details.suggestion` (the text as a literal phrase) instead.
 */
export class SearchSyntaxError extends Error {
  readonly code = 'SEARCH_SYNTAX';
  readonly details: { query: string; hint: string; suggestion: string; sqliteMessage: string };
  constructor(query: string, hint: string, sqliteMessage: string) {
    super(`The search ${JSON.stringify(query)} is not valid: ${hint}`);
    this.name = 'SearchSyntaxError';
    this.details = { query, hint, suggestion: phraseQuery(query), sqliteMessage };
  }
}

/** True for a SearchSyntaxError in the worker and for its re-created copy on the main thread. */
export function isSearchSyntaxError(error: unknown): error is Error & { code: 'SEARCH_SYNTAX'; details: SearchSyntaxError['details'] } {
  return error instanceof Error && (error as { code?: unknown }).code === 'SEARCH_SYNTAX';
}

/** Turns SQLite's FTS5 parse errors into a hint a person can act on; undefined for any other error. */
export function searchSyntaxHint(sqliteMessage: string): string | undefined {
  const m = sqliteMessage;
  if (/unterminated string/.test(m)) return 'a double quote (") is not closed. Close the phrase, or remove the quote.';
  if (/unknown special query/.test(m)) return '"*" must follow a word: data* finds words starting with "data".';
  const column = /no such column: (\S*)/.exec(m);
  if (column) {
    return `"${column[1]}" is read as a column name (a word before ":" or after "-"); issues can be searched by title: or description:. Put the text in double quotes to search for it as written.`;
  }
  if (/expected integer/.test(m)) return 'NEAR(a b, N) needs a whole number N as its distance.';
  const near = /fts5: syntax error near "(.*)"/.exec(m);
  if (near) {
    const token = near[1] ?? '';
    if (token === '') return 'the search ends too early: AND, OR, NOT, NEAR( or "(" is missing what comes after it.';
    if (/^(AND|OR|NOT)$/.test(token)) {
      return `${token} joins two search terms (a ${token} b). To search for the word itself, put it in double quotes: "${token.toLowerCase()}".`;
    }
    return `"${token}" cannot appear there. Put the text in double quotes to search for it as written.`;
  }
  if (/fts5:|malformed MATCH/.test(m)) return 'put the text in double quotes to search for it as written.';
  return undefined;
}

interface IssueRow {
  id: string;
  title: string;
  description: string | null;
  severity: string;
  status: string;
  category: string | null;
  source: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  assigned_to: string | null;
  tags: string | null;
}

const COLUMNS = 'i.id, i.title, i.description, i.severity, i.status, i.category, i.source, i.created_at, i.updated_at, i.resolved_at, i.assigned_to, i.tags';

/** Tags as stored may be NULL or, in an imported database, not a JSON array: read what is usable. */
function parseTags(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}

const toIssue = (row: IssueRow): Issue => ({
  id: row.id,
  title: row.title,
  description: row.description,
  // Imported rows keep whatever words the desktop app stored; ours are validated on the way in.
  severity: row.severity as IssueSeverity,
  status: row.status as IssueStatus,
  category: row.category,
  source: row.source,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  resolvedAt: row.resolved_at,
  assignedTo: row.assigned_to,
  tags: parseTags(row.tags),
});

/** highlight()/snippet() output → plain text plus the ranges between the markers. */
function parseMarked(marked: string | null): HighlightedText {
  const ranges: Array<[number, number]> = [];
  let text = '';
  let start = -1;
  for (const char of marked ?? '') {
    if (char === MATCH_START) start = text.length;
    else if (char === MATCH_END) {
      if (start >= 0 && text.length > start) ranges.push([start, text.length]);
      start = -1;
    } else text += char;
  }
  return { text, ranges };
}

const SEVERITY_WEIGHT = `CASE i.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END`;
const STATUS_RANK = `CASE i.status WHEN 'open' THEN 1 WHEN 'investigating' THEN 2 WHEN 'resolved' THEN 3 WHEN 'closed' THEN 4 ELSE 5 END`;

interface SortKey {
  expr: string;
  direction: SortDirection;
}

/** The full ordering of a sort: the field, then ties broken newest first and by id, so every row has one place. */
function sortKeys(field: IssueSortField, direction: SortDirection): SortKey[] {
  const newestFirst: SortKey[] = [
    { expr: 'i.created_at', direction: 'desc' },
    { expr: 'i.id', direction: 'desc' },
  ];
  switch (field) {
    case 'created_at':
      return [{ expr: 'i.created_at', direction }, { expr: 'i.id', direction }];
    case 'updated_at':
      return [{ expr: 'i.updated_at', direction }, ...newestFirst];
    case 'severity':
      return [{ expr: SEVERITY_WEIGHT, direction }, ...newestFirst];
    case 'status':
      return [{ expr: STATUS_RANK, direction }, ...newestFirst];
    case 'title':
      return [{ expr: 'i.title COLLATE NOCASE', direction }, ...newestFirst];
  }
}

const cursorSchema = z.object({ f: z.string(), d: z.enum(['asc', 'desc']), k: z.array(z.union([z.string(), z.number()])) });

function encodeCursor(field: IssueSortField, direction: SortDirection, keys: SqlValue[]): string {
  return Buffer.from(JSON.stringify({ f: field, d: direction, k: keys })).toString('base64url');
}

function decodeCursor(cursor: string, field: IssueSortField, direction: SortDirection, count: number): Array<string | number> {
  let parsed: z.infer<typeof cursorSchema> | undefined;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.f !== field || parsed.d !== direction)) {
    throw new ValidationError('list options', [{ path: 'cursor', message: 'The cursor belongs to a list with another sort order: start again from the first page.' }]);
  }
  if (!parsed || parsed.k.length !== count) {
    throw new ValidationError('list options', [{ path: 'cursor', message: 'The cursor is not one this list returned.' }]);
  }
  return parsed.k;
}

/** Rows strictly after `values` in the order of `keys`: (k0 > v0) OR (k0 = v0 AND k1 > v1) OR … */
function afterCursor(keys: SortKey[], values: SqlValue[]): { sql: string; params: SqlValue[] } {
  const alternatives: string[] = [];
  const params: SqlValue[] = [];
  keys.forEach((key, index) => {
    const parts: string[] = [];
    for (let j = 0; j < index; j++) {
      parts.push(`${(keys[j] as SortKey).expr} = ?`);
      params.push(values[j] as SqlValue);
    }
    parts.push(`${key.expr} ${key.direction === 'asc' ? '>' : '<'} ?`);
    params.push(values[index] as SqlValue);
    alternatives.push(`(${parts.join(' AND ')})`);
  });
  return { sql: `(${alternatives.join(' OR ')})`, params };
}

const idListSchema = z.array(z.string().min(1), { error: 'ids must be a list of issue ids.' }).max(10_000);

const zeroBy = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

export class IssueRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** A new open issue; its creation is audited and starts its timeline (triage_started). */
  create(input: CreateIssueInput): Issue {
    const data = parseInput(createIssueInputSchema, input, 'issue');
    const { db, audit, timeline, clock } = this.ctx;
    return db.transaction(() => {
      const id = newId();
      const now = sqlTimestamp(clock.now());
      db.exec(
        `INSERT INTO issues(id, title, description, severity, status, category, source, created_at, updated_at, resolved_at, assigned_to, tags)
         VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, NULL, ?, ?)`,
        [id, data.title, data.description ?? null, data.severity, data.category ?? null, data.source ?? null, now, now, data.assignedTo ?? null, JSON.stringify(data.tags ?? [])],
      );
      const category = data.category ?? null;
      audit.append({ action: 'issue.created', entityType: 'issue', entityId: id, details: { severity: data.severity, category } });
      timeline.record({
        issueId: id,
        eventType: 'triage_started',
        description: `Triage started (severity ${data.severity}).`,
        metadata: { severity: data.severity, category },
      });
      // The timeline bumps updated_at with its own clock reading, which may be a second later: a new issue was
      // created and last updated at the same moment.
      db.exec('UPDATE issues SET updated_at = created_at WHERE id = ?', [id]);
      db.recordChange({ entity: 'issue', kind: 'created', ids: [id] });
      return this.require(id);
    });
  }

  get(id: string): Issue | null {
    const row = this.ctx.db.get<IssueRow>(`SELECT ${COLUMNS} FROM issues i WHERE i.id = ?`, [id]);
    return row ? toIssue(row) : null;
  }

  /**
   * Changes the given fields (null clears); fields whose value does not change are not written. Audited as
   * `issue.updated` with the names of the changed fields (never their values: a title may hold PII).
   */
  update(id: string, patch: UpdateIssueInput): Issue {
    const data = parseInput(updateIssueInputSchema, patch, 'issue update');
    const { db, audit, clock } = this.ctx;
    return db.transaction(() => {
      const current = this.requireRow(id);
      const fields: Array<[keyof typeof data, keyof IssueRow, SqlValue | undefined]> = [
        ['title', 'title', data.title],
        ['description', 'description', data.description],
        ['severity', 'severity', data.severity],
        ['category', 'category', data.category],
        ['source', 'source', data.source],
        ['assignedTo', 'assigned_to', data.assignedTo],
        ['tags', 'tags', data.tags === undefined ? undefined : JSON.stringify(data.tags ?? [])],
      ];
      const changed = fields.filter(([, column, value]) => value !== undefined && value !== current[column]);
      if (changed.length > 0) {
        const sets = changed.map(([, column]) => `${column} = ?`).join(', ');
        db.exec(`UPDATE issues SET ${sets}, updated_at = ? WHERE id = ?`, [
          ...changed.map(([, , value]) => value as SqlValue),
          sqlTimestamp(clock.now()),
          id,
        ]);
        audit.append({ action: 'issue.updated', entityType: 'issue', entityId: id, details: { fields: changed.map(([name]) => name) } });
        db.recordChange({ entity: 'issue', kind: 'updated', ids: [id] });
      }
      if (data.status !== undefined) this.transition(current, data.status);
      return this.require(id);
    });
  }

  /**
   * Moves an issue to a status: resolving sets resolved_at (now), reopening (open, investigating) clears it,
   * closing keeps it. Records a status_changed timeline event {from, to}; the same status is a no-op.
   */
  setStatus(id: string, status: IssueStatus): Issue {
    const to = parseInput(issueStatusSchema, status, 'status');
    return this.ctx.db.transaction(() => {
      this.transition(this.requireRow(id), to);
      return this.require(id);
    });
  }

  /** setStatus for a multi-selection, in one transaction; ids deleted meanwhile are reported, not fatal. */
  setStatusMany(ids: string[], status: IssueStatus): StatusChange {
    const list = [...new Set(parseInput(idListSchema, ids, 'issue ids'))];
    const to = parseInput(issueStatusSchema, status, 'status');
    return this.ctx.db.transaction(() => {
      const result: StatusChange = { changed: [], unchanged: [], missing: [] };
      for (const id of list) {
        const row = this.findRow(id);
        if (!row) result.missing.push(id);
        else if (this.transition(row, to)) result.changed.push(this.require(id));
        else result.unchanged.push(id);
      }
      return result;
    });
  }

  /** Deletes the issue and, through ON DELETE CASCADE, everything under it; audited with the counts removed. */
  delete(id: string): DeletedIssue {
    return this.ctx.db.transaction(() => {
      this.requireRow(id);
      return this.deleteRow(id);
    });
  }

  /** delete for a multi-selection, in one transaction; ids deleted meanwhile are reported, not fatal. */
  deleteMany(ids: string[]): DeleteManyResult {
    const list = [...new Set(parseInput(idListSchema, ids, 'issue ids'))];
    return this.ctx.db.transaction(() => {
      const result: DeleteManyResult = { deleted: [], missing: [] };
      for (const id of list) {
        if (this.findRow(id)) result.deleted.push(this.deleteRow(id));
        else result.missing.push(id);
      }
      return result;
    });
  }

  /**
   * A page of issues with filters and sort. An empty status or severity list matches nothing (every box
   * unticked); an absent one matches everything. Pass `nextCursor` back as `cursor` for the next page.
   */
  list(options: ListIssuesOptions = {}): IssuePage {
    const query = parseInput(listIssuesOptionsSchema, options, 'list options');
    const where: string[] = [];
    const params: SqlValue[] = [];
    const inList = (column: string, values: readonly string[]) => {
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    if (query.status) inList('i.status', query.status);
    if (query.severity) inList('i.severity', query.severity);
    for (const [column, value] of [['i.category', query.category], ['i.assigned_to', query.assignedTo]] as const) {
      if (value === null) where.push(`${column} IS NULL`);
      else if (value !== undefined) {
        where.push(`${column} = ? COLLATE NOCASE`);
        params.push(value.trim());
      }
    }
    if (query.tag !== undefined) {
      // An imported row's tags may not be valid JSON; json_each would fail on it.
      where.push(`EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(i.tags) THEN i.tags ELSE '[]' END) WHERE value = ? COLLATE NOCASE)`);
      params.push(query.tag.trim());
    }
    const words = query.text === undefined ? '' : wordsQuery(query.text);
    if (words) {
      where.push('i.rowid IN (SELECT rowid FROM issues_search WHERE issues_search MATCH ?)');
      params.push(words);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.ctx.db.get<{ n: number }>(`SELECT count(*) AS n FROM issues i ${filter}`, params)?.n ?? 0;

    const field = query.sort?.field ?? 'created_at';
    const direction = query.sort?.direction ?? DEFAULT_SORT_DIRECTION[field];
    const keys = sortKeys(field, direction);
    const pageWhere = [...where];
    const pageParams = [...params];
    if (query.cursor) {
      const after = afterCursor(keys, decodeCursor(query.cursor, field, direction, keys.length));
      pageWhere.push(after.sql);
      pageParams.push(...after.params);
    }
    const keyColumns = keys.map((key, index) => `${key.expr} AS _k${index}`).join(', ');
    const order = keys.map((key) => `${key.expr} ${key.direction.toUpperCase()}`).join(', ');
    // One row more than asked says whether a next page exists.
    const rows = this.ctx.db.query<IssueRow & Record<string, SqlValue>>(
      `SELECT ${COLUMNS}, ${keyColumns} FROM issues i ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
       ORDER BY ${order} LIMIT ? OFFSET ?`,
      [...pageParams, query.limit + 1, query.offset ?? 0],
    );
    const items = rows.slice(0, query.limit);
    const page: IssuePage = { items: items.map(toIssue), total };
    const last = items[items.length - 1];
    if (rows.length > query.limit && last) {
      page.nextCursor = encodeCursor(field, direction, keys.map((_, index) => last[`_k${index}`] as SqlValue));
    }
    return page;
  }

  /** Issues per status and per severity: the tree's group labels and the open badge. */
  counts(): IssueCounts {
    const counts: IssueCounts = {
      total: 0,
      byStatus: zeroBy(ISSUE_STATUSES),
      bySeverity: zeroBy(ISSUE_SEVERITIES),
      activeBySeverity: zeroBy(ISSUE_SEVERITIES),
    };
    const rows = this.ctx.db.query<{ status: string; severity: string; n: number }>(ISSUE_COUNTS_SQL);
    for (const { status, severity, n } of rows) {
      counts.total += n;
      // Words outside the seed's (an imported database) count in the total only.
      if (status in counts.byStatus) counts.byStatus[status as IssueStatus] += n;
      if (severity in counts.bySeverity) {
        counts.bySeverity[severity as IssueSeverity] += n;
        if (status === 'open' || status === 'investigating') counts.activeBySeverity[severity as IssueSeverity] += n;
      }
    }
    return counts;
  }

  /**
   * Full-text search of titles and descriptions in FTS5 query syntax (words, prefix `data*`, phrases
   * `"root cause"`, AND/OR/NOT, NEAR, `title:`): issues whose title matches first, then those that match in the
   * description only, each group newest first (docs/storage.md "Issue search": ranking every match by bm25 cost
   * more than the 30 ms a keystroke may take). Invalid syntax throws SearchSyntaxError; `phraseQuery(text)` makes
   * any text a valid query.
   */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const text = parseInput(
      z.string({ error: 'The search must be text.' }).max(MAX_SEARCH_LENGTH, { error: `The search must be at most ${MAX_SEARCH_LENGTH} characters.` }),
      query,
      'search',
    );
    const { limit, offset } = parseInput(searchOptionsSchema, options, 'search options');
    // A NUL would cut the bound text short and produce a misleading "unterminated string".
    const match = text.replace(/\0/g, ' ').trim();
    if (!match) return { hits: [], total: 0 };
    try {
      // First, so that invalid syntax is reported for the query as typed, not for the groups built from it.
      const total = this.countMatches(match);
      // The two groups split the matches exactly: the query AND its title-only form; the query NOT that. The
      // query itself stays in both (even where the title-only form would imply it) so that highlight() and snippet()
      // mark its words in the description too.
      const titleOnly = `{title}: (${match})`;
      const titleGroup = `(${match}) AND ${titleOnly}`;
      const descriptionGroup = `(${match}) NOT ${titleOnly}`;
      const inTitle = offset > 0 ? this.countMatches(titleGroup) : 0;
      const rows = offset < inTitle || offset === 0 ? this.searchPage(titleGroup, limit, offset, 0) : [];
      if (rows.length < limit) rows.push(...this.searchPage(descriptionGroup, limit - rows.length, Math.max(0, offset - inTitle), 1));
      return {
        total,
        hits: rows.map((row) => ({ issue: toIssue(row), title: parseMarked(row.hl_title), snippet: parseMarked(row.hl_snippet), score: row.score })),
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const hint = searchSyntaxHint(message);
      if (hint) throw new SearchSyntaxError(text, hint, message);
      throw error;
    }
  }

  private countMatches(match: string): number {
    return this.ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM issues_search WHERE issues_search MATCH ?', [match])?.n ?? 0;
  }

  /**
   * A page of one group, newest first: FTS5 walks the index by rowid from the end and stops at the limit, so
   * highlight() and snippet() run for the rows shown only.
   */
  private searchPage(match: string, limit: number, offset: number, score: number) {
    return this.ctx.db.query<IssueRow & { hl_title: string | null; hl_snippet: string | null; score: number }>(
      `SELECT ${COLUMNS}, ? AS score,
              highlight(issues_search, 0, char(1), char(2)) AS hl_title,
              snippet(issues_search, 1, char(1), char(2), '…', 24) AS hl_snippet
       FROM issues_search JOIN issues i ON i.rowid = issues_search.rowid
       WHERE issues_search MATCH ? ORDER BY issues_search.rowid DESC LIMIT ? OFFSET ?`,
      [score, match, limit, offset],
    );
  }

  private findRow(id: string): IssueRow | undefined {
    return this.ctx.db.get<IssueRow>(`SELECT ${COLUMNS} FROM issues i WHERE i.id = ?`, [id]);
  }

  private requireRow(id: string): IssueRow {
    const row = this.findRow(id);
    if (!row) throw new IssueNotFoundError(id);
    return row;
  }

  private require(id: string): Issue {
    return toIssue(this.requireRow(id));
  }

  /** Applies a status change to a row read in the current transaction; false when it already had that status. */
  private transition(row: IssueRow, to: IssueStatus): boolean {
    const from = row.status;
    if (from === to) return false;
    const now = sqlTimestamp(this.ctx.clock.now());
    let resolvedAt: string | null;
    if (to === 'resolved') resolvedAt = from === 'closed' ? (row.resolved_at ?? now) : now; // closed → resolved is not a new resolution
    else if (to === 'closed') resolvedAt = row.resolved_at;
    else resolvedAt = null; // reopened
    this.ctx.db.exec('UPDATE issues SET status = ?, resolved_at = ?, updated_at = ? WHERE id = ?', [to, resolvedAt, now, row.id]);
    this.ctx.db.recordChange({ entity: 'issue', kind: 'updated', ids: [row.id] });
    // The timeline event carries the audit row (timeline.status_changed) in the same transaction.
    this.ctx.timeline.record({ issueId: row.id, eventType: 'status_changed', description: `Status changed from ${from} to ${to}.`, metadata: { from, to } });
    return true;
  }

  private deleteRow(id: string): DeletedIssue {
    const { db, audit } = this.ctx;
    const cascaded = db.get<CascadeCounts & Record<string, number>>(
      `SELECT
         (SELECT count(*) FROM log_files WHERE issue_id = ?1) AS logFiles,
         (SELECT coalesce(sum(occurrences), 0) FROM pii_occurrences WHERE log_file_id IN (SELECT id FROM log_files WHERE issue_id = ?1)) AS piiSpans,
         (SELECT count(*) FROM image_attachments WHERE issue_id = ?1) AS images,
         (SELECT count(*) FROM resolution_steps WHERE issue_id = ?1) AS steps,
         (SELECT count(*) FROM documents WHERE issue_id = ?1) AS documents,
         (SELECT count(*) FROM timeline_events WHERE issue_id = ?1) AS timelineEvents,
         (SELECT count(*) FROM ai_conversations WHERE issue_id = ?1) AS conversations,
         (SELECT count(*) FROM ai_messages WHERE conversation_id IN (SELECT id FROM ai_conversations WHERE issue_id = ?1)) AS messages`,
      [id],
    ) as CascadeCounts;
    db.exec('DELETE FROM issues WHERE id = ?', [id]);
    // Everything under it went by cascade: listeners drop what they show of this issue.
    db.recordChange({ entity: 'issue', kind: 'deleted', ids: [id] });
    audit.append({ action: 'issue.deleted', entityType: 'issue', entityId: id, details: { cascaded } });
    return { id, cascaded: { ...cascaded } };
  }
}

/** The methods the main thread may call (see store.ts). */
/** The Issues view's counts: read from the (status, severity) index alone (migration 028), not the issue rows. */
export const ISSUE_COUNTS_SQL = 'SELECT status, severity, count(*) AS n FROM issues GROUP BY status, severity';

export const ISSUE_REMOTE = ['create', 'get', 'update', 'setStatus', 'setStatusMany', 'delete', 'deleteMany', 'list', 'counts', 'search'] as const satisfies readonly (keyof IssueRepository)[];
