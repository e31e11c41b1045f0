// Seeded test rows that exercise every SQLite storage class: NULL, 64-bit integers of every serial-type width,
// dyadic reals (exact in decimal, so the CLI parses them back bit for bit), unicode text, BLOBs, and values
// bigger than a page (overflow chains). A JS model of the table is the expected answer for both engines.
import { SeededRandom } from '../../../../src/core/demo/random';
import type { Database, SqlValue } from '../../../../src/storage/database';

export const ITEM_COLUMNS = ['id', 'txt', 'blb', 'num', 'real', 'v'] as const;
export const CREATE_ITEMS = 'CREATE TABLE items(id INTEGER PRIMARY KEY, txt TEXT, blb BLOB, num INTEGER, real REAL, v)';
export type ItemRow = [id: number, txt: string | null, blb: Uint8Array | null, num: bigint | null, real: number | null, v: SqlValue];

const PIECES = [
  'plain ascii',
  'héllo wörld',
  '日本語のテキスト',
  'emoji 😀🚀👩‍👩‍👧',
  'עברית',
  'Ελληνικά',
  'e\u0301 combining',
  'tab\tand\nnewline',
  `quote ' and "double"`,
  '\u{10FFFD} plane 16',
  'ｆｕｌｌ ｗｉｄｔｈ',
  '',
];

export class RowGenerator {
  readonly random: SeededRandom;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  text(pieces = this.random.int(0, 4)): string {
    const parts: string[] = [];
    for (let i = 0; i < pieces; i++) parts.push(this.random.pick(PIECES));
    return parts.join(' ');
  }

  blob(maxLength: number): Uint8Array {
    const out = new Uint8Array(this.random.int(0, maxLength));
    for (let i = 0; i < out.length; i++) out[i] = this.random.int(0, 255);
    return out;
  }

  /** Integers across all serial-type widths (1…8 bytes, and the literals 0 and 1), both signs, the extremes. */
  integer(): bigint {
    const special = [0n, 1n, -1n, 9223372036854775807n, -9223372036854775808n, 2n ** 53n + 1n, -(2n ** 53n) - 1n];
    if (this.random.chance(0.15)) return this.random.pick(special);
    const bits = this.random.int(1, 62);
    const magnitude = BigInt(Math.floor(this.random.next() * 2 ** 30)) * 2n ** BigInt(Math.max(0, bits - 30)) + BigInt(this.random.int(0, 1000));
    return this.random.chance(0.5) ? -magnitude : magnitude;
  }

  /** Never an integer (so a read-back number is unambiguous) and exact in binary. */
  real(): number {
    return (this.random.int(-(2 ** 30), 2 ** 30) + 0.5) / 2 ** this.random.int(0, 20);
  }

  anyValue(): SqlValue {
    switch (this.random.int(0, 4)) {
      case 0:
        return null;
      case 1:
        return this.integer();
      case 2:
        return this.real();
      case 3:
        return this.text();
      default:
        return this.blob(64);
    }
  }

  maybe<T>(value: () => T, nullChance = 0.15): T | null {
    return this.random.chance(nullChance) ? null : value();
  }

  /** A row; `big` makes its text and BLOB larger than a 4096-byte page (and than a 16384-byte one). */
  row(id: number, big = false): ItemRow {
    const txt = big ? this.text(2500) : this.maybe(() => this.text());
    const blb = big ? this.blob(40_000) : this.maybe(() => this.blob(300));
    return [id, txt, blb, this.maybe(() => this.integer()), this.maybe(() => this.real()), this.anyValue()];
  }
}

/** One value as `type:exact` — the form in which a model row and a row read by an engine are compared. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `blob:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (typeof value === 'string') return `text:${value}`;
  if (typeof value === 'bigint') return `integer:${value}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `integer:${value}` : `real:${value}`;
  return `unexpected ${typeof value}: ${String(value)}`;
}

export class ItemsModel {
  readonly rows = new Map<number, ItemRow>();

  insert(db: Database, row: ItemRow): void {
    db.exec('INSERT INTO items(id, txt, blb, num, real, v) VALUES (?, ?, ?, ?, ?, ?)', row);
    this.rows.set(row[0], row);
  }

  update(db: Database, row: ItemRow): void {
    db.exec('UPDATE items SET txt = ?2, blb = ?3, num = ?4, real = ?5, v = ?6 WHERE id = ?1', row);
    if (this.rows.has(row[0])) this.rows.set(row[0], row);
  }

  delete(db: Database, id: number): void {
    db.exec('DELETE FROM items WHERE id = ?', [id]);
    this.rows.delete(id);
  }

  /** The expected table, as describeValue strings in id order. */
  expected(): string[][] {
    return [...this.rows.values()].sort((a, b) => a[0] - b[0]).map((row) => row.map(describeValue));
  }
}

/** What our engine reads from items, in the same form as ItemsModel.expected(). */
export function readItems(db: Database): string[][] {
  return db.query(`SELECT ${ITEM_COLUMNS.join(', ')} FROM items ORDER BY id`).map((row) => ITEM_COLUMNS.map((column) => describeValue(row[column])));
}

/** A SQL literal the CLI parses back to exactly this value. */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex')}'`;
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

export function insertStatement(table: string, row: readonly SqlValue[]): string {
  return `INSERT INTO ${table} VALUES (${row.map(sqlLiteral).join(', ')});`;
}
