// No plaintext at rest: canary strings and a canary BLOB written in a transaction must be in no file of the
// storage folder — not while the transaction is open (a 10-page cache makes SQLite spill pages into the database
// file and fill a hot journal mid-transaction), not after COMMIT, not after close — in UTF-8, UTF-16LE or UTF-16BE
// (the WASM build omits UTF-16 databases, so UTF-16 text could only come from a bug; it is looked for all the same).
// The same procedure on a plain database must find them (the control), or the scan would prove nothing.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { SeededRandom } from '../../../src/core/demo/random';
import type { DatabaseKey } from '../../../src/storage/cipher/databaseKey';
import { Database } from '../../../src/storage/database';
import { listFiles } from './interop/storageFolder';
import { useTempDir } from './testFiles';

const random = new SeededRandom(0xca9a27);
const CANARIES = ['CANARY-7f3a9c-plaintext-must-never-reach-the-disk', 'kanarie-ünïcødé-日本語-🐤-at-rest'];
const OLD_CANARY = 'CANARY-OLD-committed-before-then-updated-e91b';
const CANARY_BLOB = Buffer.from(Array.from({ length: 48 }, () => random.int(0, 255)));

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/** Every form a canary could take on disk: SQLite stores text as UTF-8 or UTF-16 (either byte order). */
const NEEDLES: { name: string; bytes: Buffer }[] = [
  ...[...CANARIES, OLD_CANARY].flatMap((text) => [
    { name: `${text} (UTF-8)`, bytes: Buffer.from(text, 'utf8') },
    { name: `${text} (UTF-16LE)`, bytes: Buffer.from(text, 'utf16le') },
    { name: `${text} (UTF-16BE)`, bytes: utf16be(text) },
  ]),
  { name: 'the canary BLOB', bytes: CANARY_BLOB },
];

/** Which needles are in which file of the folder (every file, recursively: journals, lock records, anything). */
function scan(dir: string): string[] {
  const hits: string[] = [];
  for (const name of listFiles(dir)) {
    const bytes = readFileSync(path.join(dir, name));
    for (const needle of NEEDLES) if (bytes.includes(needle.bytes)) hits.push(`${needle.name} in ${name}`);
  }
  return hits;
}

/** Files this process has open (Linux), to see where SQLite's side files go. */
function openFiles(): Set<string> | undefined {
  if (!existsSync('/proc/self/fd')) return undefined;
  const targets = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      targets.add(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed meanwhile (the fd of readdir itself)
    }
  }
  return targets;
}

interface Observation {
  /** What the scan found after the first rows were committed, while the transaction was open, after COMMIT, after close. */
  committed: string[];
  midTransaction: string[];
  afterCommit: string[];
  afterClose: string[];
  journalMidTransaction: number;
  databaseChangedMidTransaction: boolean;
  filesOpenedElsewhere: string[];
  ivs: IvWatch;
}

const PAGE = 4096;
const JOURNAL_MAGIC = Buffer.from('d9d505f920a163d7', 'hex');

/**
 * Remembers every page IV of the database file and every nonce of the journal seen on disk, with the bytes they
 * protected: one IV on two different ciphertexts would mean randomness was reused (fatal for GCM, a leak for CBC).
 */
class IvWatch {
  private readonly seen = new Map<string, string>();
  readonly reused: string[] = [];
  sightings = 0;

  /** `unit`-byte pages or blocks of `file`, each with its IV at [ivStart, ivEnd). */
  look(kind: string, bytes: Buffer, unit: number, ivStart: number, ivEnd: number): void {
    for (let at = 0; at + ivEnd <= bytes.length; at += unit) {
      const iv = `${kind}:${bytes.subarray(at + ivStart, at + ivEnd).toString('hex')}`;
      const content = createHash('sha256').update(bytes.subarray(at, at + unit)).digest('hex');
      const earlier = this.seen.get(iv);
      if (earlier !== undefined && earlier !== content) this.reused.push(iv);
      this.seen.set(iv, content);
      this.sightings++;
    }
  }

