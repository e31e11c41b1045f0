// Entry point of the log-pattern mining thread (dist/logMiner.js): mines the decoded pieces an attach posts, in
// order, and posts back the index — on the machine's other core, while the attach's own thread runs the PII scan.
import { parentPort } from 'node:worker_threads';
import { LogPatternIndexer } from '../../core/logs/patterns/logPatternIndex';
import type { FromMiner, ToMiner } from './minerProtocol';

const port = parentPort;
if (!port) throw new Error('logMiner must run in a worker thread');
const post = (message: FromMiner) => port.postMessage(message);

let indexer: LogPatternIndexer | undefined = new LogPatternIndexer();
let taken = 0;
port.on('message', (message: ToMiner) => {
  try {
    if ('piece' in message) {
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
