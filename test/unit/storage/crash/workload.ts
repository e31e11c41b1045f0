// The crash-test workload, shared by the writer child (which runs it against the database) and the parent (which
// replays it on a JS model). Transaction k's operations depend only on (seed, k), so after a crash the database
// must equal the model after exactly N transactions, where acks(1..N) is what the database says was committed:
// every acknowledged transaction is there, and no other transaction is there even in part.
import { createHash } from 'node:crypto';
import { SeededRandom } from '../../../../src/core/demo/random';
import type { Database } from '../../../../src/storage/database';

export const SCHEMA = `
  CREATE TABLE IF NOT EXISTS acks(txn INTEGER PRIMARY KEY, checksum TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS data(id INTEGER PRIMARY KEY, txn INTEGER NOT NULL, val TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS data_txn ON data(txn);`;

export type Op =
  | { op: 'insert'; id: number; val: string }
  | { op: 'update'; id: number; val: string }
  | { op: 'delete'; id: number }
  /** Rewrites every row with id % m = x: touches pages all over the table, so the journal holds many. */
  | { op: 'bulk'; m: number; x: number; prefix: string }
  /** Deletes rows last written before transaction `below`: keeps the database a few MB at most. */
  | { op: 'prune'; below: number };

export interface Transaction {
  txn: number;
  big: boolean;
  ops: Op[];
  checksum: string;
}

function filler(seed: number, txn: number, j: number, length: number): string {
  const unit = createHash('sha256').update(`${seed}:${txn}:${j}`).digest('base64');
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Transaction `txn` of the workload: mostly a few small changes, sometimes a big one (hundreds of pages). */
export function transaction(seed: number, txn: number): Transaction {
  const random = new SeededRandom((seed * 0x9e3779b1) ^ Math.imul(txn, 0x85ebca6b));
  const ops: Op[] = [];
  let j = 0;
  const earlierId = () => Math.max(1, txn - random.int(1, 120)) * 1000 + random.int(0, 12);
  const big = txn % 25 === 3 || random.chance(0.06);
  if (big) {
    for (let n = random.int(40, 140); n > 0; n--, j++) ops.push({ op: 'insert', id: txn * 1000 + j, val: filler(seed, txn, j, random.int(100, 1600)) });
    ops.push({ op: 'bulk', m: random.int(3, 7), x: random.int(0, 2), prefix: filler(seed, txn, 999, random.int(10, 300)) });
    for (let n = random.int(0, 20); n > 0; n--) ops.push({ op: 'delete', id: earlierId() });
  } else {
    for (let n = random.int(1, 16); n > 0; n--) {
      const kind = random.int(0, 9);
      if (kind <= 4) {
        ops.push({ op: 'insert', id: txn * 1000 + j, val: filler(seed, txn, j, random.int(1, 600)) });
        j++;
      } else if (kind <= 7) ops.push({ op: 'update', id: earlierId(), val: filler(seed, txn, 500 + n, random.int(1, 900)) });
      else ops.push({ op: 'delete', id: earlierId() });
    }
  }
  if (txn % 20 === 0) ops.push({ op: 'prune', below: txn - 150 });
  const checksum = createHash('sha256').update(JSON.stringify(ops)).digest('hex').slice(0, 16);
  return { txn, big, ops, checksum };
}

/** Runs one transaction's operations and its ack row (inside the caller's transaction). */
export function apply(db: Database, t: Transaction): void {
  for (const op of t.ops) {
    switch (op.op) {
      case 'insert':
        db.exec('INSERT INTO data(id, txn, val) VALUES (?, ?, ?)', [op.id, t.txn, op.val]);
        break;
      case 'update':
        db.exec('UPDATE data SET txn = ?, val = ? WHERE id = ?', [t.txn, op.val, op.id]);
        break;
      case 'delete':
        db.exec('DELETE FROM data WHERE id = ?', [op.id]);
        break;
      case 'bulk':
        db.exec('UPDATE data SET txn = ?, val = ? || id WHERE id % ? = ?', [t.txn, op.prefix, op.m, op.x]);
        break;
      case 'prune':
        db.exec('DELETE FROM data WHERE txn < ?', [op.below]);
        break;
    }
  }
  db.exec('INSERT INTO acks(txn, checksum) VALUES (?, ?)', [t.txn, t.checksum]);
}

/** The `data` table as the workload leaves it, kept in memory by the parent. */
export class Model {
  readonly rows = new Map<number, { txn: number; val: string }>();
  /** Transactions applied so far (1…applied). */
  applied = 0;

  constructor(private readonly seed: number) {}

  advanceTo(txn: number): void {
    for (let k = this.applied + 1; k <= txn; k++) this.applyOne(transaction(this.seed, k));
  }

  private applyOne(t: Transaction): void {
    for (const op of t.ops) {
      if (op.op === 'insert') {
        if (this.rows.has(op.id)) throw new Error(`model: txn ${t.txn} inserts existing id ${op.id}`);
        this.rows.set(op.id, { txn: t.txn, val: op.val });
      } else if (op.op === 'update') {
        if (this.rows.has(op.id)) this.rows.set(op.id, { txn: t.txn, val: op.val });
      } else if (op.op === 'delete') this.rows.delete(op.id);
      else if (op.op === 'bulk') {
        for (const id of this.rows.keys()) if (id % op.m === op.x) this.rows.set(id, { txn: t.txn, val: `${op.prefix}${id}` });
      } else {
        for (const [id, row] of this.rows) if (row.txn < op.below) this.rows.delete(id);
      }
    }
    this.applied = t.txn;
  }

  /** A digest of the table in id order, comparable with digestOf(db). */
  digest(): string {
    const hash = createHash('sha256');
    for (const id of [...this.rows.keys()].sort((a, b) => a - b)) {
      const row = this.rows.get(id) as { txn: number; val: string };
      hash.update(`${id}|${row.txn}|${row.val}\n`);
    }
    return hash.digest('hex');
  }
}

export function digestOf(db: Database): string {
  const hash = createHash('sha256');
  for (const row of db.query<{ id: number; txn: number; val: string }>('SELECT id, txn, val FROM data ORDER BY id')) {
    hash.update(`${row.id}|${row.txn}|${row.val}\n`);
  }
  return hash.digest('hex');
}
