// Entry point of the thread beside an attach (dist/logMiner.js): mines the decoded pieces the attach posts, in order,
// and posts back the index — on the machine's other core, while the attach's own thread runs the PII scan. It holds
// the scan's latest text too, so the attach can hand it a window to detect PII in when it is idle (scan.ts).
import { parentPort } from 'node:worker_threads';
import { LogPatternIndexer } from '../../core/logs/patterns/logPatternIndex';
import { createDetector, type PiiDetector } from '../../core/pii/detector';
import type { FromMiner, PackedSpans, ToMiner } from './minerProtocol';
import { HeldText } from './heldText';

const port = parentPort;
if (!port) throw new Error('logMiner must run in a worker thread');
const post = (message: FromMiner, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let indexer: LogPatternIndexer | undefined = new LogPatternIndexer();
let taken = 0;
let detector: PiiDetector | undefined;
const held = new HeldText();

port.on('message', (message: ToMiner) => {
  if ('detect' in message) return detect(message.detect, message.base, message.length);
  if ('detector' in message) {
    detector = createDetector(message.detector);
    return;
  }
  try {
    if ('piece' in message) {
      if (detector) held.push(message.piece, message.heldFrom);
      indexer?.push(message.piece);
      post({ taken: ++taken });
    } else if (indexer) {
      post({ index: indexer.end() });
      indexer = undefined;
    }
  } catch (error) {
    indexer = undefined;
    post({ failed: error instanceof Error ? error.message : String(error) });
  }
});

/** The spans of a window, packed into typed arrays (moved, not copied); undefined when this thread cannot tell. */
function detect(id: number, base: number, length: number): void {
  let spans: PackedSpans | undefined;
  try {
    const text = detector ? held.text(base, length) : undefined;
    if (detector && text !== undefined) spans = pack(detector.detect(text));
  } catch {
    spans = undefined;
  }
  post({ detected: id, spans }, spans ? [spans.starts.buffer as ArrayBuffer, spans.ends.buffer as ArrayBuffer, spans.kindOf.buffer as ArrayBuffer] : []);
}

function pack(found: readonly { type: string; start: number; end: number; replacement: string }[]): PackedSpans {
  const starts = new Int32Array(found.length);
  const ends = new Int32Array(found.length);
  const kindOf = new Uint16Array(found.length);
  const kinds: [string, string][] = [];
  const kindIds = new Map<string, number>();
  found.forEach((span, i) => {
    const key = `${span.type}\u0000${span.replacement}`;
    let kind = kindIds.get(key);
    if (kind === undefined) {
      kind = kinds.push([span.type, span.replacement]) - 1;
      kindIds.set(key, kind);
    }
    starts[i] = span.start;
    ends[i] = span.end;
    kindOf[i] = kind;
  });
  return { starts, ends, kindOf, kinds };
}
