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
    this.splitter.push(piece, this.take);
  }

  end(): void {
    this.splitter.end(this.take);
    this.release();
  }

  private readonly take = (line: string): void => {
    if (this.parser) {
      this.mine(line);
      return;
    }
    this.held.push(line);
    if (this.held.length >= DETECTION_SAMPLE) this.release();
  };

  private release(): void {
    if (!this.parser) this.parser = new LineParser(detectFormat(this.held), this.defaultYear);
    const held = this.held;
    this.held = [];
    for (const line of held) this.mine(line);
  }

  /** Refilled for each line: millions of lines, no garbage. */
  private readonly current: ScannedLine = { number: 0, text: '', parsed: { message: '' }, signature: 0 };

  private mine(text: string): void {
    const parsed = this.parser!.parse(text);
    const line = this.current;
    line.number = ++this.lineNumber;
    line.text = text;
    line.parsed = parsed;
    line.signature = this.miner.push(parsed.message);
    this.onLine(line);
  }
}
