// trcaa-pii: find or redact personal data and secrets in a log from the command line (bundled to dist/trcaa-pii.js).
//   trcaa-pii scan|redact <file|-> [--types T,T] [--pattern name=regex]…
// Both commands stream: the file is decoded and scanned in chunks, so memory stays bounded whatever its size.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { PiiDetector } from '../core/pii/detector';
import { createDetector } from '../core/pii/detector';
import { redactText } from '../core/pii/redact';
import { PiiStreamScanner } from '../core/pii/streamScanner';
import type { CustomPattern, DetectedSpan, PiiType } from '../core/pii/types';
import { PII_TYPES } from '../core/pii/types';
import type { LogEncoding } from '../core/text/logEncoding';
import { LogTextDecoder, LogTextEncoder } from '../core/text/logEncoding';
import { parseArgs, UsageError } from './cliArgs';
import { describeReadError, endQuietlyWhenReaderLeaves } from './cliOutput';

const usage = `Usage: trcaa-pii <command> <file> [options]

Commands:
  scan <file>      one JSON object per value found, one per line:
                   {"type","start","end","value","replacement"} (offsets in UTF-16 code units of the
                   file's text: decoded by its byte-order mark — UTF-8 without one, UTF-16LE/BE with
                   one — invalid bytes as U+FFFD, the byte-order mark counted)
  redact <file>    the file's text with each value replaced by its type, e.g. [Email], written in the
                   encoding it was read in (a UTF-16 file gives UTF-16 with its byte-order mark)
  <file> may be - for standard input. A file whose encoding cannot be told (no byte-order mark and
  many NUL bytes: UTF-16 without a BOM) or that is UTF-32 is refused: convert it to UTF-8 first.

Options:
  --types T,T,…           only these types (default: all): ${PII_TYPES.join(', ')}
  --pattern name=regex    also find your own values (RE2 syntax, repeatable), typed Custom:name and
                          replaced by [name]; a pattern that cannot be used is reported on stderr and skipped
  --help                  this text

Exit codes: 0 done, 1 the file could not be read or written, 2 bad usage.`;

const CHUNK_BYTES = 1024 * 1024;
/** Every type, as the extension's trcaa.pii.enabledTypes: a value found and kept costs a glance, one missed leaks. */
const DEFAULT_TYPES = PII_TYPES;

