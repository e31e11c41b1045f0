// Our migrations: the numbers the seed leaves free (013–016, 019) and any after 022. They add what our features
// need and never change or drop a seed column.
import type { Migration } from './migrate';

export const ourMigrations: readonly Migration[] = [
  {
    // The seed's issues_fts is external-content: without these triggers (the desktop app had none) it stays empty.
    name: '013_issues_fts_sync',
    sql: `CREATE TRIGGER issues_fts_after_insert AFTER INSERT ON issues BEGIN
    INSERT INTO issues_fts(rowid, id, title, description) VALUES (new.rowid, new.id, new.title, new.description);
END;
CREATE TRIGGER issues_fts_after_delete AFTER DELETE ON issues BEGIN
    INSERT INTO issues_fts(issues_fts, rowid, id, title, description) VALUES ('delete', old.rowid, old.id, old.title, old.description);
END;
CREATE TRIGGER issues_fts_after_update AFTER UPDATE OF id, title, description ON issues BEGIN
    INSERT INTO issues_fts(issues_fts, rowid, id, title, description) VALUES ('delete', old.rowid, old.id, old.title, old.description);
    INSERT INTO issues_fts(rowid, id, title, description) VALUES (new.rowid, new.id, new.title, new.description);
END;
INSERT INTO issues_fts(issues_fts) VALUES ('rebuild');`,
  },
  {
    // Hash chain: each row stores the previous row's hash and the SHA-256 of that and its own fields (audit.ts).
    name: '014_audit_hash_chain',
    sql: `ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN row_hash TEXT;`,
  },
  {
    // The review state of each PII span (core/model/logFile.ts PiiDecision): pending until someone decides.
    name: '015_pii_review',
    sql: `ALTER TABLE pii_spans ADD COLUMN decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','redact','keep'));`,
  },
  {
    // Every foreign key and every list the features run, indexed.
    name: '023_indexes',
    sql: `CREATE INDEX IF NOT EXISTS idx_issues_status ON issues(status, created_at);
CREATE INDEX IF NOT EXISTS idx_issues_severity ON issues(severity, created_at);
CREATE INDEX IF NOT EXISTS idx_log_files_issue ON log_files(issue_id);
CREATE INDEX IF NOT EXISTS idx_pii_spans_log_file ON pii_spans(log_file_id, start_offset);
CREATE INDEX IF NOT EXISTS idx_ai_conversations_issue ON ai_conversations(issue_id);
CREATE INDEX IF NOT EXISTS idx_ai_messages_conversation ON ai_messages(conversation_id);
CREATE INDEX IF NOT EXISTS idx_resolution_steps_issue ON resolution_steps(issue_id, step_order);
CREATE INDEX IF NOT EXISTS idx_documents_issue ON documents(issue_id, doc_type);
CREATE INDEX IF NOT EXISTS idx_image_attachments_issue ON image_attachments(issue_id, upload_hash);
CREATE INDEX IF NOT EXISTS idx_audit_log_entity ON audit_log(entity_type, entity_id);
CREATE INDEX IF NOT EXISTS idx_mcp_tools_server ON mcp_tools(server_id);
CREATE INDEX IF NOT EXISTS idx_mcp_resources_server ON mcp_resources(server_id);`,
  },
  {
    // The AI assistant (docs/storage.md "AI conversations and the AI gate"): what a message's token_count is
    // (the provider's count, or our chars/4 estimate), an answer cut mid-stream, the prompt size the provider
    // reported; and the index of each log's notable lines (errors, warnings and their neighbours) that the context
    // picks excerpts from without inflating the log again. The expression index lets the gate find, in one
    // lookup, how far back a PII span can start and still reach an excerpt.
    name: '024_ai_assistant',
    sql: `ALTER TABLE ai_messages ADD COLUMN token_estimated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ai_messages ADD COLUMN incomplete INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ai_messages ADD COLUMN incomplete_reason TEXT;
ALTER TABLE ai_messages ADD COLUMN prompt_tokens INTEGER;
CREATE INDEX IF NOT EXISTS idx_ai_messages_order ON ai_messages(conversation_id, created_at);
CREATE TABLE ai_log_index (
    log_file_id   TEXT PRIMARY KEY REFERENCES log_files(id) ON DELETE CASCADE,
    content_hash  TEXT NOT NULL,
    index_version INTEGER NOT NULL,
    line_count    INTEGER NOT NULL,
    notable_lines INTEGER NOT NULL,
    built_at      TEXT NOT NULL
);
CREATE TABLE ai_log_blocks (
    log_file_id  TEXT NOT NULL REFERENCES ai_log_index(log_file_id) ON DELETE CASCADE,
    first_line   INTEGER NOT NULL,
    last_line    INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    severity     INTEGER NOT NULL,
    at_ms        INTEGER,
    lines        TEXT NOT NULL,
    PRIMARY KEY (log_file_id, first_line)
);
CREATE INDEX IF NOT EXISTS idx_pii_spans_log_length ON pii_spans(log_file_id, (end_offset - start_offset));`,
  },
  {
    // The span store (docs/storage.md "The span store"): a scan's detections kept compactly per log — a dictionary
    // of distinct values with their decision, and deflated chunks of (start delta, value id) — instead of one
    // pii_spans row each. pii_spans keeps what a person decided one by one, marked by hand, or what came from
    // elsewhere (desktop import, replaceForLog). pii_occurrences counts both alike.
    name: '025_pii_detections',
    sql: `CREATE TABLE pii_detection_sets (
    set_id      INTEGER PRIMARY KEY,
    log_file_id TEXT NOT NULL UNIQUE REFERENCES log_files(id) ON DELETE CASCADE,
    longest     INTEGER NOT NULL
);
CREATE TABLE pii_values (
    set_id      INTEGER NOT NULL REFERENCES pii_detection_sets(set_id) ON DELETE CASCADE,
    value_id    INTEGER NOT NULL,
    pii_type    TEXT NOT NULL,
    value       TEXT NOT NULL,
    occurrences INTEGER NOT NULL,
    decision    TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','redact','keep')),
    PRIMARY KEY (set_id, value_id)
) WITHOUT ROWID;
CREATE TABLE pii_detection_chunks (
    set_id      INTEGER NOT NULL REFERENCES pii_detection_sets(set_id) ON DELETE CASCADE,
    first_start INTEGER NOT NULL,
    data        BLOB NOT NULL,
    PRIMARY KEY (set_id, first_start)
) WITHOUT ROWID;
CREATE VIEW pii_occurrences AS
    SELECT log_file_id, pii_type, original_value AS value, 1 AS occurrences, decision FROM pii_spans
    UNION ALL
    SELECT s.log_file_id, v.pii_type, v.value, v.occurrences, v.decision
      FROM pii_detection_sets s JOIN pii_values v ON v.set_id = s.set_id WHERE v.occurrences > 0;`,
  },
  {
    // Search as you type (docs/storage.md "Issue search"): the seed's issues_fts has no prefix index, so `p*`
    // merges the doclists of every word starting with p on each keystroke. This second index over the same rows
    // (external content, kept in sync by triggers) adds prefix indexes for 1-3 characters; issues_fts stays as
    // the seed made it. The rebuild indexes the issues a database already has.
    name: '026_issues_search',
    sql: `CREATE VIRTUAL TABLE issues_search USING fts5(
    title,
    description,
    content='issues',
    content_rowid='rowid',
    prefix='1 2 3'
);
CREATE TRIGGER issues_search_after_insert AFTER INSERT ON issues BEGIN
    INSERT INTO issues_search(rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
CREATE TRIGGER issues_search_after_delete AFTER DELETE ON issues BEGIN
    INSERT INTO issues_search(issues_search, rowid, title, description) VALUES ('delete', old.rowid, old.title, old.description);
END;
CREATE TRIGGER issues_search_after_update AFTER UPDATE OF title, description ON issues BEGIN
    INSERT INTO issues_search(issues_search, rowid, title, description) VALUES ('delete', old.rowid, old.title, old.description);
    INSERT INTO issues_search(rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
INSERT INTO issues_search(issues_search) VALUES ('rebuild');`,
  },
  {
    // What an incident became in the teams' systems of record (docs/storage.md "External links"): the Confluence
    // page of a document, the ServiceNow incident, the Azure DevOps work item and its child tasks. One row per
    // (issue, service, kind, document): publishing again updates the row with the version written.
    name: '027_external_links',
    sql: `CREATE TABLE external_links (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    service TEXT NOT NULL CHECK(service IN ('confluence','servicenow','azuredevops')),
    kind TEXT NOT NULL CHECK(kind IN ('page','incident','workitem','task')),
    doc_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
    external_id TEXT NOT NULL,
    external_key TEXT,
    url TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    version INTEGER,
    created_at TEXT NOT NULL,
    last_synced_at TEXT NOT NULL,
    UNIQUE(service, external_id)
);
CREATE INDEX idx_external_links_issue ON external_links(issue_id);`,
  },
  {
    // The Issues view's group counts (IssueRepository.counts, after every change to an incident) group by status
    // and severity: without an index holding both, SQLite reads every issue row, ~0.8 s at 100,000 issues; with it,
    // ~11 ms (it reads this index alone).
    name: '028_issues_counts_index',
    sql: `CREATE INDEX IF NOT EXISTS idx_issues_status_severity ON issues(status, severity);`,
  },
  {
    // MCP discovery (docs/storage.md "MCP servers"): whether the server declared a tool read-only (its
    // annotations.readOnlyHint — the chat calls those without asking), and a resource's MIME type (text or not).
    name: '029_mcp_discovery_details',
    sql: `ALTER TABLE mcp_tools ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mcp_resources ADD COLUMN mime_type TEXT;`,
  },
  {
    // A log's patterns (docs/patterns.md), mined when it is attached or on first use: one set row per mined log,
    // one row per pattern with its line list and per-minute histogram as varint blobs, so listing a log's patterns
    // reads only these rows and highlighting one pattern's lines reads one blob, never the log.
    name: '030_log_patterns',
    sql: `CREATE TABLE log_pattern_sets (
    log_file_id TEXT PRIMARY KEY REFERENCES log_files(id) ON DELETE CASCADE,
    miner_version INTEGER NOT NULL,
    format TEXT NOT NULL,
    line_count INTEGER NOT NULL,
    zoned INTEGER CHECK (zoned IN (0, 1)),
    bucket_minutes INTEGER NOT NULL DEFAULT 1,
    mined_at TEXT NOT NULL
);
CREATE TABLE log_patterns (
    log_file_id TEXT NOT NULL REFERENCES log_pattern_sets(log_file_id) ON DELETE CASCADE,
    pattern_index INTEGER NOT NULL,
    template TEXT NOT NULL,
    line_count INTEGER NOT NULL,
    level TEXT,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL,
    first_ts INTEGER,
    last_ts INTEGER,
    histogram_start INTEGER,
    histogram BLOB NOT NULL,
    lines BLOB NOT NULL,
    is_other INTEGER NOT NULL DEFAULT 0 CHECK (is_other IN (0, 1)),
    PRIMARY KEY (log_file_id, pattern_index)
) WITHOUT ROWID;`,
  },
  {
    // MCP tools in the assistant's chat (docs/storage.md "MCP tool calls in the chat"): each call the model asked
    // for, with its arguments and result as redacted by the gate (never the raw text), what came of it and how long
    // it took; a turn names one answer's tool exchange, which the gate sends back to the model. And the tools the
    // user allowed "always" (per server and tool; revocable; gone with the server).
    name: '031_ai_tool_calls',
    sql: `CREATE TABLE ai_tool_calls (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES ai_conversations(id) ON DELETE CASCADE,
    user_message_id TEXT NOT NULL REFERENCES ai_messages(id) ON DELETE CASCADE,
    turn_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    call_id TEXT NOT NULL,
    tool_name TEXT NOT NULL,
    server_id TEXT NOT NULL,
    server_name TEXT NOT NULL,
    tool TEXT NOT NULL,
    arguments TEXT NOT NULL,
    result TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK(outcome IN ('ok','error','denied','failed','cancelled')),
    duration_ms INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_ai_tool_calls_turn ON ai_tool_calls(turn_id, round);
CREATE INDEX idx_ai_tool_calls_conversation ON ai_tool_calls(conversation_id);
CREATE TABLE mcp_tool_approvals (
    server_id TEXT NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE,
    tool TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (server_id, tool)
);`,
  },
  {
    // A large log's gzip in rows of 4 MiB instead of the seed's one content_compressed value (docs/storage.md
    // "Large logs' content"), written while the log streams in under a staging row, adopted by the attach's
    // transaction. No foreign key (the chunks exist before their log row): a trigger removes them with their log.
    name: '032_log_content_chunks',
    sql: `CREATE TABLE log_content_chunks (
    log_file_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (log_file_id, seq)
);
CREATE TABLE log_content_staging (
    log_file_id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL
);
CREATE TRIGGER log_content_chunks_with_log AFTER DELETE ON log_files BEGIN
    DELETE FROM log_content_chunks WHERE log_file_id = old.id;
END;`,
  },
];
