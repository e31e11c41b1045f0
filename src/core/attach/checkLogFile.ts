// The checks a log file passes before any byte of it is stored — the same for the extension's Attach Log and
// `trcaa-db attach`: it exists and is a regular file, it is not empty, not over the size cap, and its first 8 KB
// are text in an encoding TRCAA reads. Only the head is read.
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { binaryHint, overCap, SNIFF_BYTES, sniffText } from './attachHelpers';

/** A file refused before attaching: `code` is EMPTY, BINARY, TOO_LARGE, FILE_UNREADABLE, NOT_A_FILE or UNSUPPORTED_ENCODING. */
export class LogFileRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const gone = (name: string) => new LogFileRefusal('FILE_UNREADABLE', `${name} could not be read: it no longer exists (moved or deleted since it was picked). Nothing was stored.`);

/** Reads at most the first 8 KB: enough to tell text from binary without loading the file. */
export async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The real file to read (a symlink read through to its target), its name and size; throws LogFileRefusal. */
export async function checkLogFile(file: string, cap: number): Promise<{ real: string; fileName: string; size: number }> {
  const fileName = path.basename(file);
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw gone(fileName);
    throw new LogFileRefusal('FILE_UNREADABLE', `${fileName} could not be read: ${errorText(error)}`);
  }
  const info = await stat(real).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? gone(fileName) : new LogFileRefusal('FILE_UNREADABLE', `${fileName} could not be read: ${error.message}`);
  });
  if (!info.isFile()) throw new LogFileRefusal('NOT_A_FILE', `${fileName} is not a regular file.`);
  if (info.size === 0) throw new LogFileRefusal('EMPTY', `${fileName} is empty: there is nothing to attach.`);
  const tooBig = overCap(fileName, info.size, cap);
  if (tooBig) throw new LogFileRefusal('TOO_LARGE', tooBig);
  const head = await readHead(real).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? gone(fileName) : new LogFileRefusal('FILE_UNREADABLE', `${fileName} could not be read: ${error.message}`);
  });
  const sniff = sniffText(head);
  if (sniff.kind === 'binary') throw new LogFileRefusal('BINARY', `${fileName} looks like a binary file (${sniff.reason}). ${binaryHint(fileName)}`);
  if (sniff.kind === 'refused') throw new LogFileRefusal('UNSUPPORTED_ENCODING', `${fileName} was not attached: ${sniff.reason}`);
  return { real, fileName, size: info.size };
}
