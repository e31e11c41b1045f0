// trcaa-log: log patterns from the command line (bundled to dist/trcaa-log.js).
//   trcaa-log patterns <file|-> [--assign]
// Streams: the file is read in pieces and only the pattern table is held, so a 1 GB log works. --assign reads the
// file twice (mine, then assign each line its final pattern), so it needs a file, not standard input.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { LineParser } from '../core/logs/formats/detect';
import { LineSplitter } from '../core/logs/patterns/lineSplitter';
import { LogPatternScanner } from '../core/logs/patterns/logPatternScanner';
import { OTHER_SIGNATURE, patternId } from '../core/logs/patterns/miner';
import { LogTextDecoder } from '../core/text/logEncoding';
import { parseArgs, UsageError } from './cliArgs';
import { describeReadError, endQuietlyWhenReaderLeaves } from './cliOutput';

const usage = `Usage: trcaa-log patterns <file> [--assign]

Commands:
  patterns <file>           one JSON object per pattern, most frequent first:
                            {"id","template","count","first","last","level"}
                            (template: variables as <*>; first/last: 1-based line numbers)
  patterns <file> --assign  one JSON object per input line, in order: {"line": N, "pattern": "<id>"}
  <file> may be - for standard input (not with --assign, which reads the file twice).

Options:
  --format                  print the detected log format on stderr
  --help                    this text

Exit codes: 0 done, 1 the file could not be read, 2 bad usage.`;

const CHUNK_BYTES = 1024 * 1024;

async function write(output: string): Promise<void> {
  if (!output.length) return;
  if (!process.stdout.write(output)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}

async function* decoded(input: Readable): AsyncGenerator<string> {
  const decoder = new LogTextDecoder();
  for await (const chunk of input) {
    const piece = decoder.write(chunk as Buffer);
    if (piece) yield piece;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function openInput(file: string): Readable {
  return file === '-' ? process.stdin : createReadStream(file, { highWaterMark: CHUNK_BYTES });
}

interface PatternLines { first: number; last: number; levels: Map<string, number> }

async function patterns(file: string, assign: boolean, showFormat: boolean): Promise<void> {
  // The first/last line and level of each signature, folded into its pattern at the end.
  const bySignature: PatternLines[] = [];
  // The "other" bucket's lines are counted under index -1's slot: the last one.
  const otherStats: PatternLines = { first: 0, last: 0, levels: new Map() };
  const scanner = new LogPatternScanner((line) => {
    let stats = line.signature === OTHER_SIGNATURE ? otherStats : bySignature[line.signature];
    if (!stats) bySignature[line.signature] = stats = { first: line.number, last: line.number, levels: new Map() };
    if (stats.first === 0) stats.first = line.number;
    stats.last = line.number;
    if (line.parsed.level) stats.levels.set(line.parsed.level, (stats.levels.get(line.parsed.level) ?? 0) + 1);
  });
  for await (const piece of decoded(openInput(file))) scanner.push(piece);
  scanner.end();
  if (showFormat) process.stderr.write(`trcaa-log: format ${scanner.initialFormat?.name ?? 'plain'}\n`);
  const result = scanner.miner.finish();

  if (!assign) {
    const rows = result.patterns.map((p) => ({ id: patternId(p.index), template: p.template, count: p.count, first: Infinity, last: 0, level: new Map<string, number>() }));
    const fold = (stats: PatternLines, index: number) => {
      const row = rows[index]!;
      row.first = Math.min(row.first, stats.first);
      row.last = Math.max(row.last, stats.last);
      for (const [level, n] of stats.levels) row.level.set(level, (row.level.get(level) ?? 0) + n);
    };
    bySignature.forEach((stats, signature) => fold(stats, result.patternOfSignature[signature]!));
    if (result.otherPattern >= 0) fold(otherStats, result.otherPattern);
    rows.sort((a, b) => b.count - a.count || a.first - b.first);
    for (const row of rows) {
      const level = [...row.level].sort((a, b) => b[1] - a[1])[0]?.[0];
      await write(`${JSON.stringify({ id: row.id, template: row.template, count: row.count, first: row.first, last: row.last, ...(level ? { level } : {}) })}\n`);
    }
    return;
  }

  // Second pass: the same split and parse, each line's signature looked up and mapped to its final pattern.
  const parser = new LineParser(scanner.initialFormat!);
  const splitter = new LineSplitter();
  let lineNumber = 0;
  let out = '';
  const onLine = (text: string) => {
    const signature = scanner.miner.lookup(parser.parse(text).message);
    const id = patternId(signature === OTHER_SIGNATURE ? result.otherPattern : result.patternOfSignature[signature]!);
    out += `{"line":${++lineNumber},"pattern":"${id}"}\n`;
  };
  for await (const piece of decoded(openInput(file))) {
    splitter.push(piece, onLine);
    await write(out);
    out = '';
  }
  splitter.end(onLine);
  await write(out);
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['help', 'assign', 'format']);
  if (args.options.has('help') || args.positional.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const unknownOption = [...args.options.keys()].find((name) => !['assign', 'format'].includes(name));
  if (unknownOption) throw new UsageError(`unknown option --${unknownOption}`);
  const [command, file, ...extra] = args.positional;
  if (!command) throw new UsageError('a command is needed: patterns');
  if (command !== 'patterns') throw new UsageError(`unknown command "${command}"`);
  if (!file) throw new UsageError('patterns needs a file (or - for standard input)');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const assign = args.options.has('assign');
  if (assign && file === '-') throw new UsageError('--assign reads the file twice: give a file, not standard input');
  await patterns(file, assign, args.options.has('format'));
  return 0;
}

endQuietlyWhenReaderLeaves('trcaa-log');

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`trcaa-log: ${error.message}\n\n${usage}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`trcaa-log: ${describeReadError(error)}\n`);
    process.exitCode = 1;
  },
);
