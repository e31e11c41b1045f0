// The loghub concatenation the throughput benchmarks read: every loghub/*.log of the shared data, in name order,
// repeated in whole rounds until `sizeMB` (decimal) is reached.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function loghubConcatenation(dataDir: string, sizeMB: number): { buffer: Buffer; text: string; files: string[] } {
  const logDir = path.join(dataDir, 'loghub');
  const files = readdirSync(logDir).filter((f) => f.endsWith('.log')).sort();
  const parts: Buffer[] = [];
  let bytes = 0;
  while (bytes < sizeMB * 1e6) {
    for (const f of files) {
      const b = readFileSync(path.join(logDir, f));
      parts.push(b);
      bytes += b.length;
    }
  }
  const buffer = Buffer.concat(parts);
  return { buffer, text: new TextDecoder().decode(buffer), files };
}
