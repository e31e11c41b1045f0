// The compact detections of a log in the database (migration 025, docs/storage.md "The span store"): writing a
// scan's set, reading the detections of a window or of the whole log, and taking single detections out (a
// decision given to one occurrence moves it to a pii_spans row, so each detection lives in exactly one place).
import type { PiiDecision, PiiSpan } from '../../core/model/logFile';
import { replacementFor } from '../../core/pii/types';
import type { Database } from '../database';
import type { DecodedChunk } from './detectionCodec';
import { ChunkEncoder, decodeChunk } from './detectionCodec';
import type { DetectionSet } from './detectionSet';

export interface SetInfo {
  setId: number;
  longest: number;
}

export interface StoredValue {
  valueId: number;
  type: string;
  value: string;
  decision: PiiDecision;
}

export interface Detection {
  start: number;
  valueId: number;
}

interface ChunkRow {
  first_start: number;
  data: Uint8Array;
}

/** Values per INSERT, as one JSON text unpacked by json_each (binding row by row through WASM is slow). */
const VALUE_BATCH = 5000;

export function setOf(db: Database, logId: string): SetInfo | undefined {
  const row = db.get<{ set_id: number; longest: number }>('SELECT set_id, longest FROM pii_detection_sets WHERE log_file_id = ?', [logId]);
  return row ? { setId: row.set_id, longest: row.longest } : undefined;
}

/** Removes the log's compact detections (values and chunks go by cascade). */
export function deleteSet(db: Database, logId: string): void {
  db.exec('DELETE FROM pii_detection_sets WHERE log_file_id = ?', [logId]);
}

/**
 * Stores `set` as the log's compact detections (replacing any), each value with its decision (default pending).
 * Chunks and values as the set holds them; its plain spans are the caller's to store as rows.
 */
export function writeSet(db: Database, logId: string, set: DetectionSet, decisionOf?: (valueId: number) => PiiDecision): void {
  deleteSet(db, logId);
  if (set.detections === 0) return;
  db.exec('INSERT INTO pii_detection_sets(log_file_id, longest) VALUES (?, ?)', [logId, set.longest]);
  const setId = (db.get<{ id: number }>('SELECT last_insert_rowid() AS id') as { id: number }).id;
  for (let i = 0; i < set.values.length; i += VALUE_BATCH) {
    // [type, value, occurrences(, decision)]: the id is the batch's first plus the element's index, and a value
    // without a decision is pending — each extracted field costs SQLite a parse of the element (an attach's 50,000
    // values: a third of this insert).
    const json = JSON.stringify(set.values.slice(i, i + VALUE_BATCH).map((v, k) => {
      const decision = decisionOf?.(i + k) ?? 'pending';
      return decision === 'pending' ? [v.type, v.value, v.occurrences] : [v.type, v.value, v.occurrences, decision];
    }));
    db.exec(
      `INSERT INTO pii_values(set_id, value_id, pii_type, value, occurrences, decision)
       SELECT ?, ? + key, value ->> 0, value ->> 1, value ->> 2, coalesce(value ->> 3, 'pending') FROM json_each(?)`,
      [setId, i, json],
    );
  }
  for (const chunk of set.chunks) db.exec('INSERT INTO pii_detection_chunks(set_id, first_start, data) VALUES (?, ?, ?)', [setId, chunk.first_start, chunk.data]);
}

/** The values with these ids (all of the set's without ids). */
export function loadValues(db: Database, setId: number, ids?: Iterable<number>): Map<number, StoredValue> {
  const rows = ids
    ? db.query<{ value_id: number; pii_type: string; value: string; decision: PiiDecision }>(
        'SELECT value_id, pii_type, value, decision FROM pii_values WHERE set_id = ? AND value_id IN (SELECT value FROM json_each(?))',
        [setId, JSON.stringify([...new Set(ids)])],
      )
    : db.query<{ value_id: number; pii_type: string; value: string; decision: PiiDecision }>('SELECT value_id, pii_type, value, decision FROM pii_values WHERE set_id = ?', [setId]);
  return new Map(rows.map((r) => [r.value_id, { valueId: r.value_id, type: r.pii_type, value: r.value, decision: r.decision }]));
}

/** Every chunk of the set in text order (compressed: a few bytes a detection). */
export function allChunks(db: Database, setId: number): ChunkRow[] {
  return db.query<ChunkRow>('SELECT first_start, data FROM pii_detection_chunks WHERE set_id = ? ORDER BY first_start', [setId]);
}

/** The chunks that may hold a detection overlapping [start, end): detections never overlap, each is at most `longest` long. */
function chunksInRange(db: Database, set: SetInfo, start: number, end: number): ChunkRow[] {
  const lower = db.get<{ f: number | null }>('SELECT max(first_start) AS f FROM pii_detection_chunks WHERE set_id = ? AND first_start <= ?', [set.setId, Math.max(0, start - set.longest)])?.f ?? 0;
  return db.query<ChunkRow>('SELECT first_start, data FROM pii_detection_chunks WHERE set_id = ? AND first_start >= ? AND first_start < ? ORDER BY first_start', [set.setId, lower, end]);
}

/** The detections of `chunks`, in text order, decoded one chunk at a time. */
export function* detectionsOf(chunks: Iterable<ChunkRow>): Generator<Detection, void, undefined> {
  for (const chunk of chunks) {
    const { starts, valueIds } = decodeChunk(chunk.first_start, chunk.data);
    for (let i = 0; i < starts.length; i++) yield { start: starts[i] as number, valueId: valueIds[i] as number };
  }
}

