// One pass over a log's text: lines split, the format detected from the first lines, each line's header parsed
// and its message mined. Reports each line's signature id (for the line → pattern assignment) as it goes.
import { detectFormat, DETECTION_SAMPLE, LineParser, type ParsedLine } from '../formats/detect';
import type { LogFormat } from '../formats/formats';
import { LineSplitter } from './lineSplitter';
import { PatternMiner, type MinerOptions } from './miner';

/** One line as the scanner reports it: the same object, refilled for each line (read it in the callback only). */
export interface ScannedLine {
  /** 1-based. */
  number: number;
  text: string;
  parsed: ParsedLine;
  signature: number;
}

/** Whether a Uint16Array reads UTF-16LE bytes as code units (it does on the machines Node mostly runs on). */
const LITTLE_ENDIAN = new Uint16Array(Uint8Array.of(1, 0).buffer)[0] === 1;

/** The piece's UTF-16 code units in `into` (grown when too small): a native copy where the machine allows. */
function codesOf(piece: string, into: Uint16Array): Uint16Array {
  if (piece.length > into.length) into = new Uint16Array(Math.max(piece.length, into.length * 2));
  if (LITTLE_ENDIAN) Buffer.from(into.buffer, into.byteOffset, piece.length * 2).write(piece, 0, 'utf16le');
  else for (let i = 0; i < piece.length; i++) into[i] = piece.charCodeAt(i);
  return into;
}

export class LogPatternScanner {
  readonly miner: PatternMiner;
  private readonly splitter = new LineSplitter();
  private parser: LineParser | undefined;
  /** The first lines, held until the format is known. */
  private held: string[] = [];
  private lineNumber = 0;

  constructor(private readonly onLine: (line: ScannedLine) => void, options: MinerOptions & { defaultYear?: number; format?: LogFormat } = {}) {
    this.miner = new PatternMiner(options);
    if (options.format) this.parser = new LineParser(options.format, options.defaultYear);
    this.defaultYear = options.defaultYear;
  }

  private readonly defaultYear: number | undefined;

  /** The format detected from the first lines (a second pass starts from it to parse the lines alike). */
  get initialFormat(): LogFormat | undefined {
    return this.parser?.initial;
  }

  get lineParser(): LineParser | undefined {
    return this.parser;
  }

  get lines(): number {
    return this.lineNumber;
  }

  push(piece: string): void {
    this.codes = codesOf(piece, this.codes);
    this.splitter.push(piece, this.take);
  }

  end(): void {
    this.splitter.end(this.take);
    this.release();
  }

  /** The characters of the piece being split (reused from piece to piece: the miner reads messages from it). */
  private codes: Uint16Array = new Uint16Array(0);

  private readonly take = (line: string, start: number): void => {
    if (this.parser) {
      this.mine(line, start);
      return;
    }
    this.held.push(line);
    if (this.held.length >= DETECTION_SAMPLE) this.release();
  };

  private release(): void {
    if (!this.parser) this.parser = new LineParser(detectFormat(this.held), this.defaultYear);
    const held = this.held;
    this.held = [];
    // Their pieces are gone: mined from their text.
    for (const line of held) this.mine(line, -1);
  }

  /** Refilled for each line: millions of lines, no garbage. */
  private readonly current: ScannedLine = { number: 0, text: '', parsed: { message: '' }, signature: 0 };

  /** `start`: where the line starts in the current piece, or -1 when it is not all in it. */
  private mine(text: string, start: number): void {
    const parser = this.parser!;
    const parsed = parser.parse(text);
    const line = this.current;
    line.number = ++this.lineNumber;
    line.text = text;
    line.parsed = parsed;
    const message = parsed.message;
    // A message that ends its line starts at start + text.length - message.length in the piece.
    line.signature = start >= 0 && parser.messageAtEnd ? this.miner.push(message, this.codes, start + text.length - message.length) : this.miner.push(message);
    this.onLine(line);
  }
}
