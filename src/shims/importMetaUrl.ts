// esbuild injects this into every CommonJS bundle: the SQLite WASM build (ESM) reads import.meta.url.
import { pathToFileURL } from 'node:url';

export const import_meta_url = pathToFileURL(__filename).href;
