import * as assert from 'node:assert/strict';
import { fillRandom, randomBytesFromPool } from '../../../src/storage/cipher/randomPool';

describe('randomPool (IVs and nonces)', () => {
  it('never hands out the same bytes twice, across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const iv = randomBytesFromPool(i % 2 ? 16 : 12).toString('hex');
      assert.ok(!seen.has(iv), `repeated ${iv}`);
      seen.add(iv);
    }
  });

  it('fills requests that straddle a refill or exceed the pool', () => {
    for (const n of [1, 4095, 4096, 4097, 10_000]) {
      const a = new Uint8Array(n);
      const b = new Uint8Array(n);
      fillRandom(a);
      fillRandom(b);
      if (n >= 16) assert.ok(!Buffer.from(a).equals(Buffer.from(b)));
      if (n >= 4096) assert.ok(a.some((byte) => byte !== 0));
    }
  });
});
