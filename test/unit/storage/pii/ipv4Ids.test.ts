// IPv4 values' dictionary ids by number: the same ids as a plain map of strings would give, for every spelling.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DetectionSet } from '../../../../src/storage/pii/detectionSet';
import { Ipv4Ids, ipv4Number } from '../../../../src/storage/pii/ipv4Ids';

describe('IPv4 ids by number', () => {
  it('gives a canonical dotted quad its number, and every other spelling none', () => {
    assert.equal(ipv4Number('0.0.0.0'), 0);
    assert.equal(ipv4Number('10.1.2.3'), 0x0a010203);
    assert.equal(ipv4Number('255.255.255.255'), 0xffffffff);
    assert.equal(ipv4Number('192.168.100.200'), 0xc0a864c8);
    for (const odd of ['010.1.2.3', '10.01.2.3', '1.2.3.00', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '', '1.2.3.4 ', 'a.b.c.d', '1.2.3.４']) {
      assert.equal(ipv4Number(odd), -1, JSON.stringify(odd));
    }
  });

  it('finds what was set, nothing else, through any number of growths', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 5000 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 200 }), (keys, probes) => {
        const table = new Ipv4Ids();
        const reference = new Map<number, number>();
        keys.forEach((key, id) => {
          table.set(key, id);
          reference.set(key, id);
        });
        for (const key of [...keys, ...probes]) assert.equal(table.get(key), reference.get(key));
      }),
      { numRuns: 30 },
    );
  });

  it('a detection set gives each distinct (type, value) one id, whatever the spelling, as a string map would', () => {
    const ip = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.constantFrom('', '0', '00'), fc.integer({ min: 0, max: 3 })).map(([n, pad, last]) => `${pad}${n}.0.${last}.7`);
    const detection = fc.tuple(fc.constantFrom('IPv4', 'IPv4', 'Hostname'), ip);
    fc.assert(
      fc.property(fc.array(detection, { minLength: 1, maxLength: 400 }), (found) => {
        const set = new DetectionSet();
        const ids = new Map<string, number>();
        const counts: number[] = [];
        found.forEach(([type, value], i) => {
          set.add(type, i * 20, i * 20 + value.length, value, `[${type}]`);
          const key = `${type}\u0000${value}`;
          if (!ids.has(key)) ids.set(key, ids.size);
          const id = ids.get(key) as number;
          counts[id] = (counts[id] ?? 0) + 1;
        });
        set.finish();
        assert.deepEqual(set.values.map((v) => `${v.type}\u0000${v.value}`), [...ids.keys()]);
        assert.deepEqual(set.values.map((v) => v.occurrences), counts);
        assert.deepEqual([...set.spans()].map((s) => [s.type, s.value]), found);
      }),
      { numRuns: 100 },
    );
  });
});
