// trcaa-db: the TRCAA database from the command line (bundled to dist/trcaa-db.js).
//   trcaa-db <command> <db-file> [args] <key option>
import { existsSync, readFileSync } from 'node:fs';
import { LogFileRefusal } from '../core/attach/checkLogFile';
import type { DatabaseKey } from '../storage/cipher/databaseKey';
import { keyFromSqlCipherString } from '../storage/cipher/databaseKey';
import type { CipherPageSize } from '../storage/cipher/fileFormat';
import { verifyPages } from '../storage/cipher/verifyPages';
import { ContentError } from '../storage/content/errors';
import { Database } from '../storage/database';
import { StorageError } from '../storage/errors';
import { importDesktopDatabase } from '../storage/import/desktopImport';
import { credentialKeyFromEnvironment } from '../storage/keys/credentialKey';
import { AuditLog } from '../storage/repositories/auditLog';
import { systemClock } from '../storage/clock';
import { migrations } from '../storage/migrations';
import { migrate } from '../storage/migrations/migrate';
import { rewriteDatabase } from '../storage/rewriteDatabase';
import { loadSqlite } from '../storage/sqliteWasm';
import type { ParsedArgs } from './cliArgs';
import { parseArgs, UsageError } from './cliArgs';
import { attachLog } from './attachLog';
import { jsonRow } from './jsonValues';
import { refusalFor, sqlcipherPragmaOf } from './sqlcipherPragmas';

const usage = `Usage: trcaa-db <command> <db-file> [args] <key option>

Commands:
  create <db-file>                  a new database with every migration the project has
  exec <db-file> <sql>              run one or more statements (or --file F); result rows as JSON lines
  check <db-file>                   SQLite integrity_check and every page's HMAC; exit 0 only when both pass
  export-json <db-file>             every table as one JSON document on stdout
  rekey <db-file> <new key option>  re-encrypt every page under a new key (new file + atomic rename)
  attach <db-file> <issue-id> <log-file>
                                    attach a log to an issue as the extension does (SHA-256, PII scan and
                                    gzip in one streamed pass, one transaction); prints the log's id, size,
                                    PII counts per type and the time as JSON. --max-size-mb N (default 200,
                                    as the setting trcaa.attach.maxLogSizeMB)
  import-desktop <db-file> <desktop-db> <desktop key option>
                                    merge a desktop TRCAA database into db-file (an existing one: run
                                    create first; the desktop file is only copied, never changed); prints
                                    the report as JSON. Its credentials come
                                    along when TRCAA_ENCRYPTION_KEY is set, re-encrypted under SHA-256 of it
                                    (VS Code reads them when it runs with the same variable)

Key options (one of):
  --key "x'<64 hex>'"               a raw 256-bit key (the recovery key)
  --passphrase-env VAR              a passphrase read from environment variable VAR
  --plain                           an unencrypted database
New key options for rekey: --new-key, --new-passphrase-env, --new-plain.
Desktop key options for import-desktop: --desktop-passphrase-env VAR, --desktop-key, --desktop-plain.
Other options: --cipher-page-size 4096|16384 (create), --busy-timeout MS.`;

function keyOption(args: ParsedArgs, prefix = ''): DatabaseKey {
  const given = ['key', 'passphrase-env', 'plain'].filter((name) => args.options.has(prefix + name));
  if (given.length !== 1) throw new UsageError(`give exactly one of --${prefix}key, --${prefix}passphrase-env, --${prefix}plain`);
  if (args.options.has(`${prefix}plain`)) return { kind: 'plain' };
  if (args.options.has(`${prefix}key`)) {
    const key = keyFromSqlCipherString(String(args.options.get(`${prefix}key`)));
    if (key.kind !== 'raw') throw new UsageError(`--${prefix}key takes a raw key x'<64 hex>'; use --${prefix}passphrase-env for a passphrase`);
    return key;
  }
  const variable = String(args.options.get(`${prefix}passphrase-env`));
  const passphrase = process.env[variable];
  if (!passphrase) throw new UsageError(`environment variable ${variable} is not set or empty`);
  return { kind: 'passphrase', passphrase };
}

function cipherPageSize(args: ParsedArgs): CipherPageSize | undefined {
  const value = args.options.get('cipher-page-size');
  if (value === undefined) return undefined;
  if (value !== '4096' && value !== '16384') throw new UsageError('--cipher-page-size is 4096 or 16384');
  return Number(value) as CipherPageSize;
}

