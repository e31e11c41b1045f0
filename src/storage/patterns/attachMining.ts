// Pattern mining beside an attach's scan (docs/patterns.md). A log is never refused for its patterns: if mining
// fails, the log is stored without them and mined again on first use (LogPatternRepository.ensureMined).
import { Worker } from 'node:worker_threads';
import { LogPatternIndexer, type LogPatternIndex } from '../../core/logs/patterns/logPatternIndex';
import type { WindowSpan } from '../../core/pii/streamScanner';
import type { DetectorOptions } from '../../core/pii/types';
import type { WindowDetector } from '../pii/scan';
import { WakeUp } from '../wakeUp';
import type { FromMiner, PackedSpans, ToMiner } from './minerProtocol';

export interface AttachMining {
  /**
   * Takes the next decoded piece of the log (`heldFrom`: where the PII scan's held text starts); a promise when the
   * caller should wait before sending more.
   */
  push(piece: string, heldFrom?: number): void | Promise<void>;
  /** The thread as a detector of the PII scan's windows (it holds the same text), when mining has one. */
  windows?(options: DetectorOptions): WindowDetector | undefined;
  /** The index, or undefined when mining failed. */
  end(): Promise<LogPatternIndex | undefined>;
  /** Gives up (the attach failed or was cancelled). */
  stop(): void;
}

/**
 * Windows of the PII scan the thread may have in hand. It mines besides, so it takes a share of the windows, not
 * all: on 2 cores, 2 or 3 gave it about 60% of a 200 MB access log's windows and the attach ~10% less time than
 * 1 (handing it every window was slower again); 2 held less text at once.
 */
const WINDOWS_IN_HAND = 2;
/** Pieces posted but not yet mined before push() asks the caller to wait: bounds the text queued for the thread. */
const MAX_PIECES_AHEAD = 4;
/**
 * The thread's young generation: small, so each 1 MiB piece it has mined is collected soon. V8's default (16 MiB
 * semi-spaces) measured 90–120 MB more peak RSS for a 100 MB log; 4 MiB about 25–50 MB, for the same mining time.
 */
const MINER_YOUNG_GENERATION_MB = 4;

/**
 * Mining on a thread of its own when `workerFile` is given (large logs: the attach's thread is busy with the PII
 * scan, gzip with the thread pool), else in this thread.
 */
export function startAttachMining(workerFile?: string): AttachMining {
  return workerFile ? new ThreadMining(workerFile) : new InThreadMining();
}

/** Mining in this thread (small logs, content in memory, or no worker file at hand). */
export class InThreadMining implements AttachMining {
  private indexer: LogPatternIndexer | undefined = new LogPatternIndexer();

  push(piece: string): void {
    try {
      this.indexer?.push(piece);
    } catch {
      this.indexer = undefined;
    }
  }

  /** The index now (this thread has it at once), or undefined when mining failed. */
  finish(): LogPatternIndex | undefined {
    try {
      return this.indexer?.end();
    } catch {
      return undefined;
    } finally {
      this.indexer = undefined;
    }
  }

  async end(): Promise<LogPatternIndex | undefined> {
    return this.finish();
  }

  stop(): void {
    this.indexer = undefined;
  }
}

class ThreadMining implements AttachMining {
  private readonly worker: Worker | undefined;
  /** Windows of the PII scan handed to the thread, by id (see windows()). */
  private readonly detecting = new Map<number, (spans: WindowSpan[] | undefined) => void>();
  private nextWindow = 0;
  private posted = 0;
  private taken = 0;
  private failed = false;
  private readonly result: Promise<LogPatternIndex | undefined>;
  /** Wakes those waiting until the thread catches up. */
  private readonly caughtUp = new WakeUp();

  constructor(workerFile: string) {
    let worker: Worker | undefined;
    try {
      worker = new Worker(workerFile, { resourceLimits: { maxYoungGenerationSizeMb: MINER_YOUNG_GENERATION_MB } });
      // Never keeps the process alive on its own (a CLI ends when its work does).
      worker.unref();
    } catch {
      this.failed = true;
    }
    this.worker = worker;
    this.result = new Promise((resolve) => {
      if (!worker) return resolve(undefined);
      const fail = () => {
        this.failed = true;
        this.wakeUp();
        for (const answer of this.detecting.values()) answer(undefined);
        this.detecting.clear();
        resolve(undefined);
      };
      worker.on('message', (message: FromMiner) => {
        if ('detected' in message) {
          this.detecting.get(message.detected)?.(message.spans && unpack(message.spans));
          this.detecting.delete(message.detected);
        } else if ('taken' in message) {
          this.taken = message.taken;
          this.wakeUp();
        } else if ('index' in message) resolve(message.index);
        else fail();
      });
      worker.on('error', fail);
      worker.on('exit', fail);
    });
  }

  push(piece: string, heldFrom = 0): void | Promise<void> {
    if (this.failed) return;
    this.send({ piece, heldFrom });
    this.posted++;
    if (this.posted - this.taken <= MAX_PIECES_AHEAD) return;
    return this.caughtUp.wait();
  }

  /**
   * The thread detects a window of the scan when it has fewer than WINDOWS_IN_HAND: it mines the same text, so only
   * the window's place goes to it, and its findings come back packed. Call before the first push.
   */
  windows(options: DetectorOptions): WindowDetector | undefined {
    if (this.failed) return undefined;
    this.send({ detector: options });
    const idle = () => this.detecting.size < WINDOWS_IN_HAND && !this.failed;
    return {
      get idle() {
        return idle();
      },
      detect: (base, length) =>
        new Promise((answer) => {
          if (this.failed) return answer(undefined);
          const id = this.nextWindow++;
          this.detecting.set(id, answer);
          this.send({ detect: id, base, length });
        }),
    };
  }

  async end(): Promise<LogPatternIndex | undefined> {
    if (!this.failed) this.send({ end: true });
    try {
      return await this.result;
    } finally {
      this.stop();
    }
  }

  stop(): void {
    this.worker?.removeAllListeners('exit');
    void this.worker?.terminate();
  }

  private send(message: ToMiner): void {
    this.worker?.postMessage(message);
  }

  private wakeUp(): void {
    if (this.failed || this.posted - this.taken <= MAX_PIECES_AHEAD) this.caughtUp.wake();
  }
}

function unpack({ starts, ends, kindOf, kinds }: PackedSpans): WindowSpan[] {
  const spans: WindowSpan[] = new Array<WindowSpan>(starts.length);
  for (let i = 0; i < starts.length; i++) {
    const [type, replacement] = kinds[kindOf[i] as number] as [string, string];
    spans[i] = { type, start: starts[i] as number, end: ends[i] as number, replacement };
  }
  return spans;
}
