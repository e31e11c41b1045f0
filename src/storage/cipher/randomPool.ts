// Fresh random bytes for page IVs and journal nonces, drawn from node:crypto's CSPRNG 4 KiB at a time. A
// randomBytes() call costs a few microseconds whatever its size — as much as a fifth of encrypting a page — while a
// copy out of a pool costs almost nothing. IVs and nonces are stored in the clear next to what they encrypt, so
// holding the next few hundred of them in memory reveals nothing; each byte is handed out once.
import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let used = POOL_SIZE;

/** Fills `dest` (at most 4096 bytes) with fresh random bytes. */
export function fillRandom(dest: Uint8Array): void {
  if (dest.length > POOL_SIZE) {
    randomFillSync(dest);
    return;
  }
  if (used + dest.length > POOL_SIZE) {
    randomFillSync(pool);
    used = 0;
  }
  dest.set(pool.subarray(used, used + dest.length));
  used += dest.length;
}

/** `n` fresh random bytes in a new Buffer. */
export function randomBytesFromPool(n: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  fillRandom(out);
  return out;
}
