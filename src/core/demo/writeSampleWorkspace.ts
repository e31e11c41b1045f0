import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sampleLogs } from './sampleLogs';

/** Writes the demo incident's logs (and a short README) into `folder`; returns the files written. */
export async function writeSampleWorkspace(folder: string, seed?: number): Promise<string[]> {
  const written: string[] = [];
  const files = [
    ...sampleLogs(seed),
    {
      path: 'README.md',
      content: '# TRCAA demo workspace\n\nSample logs of a made-up payment outage. Every name, address, token and card number in them is invented.\n',
    },
  ];
  for (const file of files) {
    const target = path.join(folder, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content, 'utf8');
    written.push(target);
  }
  return written;
}
