import type { SqlValue } from '../storage/database';

/** SQL values as JSON: BLOBs as {"$blob": base64}, integers beyond 2^53 as strings. */
export function jsonValue(value: SqlValue): unknown {
  if (value instanceof Uint8Array) return { $blob: Buffer.from(value).toString('base64') };
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
}

export function jsonRow(row: Record<string, SqlValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) out[name] = jsonValue(value);
  return out;
}