  /**
   * SQLCipher pages: IV at bytes 4016-4031. The journal (SQLCipher's layout, sqlcipherJournalFile.ts): after each
   * sector-long header, records `pgno[4] ‖ page ‖ cksum[4]` whose page carries its IV at the same place; a synced
   * segment holds nRec of them, the last (unsynced) one runs to the end of the file.
   */
  snapshot(file: string): void {
    if (existsSync(file)) this.look('page', readFileSync(file), PAGE, PAGE - 80, PAGE - 64);
    if (existsSync(`${file}-journal`)) this.lookJournal(readFileSync(`${file}-journal`));
  }

  private lookJournal(bytes: Buffer): void {
    if (bytes.length < 28) return;
    const sector = bytes.readUInt32BE(20);
    for (let segment = 0; segment + sector <= bytes.length; ) {
      const synced = bytes.subarray(segment, segment + 8).equals(JOURNAL_MAGIC);
      const records = synced ? bytes.readUInt32BE(segment + 8) : Infinity;
      let at = segment + sector;
      for (let i = 0; i < records && at + PAGE + 8 <= bytes.length; i++, at += PAGE + 8) this.look('journal', bytes.subarray(at + 4, at + 4 + PAGE), PAGE, PAGE - 80, PAGE - 64);
      if (!synced) break;
      segment = Math.ceil(at / sector) * sector;
    }
  }
}

function filler(n: number): string {
  return createHash('sha256').update(`filler ${n}`).digest('hex').repeat(6);
}

/** The scenario: committed rows (one holding OLD_CANARY), then a big transaction writing the canaries. */
async function writeCanaries(file: string, key: DatabaseKey): Promise<Observation> {
  const dir = path.dirname(file);
  const ivs = new IvWatch();
  const db = await Database.open(file, { key });
  try {
    db.exec('CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, body TEXT, data BLOB); CREATE INDEX IF NOT EXISTS t_body ON t(body)');
    db.transaction(() => {
      for (let i = 0; i < 300; i++) db.exec('INSERT INTO t(body, data) VALUES (?, ?)', [filler(i), Buffer.from(filler(-i))]);
      db.exec('INSERT INTO t(id, body) VALUES (1000000, ?)', [OLD_CANARY]);
    });
    const committed = scan(dir);
    ivs.snapshot(file);

    db.exec('PRAGMA cache_size = 10'); // SQLite spills dirty pages to the database file mid-transaction
    const before = readFileSync(file);
    const filesBefore = openFiles();
    db.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 400; i++) {
      const body = `${CANARIES[i % 2]} ${filler(i)} ${CANARIES[(i + 1) % 2]}`;
      db.exec('INSERT INTO t(body, data) VALUES (?, ?)', [body, Buffer.concat([CANARY_BLOB, Buffer.from(filler(i))])]);
      if (i % 50 === 49) ivs.snapshot(file);
    }
    // Rewriting committed rows puts their old pages, OLD_CANARY's among them, into the journal.
    db.exec("UPDATE t SET body = body || ' updated' WHERE id <= 300 OR id = 1000000");
    assert.ok(db.inTransaction);
    ivs.snapshot(file);
    const journal = `${file}-journal`;
    const filesDuring = openFiles();
    const observation: Observation = {
      committed,
      midTransaction: scan(dir),
      afterCommit: [],
      afterClose: [],
      journalMidTransaction: existsSync(journal) ? statSync(journal).size : 0,
      databaseChangedMidTransaction: !readFileSync(file).equals(before),
      filesOpenedElsewhere: filesBefore && filesDuring ? [...filesDuring].filter((f) => !filesBefore.has(f) && f.startsWith('/') && !f.startsWith(`${dir}/`)) : [],
      ivs,
    };
    db.exec('COMMIT');
    observation.afterCommit = scan(dir);
    ivs.snapshot(file);
    // The canaries really were written (so finding none on disk means something).
    assert.equal(db.get('SELECT count(*) AS n FROM t WHERE instr(body, ?) > 0', [CANARIES[0] as string])?.n, 400);
    assert.equal(db.get('SELECT count(*) AS n FROM t WHERE instr(data, ?) = 1', [CANARY_BLOB])?.n, 400);
    db.close();
    observation.afterClose = scan(dir);
    return observation;
  } finally {
    db.close(); // idempotent: only matters when an assertion failed above
  }
}