function print(line: unknown): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['plain', 'new-plain', 'desktop-plain', 'help']);
  const [command, file, ...rest] = args.positional;
  if (args.options.has('help') || !command) {
    process.stdout.write(`${usage}\n`);
    return command || args.options.has('help') ? 0 : 2;
  }
  if (!file) throw new UsageError(`${command} needs a database file`);
  const key = keyOption(args);
  const busyTimeoutMs = args.options.has('busy-timeout') ? Number(args.options.get('busy-timeout')) : undefined;
  // Only create makes a database: any other command on a missing (say, mistyped) path stops here.
  const mustExist = () => {
    if (!existsSync(file)) throw new StorageError('IO', `${file} does not exist: only "trcaa-db create" makes a new database.`, { file });
  };
  const open = async (create: boolean) => {
    if (!create) mustExist();
    return Database.open(file, { key, create, busyTimeoutMs, cipherPageSize: cipherPageSize(args) });
  };

  switch (command) {
    case 'create': {
      const db = await open(true);
      try {
        const applied = migrate(db, migrations);
        print({ created: db.file, encrypted: db.encrypted, cipherPageSize: db.cipherPageSize ?? null, migrations: applied });
      } finally {
        db.close();
      }
      return 0;
    }
    case 'exec': {
      const sql = args.options.has('file') ? readFileSync(String(args.options.get('file')), 'utf8') : rest.join(' ');
      if (!sql.trim()) throw new UsageError('exec needs SQL (an argument or --file)');
      const db = await open(false);
      try {
        const statements = db.splitStatements(sql);
        const pragma = statements.map(sqlcipherPragmaOf).find((name) => name !== undefined);
        if (pragma) throw new UsageError(refusalFor(pragma));
        for (const statement of statements) for (const row of db.query(statement)) print(jsonRow(row));
      } finally {
        db.close();
      }
      return 0;
    }
    case 'check': {
      const db = await open(false);
      let integrity: string[];
      try {
        integrity = db.query<{ integrity_check: string }>('PRAGMA integrity_check').map((row) => row.integrity_check);
      } catch (error) {
        // A damaged page stops SQLite's check; the page check below still lists every damaged page.
        if (!(error instanceof StorageError) || error.code !== 'CORRUPT_PAGE') throw error;
        integrity = [error.message];
      } finally {
        db.close();
      }
      const pages = key.kind === 'plain' ? undefined : verifyPages(file, key);
      const ok = integrity.length === 1 && integrity[0] === 'ok' && (pages?.badPages.length ?? 0) === 0;
      print({ ok, integrity, pages: pages?.pages ?? null, badPages: pages?.badPages ?? [] });
      return ok ? 0 : 1;
    }
    case 'export-json': {
      const db = await open(false);
      try {
        const tables = db.query<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name");
        const out: Record<string, unknown[]> = {};
        // A plain SELECT walks each table's b-tree: rowid order, or key order for WITHOUT ROWID tables.
        for (const { name } of tables) out[name] = db.query(`SELECT * FROM "${name.replace(/"/g, '""')}"`).map(jsonRow);
        print({ format: 'trcaa-db export', version: 1, userVersion: db.get('PRAGMA user_version')?.user_version ?? 0, tables: out });
      } finally {
        db.close();
      }
      return 0;
    }
    case 'rekey': {
      const newKey = keyOption(args, 'new-');
      mustExist();
      const result = rewriteDatabase(await loadSqlite(), file, key, newKey, { busyTimeoutMs });
      print({ rekeyed: file, tables: result.tables, encrypted: newKey.kind !== 'plain' });
      return 0;
    }
    case 'attach': {
      const [issueId, logFile] = rest;
      if (!issueId || !logFile) throw new UsageError('attach needs an issue id and a log file');
      print(await attachLog(await open(false), issueId, logFile, args));
      return 0;
    }
    case 'import-desktop': {
      const desktopFile = rest[0];
      if (!desktopFile) throw new UsageError('import-desktop needs the desktop database file');
      const desktopKey = keyOption(args, 'desktop-');
      const credentials = credentialKeyFromEnvironment(process.env);
      const db = await open(false);
      try {
        migrate(db, migrations);
        const report = importDesktopDatabase(await loadSqlite(), { db, audit: new AuditLog(db, systemClock), credentialKey: credentials?.key }, {
          file: desktopFile,
          key: desktopKey,
          desktopCredentialKey: credentials?.key,
          onProgress: (p) => process.stderr.write(`${p.message}\n`),
        });
        print(report);
      } finally {
        db.close();
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`trcaa-db: ${error.message}\n\n${usage}\n`);
      process.exit(2);
    }
    const code = error instanceof StorageError || error instanceof ContentError || error instanceof LogFileRefusal ? ` [${error.code}]` : '';
    process.stderr.write(`trcaa-db: ${error instanceof Error ? error.message : String(error)}${code}\n`);
    process.exit(1);
  },
);