/** The compact detections overlapping [start, end), in text order, with their values. */
export function detectionsInRange(db: Database, set: SetInfo, start: number, end: number): { detections: Detection[]; values: Map<number, StoredValue> } {
  const candidates: Detection[] = [];
  for (const chunk of chunksInRange(db, set, start, end)) {
    const { starts, valueIds } = decodedChunk(set.setId, chunk);
    // Starts are sorted: only the slice that can reach [start, end) becomes objects.
    for (let i = firstAtLeast(starts, start - set.longest + 1); i < starts.length && (starts[i] as number) < end; i++) {
      candidates.push({ start: starts[i] as number, valueId: valueIds[i] as number });
    }
  }
  const values = loadValues(db, set.setId, candidates.map((d) => d.valueId));
  const detections = candidates.filter((d) => d.start + (values.get(d.valueId) as StoredValue).value.length > start);
  return { detections, values };
}

function firstAtLeast(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Recently decoded chunks: windows next to each other (an editor scrolling, the AI gate's line groups) fall in the
 * same chunk. An entry is used only when the stored bytes are the same (compared whole), so a chunk rewritten by
 * a decision or a rescan is never answered from the cache.
 */
const decodedCache: { key: string; data: Buffer; chunk: DecodedChunk }[] = [];
const DECODED_CACHE_SIZE = 8;

function decodedChunk(setId: number, row: ChunkRow): DecodedChunk {
  const key = `${setId}:${row.first_start}`;
  const at = decodedCache.findIndex((e) => e.key === key);
  const hit = at >= 0 ? decodedCache[at] : undefined;
  if (hit && Buffer.compare(hit.data, row.data) === 0) return hit.chunk;
  if (at >= 0) decodedCache.splice(at, 1);
  const chunk = decodeChunk(row.first_start, row.data);
  decodedCache.unshift({ key, data: Buffer.from(row.data), chunk });
  if (decodedCache.length > DECODED_CACHE_SIZE) decodedCache.pop();
  return chunk;
}

// ---- Ids ------------------------------------------------------------------------------------------------------

/**
 * A compact detection's span id: its place, value and log. It stays the id of the pii_spans row the detection
 * becomes when decided one by one, so a view holding it can decide it again.
 */
export const detectionId = (logId: string, d: Detection): string => `d:${d.start}:${d.valueId}:${logId}`;

export function parseDetectionId(id: string): { logId: string; start: number; valueId: number } | undefined {
  const match = /^d:(\d{1,15}):(\d{1,10}):(.+)$/.exec(id);
  return match ? { start: Number(match[1]), valueId: Number(match[2]), logId: match[3] as string } : undefined;
}

export const detectionSpan = (logId: string, d: Detection, v: StoredValue): PiiSpan => ({
  id: detectionId(logId, d),
  logFileId: logId,
  piiType: v.type,
  startOffset: d.start,
  endOffset: d.start + v.value.length,
  originalValue: v.value,
  replacement: replacementFor(v.type),
  decision: v.decision,
});

// ---- Taking detections out --------------------------------------------------------------------------------------

/**
 * Takes these detections out of the compact set (re-encoding the chunks that held them, lowering their values'
 * counts) and returns those that were there, with their values. Call inside a write transaction.
 */
export function takeDetections(db: Database, set: SetInfo, wanted: readonly Detection[]): { taken: Detection[]; values: Map<number, StoredValue> } {
  const byChunk = new Map<number, Detection[]>();
  for (const d of wanted) {
    const first = db.get<{ f: number | null }>('SELECT max(first_start) AS f FROM pii_detection_chunks WHERE set_id = ? AND first_start <= ?', [set.setId, d.start])?.f;
    if (first === null || first === undefined) continue;
    byChunk.set(first, [...(byChunk.get(first) ?? []), d]);
  }
  const taken: Detection[] = [];
  for (const [first, targets] of byChunk) {
    const row = db.get<ChunkRow>('SELECT first_start, data FROM pii_detection_chunks WHERE set_id = ? AND first_start = ?', [set.setId, first]) as ChunkRow;
    const { starts, valueIds } = decodeChunk(row.first_start, row.data);
    const remove = new Set(targets.map((t) => `${t.start}:${t.valueId}`));
    const encoder = new ChunkEncoder();
    for (let i = 0; i < starts.length; i++) {
      const d = { start: starts[i] as number, valueId: valueIds[i] as number };
      if (remove.has(`${d.start}:${d.valueId}`)) taken.push(d);
      else encoder.add(d.start, d.valueId);
    }
    db.exec('DELETE FROM pii_detection_chunks WHERE set_id = ? AND first_start = ?', [set.setId, first]);
    if (encoder.count > 0) {
      const firstStart = encoder.firstStart;
      db.exec('INSERT INTO pii_detection_chunks(set_id, first_start, data) VALUES (?, ?, ?)', [set.setId, firstStart, encoder.encode()]);
    }
  }
  const lowered = new Map<number, number>();
  for (const d of taken) lowered.set(d.valueId, (lowered.get(d.valueId) ?? 0) + 1);
  if (lowered.size) {
    db.exec(
      'UPDATE pii_values SET occurrences = occurrences - (SELECT value ->> 1 FROM json_each(?) WHERE value ->> 0 = value_id) WHERE set_id = ? AND value_id IN (SELECT value ->> 0 FROM json_each(?))',
      [JSON.stringify([...lowered]), set.setId, JSON.stringify([...lowered])],
    );
  }
  return { taken, values: loadValues(db, set.setId, lowered.keys()) };
}