describe('no plaintext at rest', function () {
  this.timeout(60_000);
  const dir = useTempDir('trcaa-at-rest-');

  function assertCovered(observation: Observation): void {
    // The scan must have looked at the risky moment: pages in the journal and spilled into the database file.
    assert.ok(observation.journalMidTransaction > 0, 'a journal exists mid-transaction');
    assert.ok(observation.databaseChangedMidTransaction, 'SQLite spilled pages into the database file mid-transaction');
  }

  it('finds no canary in any file while the transaction is open, after COMMIT and after close (passphrase)', async () => {
    const observation = await writeCanaries(path.join(dir(), 'tftsr.db'), { kind: 'passphrase', passphrase: 'at rest' });
    assertCovered(observation);
    assert.deepEqual(observation.committed, [], 'nothing in plaintext after the first commit');
    assert.deepEqual(observation.midTransaction, [], 'nothing in plaintext while the transaction is open');
    assert.deepEqual(observation.afterCommit, [], 'nothing in plaintext after COMMIT');
    assert.deepEqual(observation.afterClose, [], 'nothing in plaintext after close');
    assert.deepEqual(observation.filesOpenedElsewhere, [], 'no side file outside the storage folder (temp files stay in memory)');
  });

  it('never reuses a page IV or a journal nonce for different bytes', async () => {
    const observation = await writeCanaries(path.join(dir(), 'tftsr.db'), { kind: 'raw', key: createHash('sha256').update('ivs').digest() });
    assert.ok(observation.ivs.sightings > 1000, `pages and journal blocks were looked at (${observation.ivs.sightings})`);
    assert.deepEqual(observation.ivs.reused, []);
    // Control: the watch does notice a reused IV.
    const watch = new IvWatch();
    const page = Buffer.alloc(PAGE, 1);
    watch.look('page', page, PAGE, PAGE - 80, PAGE - 64);
    page[10] = 2;
    watch.look('page', page, PAGE, PAGE - 80, PAGE - 64);
    assert.equal(watch.reused.length, 1);
  });

  it('the same with a raw key', async () => {
    const observation = await writeCanaries(path.join(dir(), 'tftsr.db'), { kind: 'raw', key: createHash('sha256').update('at rest').digest() });
    assertCovered(observation);
    assert.deepEqual([...observation.committed, ...observation.midTransaction, ...observation.afterCommit, ...observation.afterClose], []);
  });

  it('control: the same scan finds the canaries in a plain database, mid-transaction and after COMMIT', async () => {
    const observation = await writeCanaries(path.join(dir(), 'tftsr.db'), { kind: 'plain' });
    assertCovered(observation);
    assert.ok(observation.midTransaction.some((hit) => hit.includes(`${CANARIES[0]} (UTF-8) in tftsr.db`)), 'spilled new rows in the database file');
    assert.ok(observation.midTransaction.some((hit) => hit.includes(`${OLD_CANARY} (UTF-8) in tftsr.db-journal`)), 'old pages in the journal');
    assert.ok(observation.midTransaction.some((hit) => hit.startsWith('the canary BLOB')));
    assert.ok(observation.afterCommit.some((hit) => hit.includes(`${CANARIES[1]} (UTF-8) in tftsr.db`)));
  });
});
