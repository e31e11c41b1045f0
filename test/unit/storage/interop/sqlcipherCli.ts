// The real `sqlcipher` CLI (SQLCipher 4.6.1) as an independent reader and writer of our files: every interop
// assertion goes through it. Each call is one process fed SQL on stdin; any error (exit code or stderr) throws.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { DatabaseKey } from '../../../../src/storage/cipher/databaseKey';
import { rawKeyLiteral } from '../../../../src/storage/cipher/databaseKey';

export type CliKey = Exclude<DatabaseKey, { kind: 'plain' }>;

export interface CliOptions {
  key: CliKey;
  /** SQLCipher needs to be told a non-default cipher page size (the desktop app's 16384). */
  cipherPageSize?: 4096 | 16384;
}

/** The CLI's path, or undefined when it is not installed (tests then skip, saying so). */
export function findSqlcipher(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'sqlcipher');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const SKIP_MESSAGE = 'the sqlcipher CLI (SQLCipher 4.x) is not on PATH — install it as .ci/install-system.sh does';

/** `PRAGMA key` as the CLI takes it: a quoted passphrase, or the raw-key literal x'…' in double quotes. */
export function keyPragma(key: CliKey): string {
  return key.kind === 'raw' ? `PRAGMA key = "${rawKeyLiteral(key.key)}";` : `PRAGMA key = '${key.passphrase.replace(/'/g, "''")}';`;
}

/**
 * Runs a script after keying the database ('plain': no key, the CLI then reads and writes plain SQLite); returns
 * stdout. Throws with the CLI's stderr on any failure.
 */
export function runSqlcipher(file: string, options: CliOptions | 'plain', script: string): string {
  const cli = findSqlcipher();
  if (!cli) throw new Error(SKIP_MESSAGE);
  const keyed = options !== 'plain';
  const input = [
    '.bail on',
    '.output /dev/null', // PRAGMA key answers "ok": keep it out of the results
    keyed ? keyPragma(options.key) : '',
    keyed && options.cipherPageSize ? `PRAGMA cipher_page_size = ${options.cipherPageSize};` : '',
    '.output stdout',
    script,
    '',
  ].join('\n');
  const result = spawnSync(cli, ['-batch', '-bail', file], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0 || result.stderr.trim() !== '') {
    throw new Error(`sqlcipher exited with ${result.status} on ${path.basename(file)}: ${result.stderr.trim() || '(no stderr)'}`);
  }
  return result.stdout;
}

/** One query's rows through `.mode json` (an empty result prints nothing). */
export function cliQuery(file: string, options: CliOptions, sql: string): Record<string, unknown>[] {
  const out = runSqlcipher(file, options, `.mode json\n${sql.trim().replace(/;$/, '')};`).trim();
  return out === '' ? [] : (JSON.parse(out) as Record<string, unknown>[]);
}

/** Both checks the issue asks for: cipher_integrity_check prints nothing, integrity_check says ok. */
export function assertCliIntegrity(file: string, options: CliOptions): void {
  const cipher = cliQuery(file, options, 'PRAGMA cipher_integrity_check');
  if (cipher.length !== 0) throw new Error(`cipher_integrity_check on ${path.basename(file)}: ${JSON.stringify(cipher)}`);
  const integrity = cliQuery(file, options, 'PRAGMA integrity_check');
  if (JSON.stringify(integrity) !== JSON.stringify([{ integrity_check: 'ok' }])) {
    throw new Error(`integrity_check on ${path.basename(file)}: ${JSON.stringify(integrity)}`);
  }
}

/**
 * A SELECT that renders every value as `type:exact text` (integers in decimal, text and blobs as hex bytes), so
 * both engines' dumps of the same table compare as plain strings, NULLs, 64-bit integers, unicode and BLOBs
 * included — JSON numbers would lose 64-bit precision. Reals: SQLite's float formatting changed between 3.46
 * (the CLI) and ours in the 17th digit, so a real that is a multiple of 2^-21 (all our test reals) is rendered
 * exactly as that integer multiple; any other real with 15 digits.
 */
export function canonicalSelect(table: string, columns: readonly string[], orderBy: string): string {
  const canon = (column: string) => {
    const c = `"${column}"`;
    const scaled = `(${c} * 2097152.0)`;
    const real = `CASE WHEN abs(${scaled}) < 4503599627370496 AND ${scaled} = CAST(${scaled} AS INTEGER) THEN CAST(${scaled} AS INTEGER) || '/2^21' ELSE printf('%!.15g', ${c}) END`;
    return `typeof(${c}) || ':' || CASE typeof(${c}) WHEN 'integer' THEN CAST(${c} AS TEXT) WHEN 'real' THEN ${real} WHEN 'null' THEN '' ELSE hex(${c}) END AS ${c}`;
  };
  return `SELECT ${columns.map(canon).join(', ')} FROM "${table}" ORDER BY ${orderBy}`;
}
