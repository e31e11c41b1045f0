// A log with more than a million PII values attaches (no count cap: detections are stored compactly), its counts
// are right, decisions per value apply to every occurrence, and its redacted export holds no original value.
import * as assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { usePiiStore } from './piiTestStore';

const IPS_PER_LINE = 16;
const LINES = 66_000; // 1,056,000 IPv4 values
const DISTINCT = 70_000;
const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** Short lines of addresses (compact: ~12 MB for a million values); an e-mail every 100 lines. */
function writeDenseLog(file: string): { ipv4: number; emails: number; occurrencesOf: Map<string, number> } {
  const fd = openSync(file, 'w');
  const occurrencesOf = new Map<string, number>();
  let n = 0;
  let emails = 0;
  for (let line = 0; line < LINES; line += 1000) {
    const out: string[] = [];
    for (let l = line; l < line + 1000; l++) {
      const ips: string[] = [];
      for (let k = 0; k < IPS_PER_LINE; k++) {
        const value = ip((n++ * 7919) % DISTINCT);
        occurrencesOf.set(value, (occurrencesOf.get(value) ?? 0) + 1);
        ips.push(value);
      }
      if (l % 100 === 0) {
        ips.push(`to=user${l}@example.com`);
        emails++;
      }
      out.push(`${ips.join(' ')}\n`);
    }
    writeSync(fd, out.join(''));
  }
  closeSync(fd);
  return { ipv4: n, emails, occurrencesOf };
}

describe('PII at scale: a log with more than a million values', function () {
  this.timeout(300_000);
  const ctx = usePiiStore({ encrypted: true });

  it('attaches with every value counted, decides by value, and exports with no original value left', async () => {
    const { store, issueId, dir } = ctx();
    const file = path.join(dir, 'dense.log');
    const expected = writeDenseLog(file);
    assert.ok(expected.ipv4 > 1_000_000);

    const { logFile, pii } = await store.logFiles.insertFromFile(issueId, file);
    assert.deepEqual(pii?.countsByType, { Email: expected.emails, IPv4: expected.ipv4 });
    assert.deepEqual(store.piiSpans.countsByType(logFile.id), { Email: expected.emails, IPv4: expected.ipv4 });

    const summary = store.piiSpans.valueSummary(logFile.id, { piiType: 'IPv4', limit: 3 });
    assert.equal(summary.total, DISTINCT);
    assert.deepEqual(summary.types.find((t) => t.piiType === 'IPv4'), { piiType: 'IPv4', count: expected.ipv4, values: DISTINCT, keep: 0, redact: 0, pending: expected.ipv4 });
    const top = summary.values[0]!;
    assert.equal(top.count, Math.max(...expected.occurrencesOf.values()));

    // Keep every occurrence of one address; everything else is redacted on approval.
    const kept = ip(7);
    assert.equal(store.piiSpans.setDecisionForValues(logFile.id, [{ piiType: 'IPv4', value: kept }], 'keep'), expected.occurrencesOf.get(kept));
    store.logFiles.approveRedaction(logFile.id);

    // A window deep in the log holds the spans of exactly that text.
    const window = store.piiSpans.spansInRange(logFile.id, 6_000_000, 6_000_400);
    assert.ok(window.length >= 30 && window.every((s) => s.startOffset < 6_000_400 && s.endOffset > 6_000_000));

    const out = path.join(dir, 'export.log');
    await store.egress.releaseToFile({ logIds: [logFile.id], destination: 'export' }, out);
    const exported = readFileSync(out, 'utf8');
    const addresses = exported.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? [];
    assert.equal(addresses.length, expected.occurrencesOf.get(kept), 'only the kept address is left');
    assert.ok(addresses.every((a) => a === kept));
    assert.ok(!/@example\.com/.test(exported), 'no e-mail left');
    assert.equal(exported.split('[IPv4]').length - 1, expected.ipv4 - (expected.occurrencesOf.get(kept) ?? 0));
    assert.equal(exported.split('[Email]').length - 1, expected.emails);
  });
});
