// The slice of sqlite-wasm's low-level API our VFS uses, typed by us: the package's own typings describe the
// struct members loosely (and without the `$`-prefixed raw accessors), so the VFS sees it through this view.
import type { Sqlite3 } from '../sqliteWasm';

export interface WasmStruct {
  readonly pointer: number;
  dispose(): void;
}

export interface IoMethodsStruct extends WasmStruct {
  $iVersion: number;
}

export interface VfsStruct extends WasmStruct {
  $iVersion: number;
  $szOsFile: number;
  $mxPathname: number;
  $xRandomness: number;
  $xCurrentTime: number;
  $xCurrentTimeInt64: number;
}

type Callbacks = Record<string, (...args: never[]) => number>;

export interface LowLevelApi {
  capi: Record<`SQLITE_${string}`, number> & {
    sqlite3_io_methods: new () => IoMethodsStruct;
    sqlite3_vfs: { new (pointer?: number): VfsStruct };
    sqlite3_file: { structInfo: { sizeof: number; members: { pMethods: { offset: number } } } };
    sqlite3_vfs_find(name: string | null): number;
  };
  wasm: {
    heap8u(): Uint8Array;
    poke32(pointer: number, value: number): void;
    poke64(pointer: number, value: bigint): void;
    pokePtr(pointer: number, value: number): void;
    cstrToJs(pointer: number): string;
  };
  vfs: {
    installVfs(options: { io?: { struct: IoMethodsStruct; methods: Callbacks }; vfs?: { struct: VfsStruct; methods: Callbacks; name: string } }): void;
  };
}

export function lowLevel(sqlite3: Sqlite3): LowLevelApi {
  return sqlite3 as unknown as LowLevelApi;
}
