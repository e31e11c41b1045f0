import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { formatDiagnostics } from '../../../src/core/diagnostics';
import { SeededRandom } from '../../../src/core/demo/random';
import { sampleLogs } from '../../../src/core/demo/sampleLogs';

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

describe('demo sample logs', () => {
  it('are the same bytes for the same seed and differ for another seed', () => {
    const a = sampleLogs(7).map((log) => digest(log.content));
    const b = sampleLogs(7).map((log) => digest(log.content));
    const c = sampleLogs(8).map((log) => digest(log.content));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('tell the incident: errors during the outage window, and the PII real logs carry', () => {
    const logs = new Map(sampleLogs().map((log) => [log.path, log.content]));
    const payments = logs.get('logs/payments-service.log') ?? '';
    assert.match(payments, /pool exhausted/);
    assert.match(payments, /@example\.(com|org|net)/);
    assert.match(logs.get('logs/api-gateway.log') ?? '', /" 50[234] /);
    assert.match(logs.get('deploy/deploy-history.log') ?? '', /db\.pool\.size 100 -> 50/);
  });

  it('scale with the scale factor', () => {
    const small = sampleLogs(1, 0.1).reduce((n, log) => n + log.content.length, 0);
    const large = sampleLogs(1, 1).reduce((n, log) => n + log.content.length, 0);
    assert.ok(large > small * 5, `${large} vs ${small}`);
  });
});

describe('SeededRandom', () => {
  it('stays within its bounds', () => {
    const random = new SeededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const n = random.int(3, 5);
      assert.ok(n >= 3 && n <= 5);
    }
  });
});

describe('formatDiagnostics', () => {
  it('says plainly when FTS5 is missing and lists compile options only when given', () => {
    const base = {
      extensionVersion: '0.1.0', vscodeVersion: '1.100.3', extensionMode: 'Test', sqliteVersion: '3.54.1',
      sqliteSourceId: 'x', fts5: false, storageFolder: '/s', databaseFile: '/s/tftsr.db', database: { missing: true as const },
    };
    const lines = formatDiagnostics(base);
    assert.ok(lines.some((line) => line.includes('FTS5 NOT available')));
    assert.ok(!lines.some((line) => line.startsWith('SQLite compile options')));
    assert.ok(formatDiagnostics({ ...base, compileOptions: ['ENABLE_FTS5'] }).some((line) => line.includes('ENABLE_FTS5')));
  });

  it('says whether the database is encrypted, with its cipher and page size, or plain', () => {
    const base = {
      extensionVersion: '0.1.0', vscodeVersion: '1.100.3', extensionMode: 'Test', sqliteVersion: '3.54.1',
      sqliteSourceId: 'x', fts5: true, storageFolder: '/s', databaseFile: '/s/tftsr.db',
    };
    const line = (database: Parameters<typeof formatDiagnostics>[0]['database']) => formatDiagnostics({ ...base, database }).find((l) => l.startsWith('Database:'));
    assert.equal(line({ encrypted: true, opened: true, pageSize: 4096 }), 'Database: encrypted (SQLCipher 4: AES-256-CBC, HMAC-SHA512 on every page, 4096-byte pages)');
    assert.match(line({ encrypted: false, opened: true }) ?? '', /^Database: plain SQLite, NOT encrypted/);
    assert.match(line({ encrypted: true, opened: false }) ?? '', /encrypted .*, not opened yet$/);
    assert.match(line({ missing: true }) ?? '', /not created yet/);
  });
});
