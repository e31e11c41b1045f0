// What the command-line tools that stream their output share: a reader that goes away is no error, and a file
// that cannot be read is named in one line a person can act on.
import { LogEncodingError } from '../core/text/logEncoding';

/** `trcaa-pii redact big.log | head`: when the reader closes the pipe, the tool ends quietly with exit 0. */
export function endQuietlyWhenReaderLeaves(tool: string): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`${tool}: cannot write the output: ${error.message}\n`);
    process.exit(1);
  });
}

/** Why the input could not be read, as one line. */
export function describeReadError(error: unknown): string {
  if (error instanceof LogEncodingError) return `cannot read the input as text: ${error.reason}`;
  if (!(error instanceof Error)) return String(error);
  return 'code' in error ? describeIoError(error as NodeJS.ErrnoException) : error.message;
}

function describeIoError(error: NodeJS.ErrnoException): string {
  const target = error.path ? ` ${error.path}` : '';
  switch (error.code) {
    case 'ENOENT':
      return `cannot read${target}: no such file`;
    case 'EACCES':
    case 'EPERM':
      return `cannot read${target}: permission denied`;
    case 'EISDIR':
      return `cannot read${target}: it is a directory`;
    default:
      return `${error.message}${error.code ? ` [${error.code}]` : ''}`;
  }
}
