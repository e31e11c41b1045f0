// Loads the official SQLite WASM build once per thread. The wasm file is read from next to the running bundle
// (dist/sqlite3.wasm, also in the packaged .vsix) or, in tests and scripts, from the npm package.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;

/** Emscripten's module options; the package's typings declare none, though the build reads them. */
interface ModuleOptions {
  wasmBinary: Uint8Array;
  print(text: string): void;
  printErr(text: string): void;
}
const initModule = sqlite3InitModule as unknown as (options: ModuleOptions) => Promise<Sqlite3>;

let loading: Promise<Sqlite3> | undefined;

export function wasmPath(): string {
  const beside = path.join(__dirname, 'sqlite3.wasm');
  if (existsSync(beside)) return beside;
  return createRequire(__filename).resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm');
}

/** The SQLite module; the first call compiles the wasm (tens of milliseconds), later calls share it. */
export function loadSqlite(): Promise<Sqlite3> {
  // The build reports every failed statement on the console as a warning; our callers get typed errors instead.
  const quiet = () => undefined;
  (globalThis as { sqlite3ApiConfig?: object }).sqlite3ApiConfig = { warn: quiet, debug: quiet, log: quiet };
  loading ??= initModule({
    wasmBinary: readFileSync(wasmPath()),
    // The build prints its warnings (e.g. missing OPFS in Node) through these: keep the host's console clean.
    print: () => undefined,
    printErr: () => undefined,
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