/** Takes out every `--pattern name=regex` (repeatable, so not for parseArgs' one-value-per-name map). */
function extractPatterns(argv: readonly string[]): { rest: string[]; patterns: CustomPattern[] } {
  const rest: string[] = [];
  const patterns: CustomPattern[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    let spec: string | undefined;
    if (word.startsWith('--pattern=')) spec = word.slice('--pattern='.length);
    else if (word === '--pattern') {
      if (i + 1 >= argv.length) throw new UsageError('--pattern needs name=regex');
      spec = argv[++i] as string;
    } else {
      rest.push(word);
      continue;
    }
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--pattern takes name=regex, not "${spec}"`);
    patterns.push({ name: spec.slice(0, eq), pattern: spec.slice(eq + 1) });
  }
  return { rest, patterns };
}

function parseTypes(list: string): PiiType[] {
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(PII_TYPES as readonly string[]).includes(name));
  if (unknown.length) throw new UsageError(`unknown type${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${PII_TYPES.join(', ')})`);
  return names as PiiType[];
}

/** Writes to stdout, waiting when the pipe is full so a slow reader never makes us buffer the whole output. */
async function write(output: string | Uint8Array): Promise<void> {
  if (!output.length) return;
  if (!process.stdout.write(output)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}

/** The input's text, decoded by its byte-order mark (core/text/logEncoding.ts), with the encoding it was read in. */
class DecodedInput implements AsyncIterable<string> {
  private readonly decoder = new LogTextDecoder();
  constructor(private readonly input: Readable) {}

  /** Known once the first piece has come (UTF-8 for empty input). */
  get encoding(): LogEncoding {
    return this.decoder.encoding ?? 'utf-8';
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    for await (const chunk of this.input) {
      const piece = this.decoder.write(chunk as Buffer);
      if (piece) yield piece;
    }
    const rest = this.decoder.end();
    if (rest) yield rest;
  }
}

async function scan(pieces: AsyncIterable<string>, detector: PiiDetector): Promise<void> {
  const scanner = new PiiStreamScanner(detector);
  const print = (spans: DetectedSpan[]) => write(spans.map((s) => `${JSON.stringify({ type: s.type, start: s.start, end: s.end, value: s.value, replacement: s.replacement })}\n`).join(''));
  for await (const piece of pieces) await print(scanner.push(piece));
  await print(scanner.end());
}

/**
 * Redacts text as it streams through the scanner. Text is held until the scanner has decided it (no later span
 * can start in it), so memory stays about one scanner window.
 */
class StreamingRedactor {
  private readonly scanner: PiiStreamScanner;
  /** Text from absolute offset `flushed` to the end of what was pushed. */
  private held = '';
  private flushed = 0;
  private pushed = 0;
  private spans: DetectedSpan[] = [];

  constructor(detector: PiiDetector) {
    this.scanner = new PiiStreamScanner(detector);
  }

  push(piece: string): string {
    this.held += piece;
    this.pushed += piece.length;
    this.take(this.scanner.push(piece));
    return this.release(this.scanner.decided);
  }

  end(): string {
    this.take(this.scanner.end());
    return this.release(this.pushed);
  }

  private take(spans: DetectedSpan[]): void {
    // Text already printed cannot be redacted any more: fail loudly rather than leak silently.
    const early = spans.find((span) => span.start < this.flushed);
    if (early) throw new Error(`internal error: a ${early.type} span at ${early.start} arrived after the text up to ${this.flushed} was printed`);
    for (const span of spans) this.spans.push(span); // not push(...spans): a window may hold 100 000 spans
  }

  /** Redacts and returns the held text up to `upTo`, or further when a found span crosses it. */
  private release(upTo: number): string {
    let cut = upTo;
    let taken = 0;
    for (const span of this.spans) {
      if (span.start >= cut) break;
      cut = Math.max(cut, span.end);
      taken++;
    }
    if (cut <= this.flushed) return '';
    const base = this.flushed;
    const text = this.held.slice(0, cut - base);
    const local = this.spans.slice(0, taken).map((s) => ({ start: s.start - base, end: s.end - base, replacement: s.replacement }));
    this.held = this.held.slice(cut - base);
    this.spans = this.spans.slice(taken);
    this.flushed = cut;
    return redactText(text, local);
  }
}

/** Redacts the input and writes it in the encoding it was read in (a surrogate pair split between pieces kept whole). */
async function redact(input: DecodedInput, detector: PiiDetector): Promise<void> {
  const redactor = new StreamingRedactor(detector);
  let encoder: LogTextEncoder | undefined;
  const encode = (text: string) => (encoder ??= new LogTextEncoder(input.encoding)).encode(text);
  for await (const piece of input) await write(encode(redactor.push(piece)));
  await write(encode(redactor.end()));
  await write(encoder?.end() ?? new Uint8Array(0));
}

function openInput(file: string): Readable {
  return file === '-' ? process.stdin : createReadStream(file, { highWaterMark: CHUNK_BYTES });
}

async function main(argv: string[]): Promise<number> {
  const { rest, patterns } = extractPatterns(argv);
  const args = parseArgs(rest, ['help']);
  if (args.options.has('help') || args.positional.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const unknownOption = [...args.options.keys()].find((name) => name !== 'types');
  if (unknownOption) throw new UsageError(`unknown option --${unknownOption}`);
  const [command, file, ...extra] = args.positional;
  if (!command) throw new UsageError('a command is needed: scan or redact');
  if (command !== 'scan' && command !== 'redact') throw new UsageError(`unknown command "${command}"`);
  if (!file) throw new UsageError(`${command} needs a file (or - for standard input)`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const types = args.options.get('types');
  if (types === true) throw new UsageError('--types needs a list');
  const detector = createDetector({ enabledTypes: types === undefined ? DEFAULT_TYPES : parseTypes(types), customPatterns: patterns });
  for (const problem of detector.problems) process.stderr.write(`trcaa-pii: pattern "${problem.name}" skipped: ${problem.message}\n`);

  const input = new DecodedInput(openInput(file));
  if (command === 'scan') await scan(input, detector);
  else await redact(input, detector);
  return 0;
}

endQuietlyWhenReaderLeaves('trcaa-pii');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`trcaa-pii: ${error.message}\n\n${usage}\n`);
      process.exit(2);
    }
    process.stderr.write(`trcaa-pii: ${describeReadError(error)}\n`);
    process.exit(1);
  },
);
