// Pure helpers for attaching files: text-or-binary sniffing, the path to record, size caps, image types.
// No `vscode` import: tested in plain Node.
import path from 'node:path';

/** How much of a file's head is sniffed for binary content. */
export const SNIFF_BYTES = 8192;

export type SniffResult =
  | { kind: 'text'; encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'empty' }
  | { kind: 'binary'; reason: string };

/**
 * Text or binary, from the first bytes: a UTF-8/UTF-16 BOM means text; otherwise a NUL byte, or more than 10% of
 * control characters other than tab, CR, LF, FF, ESC (coloured logs) and backspace, means binary. Invalid UTF-8
 * alone does not: logs often hold Latin-1 fragments and are stored as they are.
 */
export function sniffText(head: Uint8Array): SniffResult {
  const bytes = head.subarray(0, SNIFF_BYTES);
  if (bytes.length === 0) return { kind: 'text', encoding: 'empty' };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { kind: 'text', encoding: 'utf-8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { kind: 'text', encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { kind: 'text', encoding: 'utf-16be' };
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return { kind: 'binary', reason: 'it contains NUL bytes' };
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b && b !== 0x08) control++;
    else if (b === 0x7f) control++;
  }
  if (control / bytes.length > 0.1) return { kind: 'binary', reason: 'it is mostly control characters' };
  return { kind: 'text', encoding: 'utf-8' };
}

/** A hint for a refused binary file, by what it probably is. */
export function binaryHint(fileName: string): string {
  const ext = path.extname(fileName).toLowerCase();
  if (['.gz', '.zip', '.tgz', '.bz2', '.xz', '.7z', '.zst'].includes(ext)) return 'Extract the archive and attach the log files inside it.';
  if (['.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.svg'].includes(ext)) return 'Attach screenshots with "TRCAA: Attach Image…" instead.';
  if (['.journal'].includes(ext)) return 'Export it as text first (e.g. journalctl --file … > out.log), then attach that.';
  return 'TRCAA attaches text logs; convert it to text (or export the relevant part) and attach that.';
}

/**
 * The path to record for a file: relative to the workspace folder holding it (with forward slashes), or the
 * absolute path when it lies outside every folder. `folders` are absolute folder paths.
 */
export function recordedPath(file: string, folders: readonly string[], multiRoot = folders.length > 1): { path: string; inWorkspace: boolean } {
  for (const folder of folders) {
    const rel = path.relative(folder, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
      const posix = rel.split(path.sep).join('/');
      // In a multi-root workspace the folder's name keeps two same-named files apart, as VS Code's own labels do.
      return { path: multiRoot ? `${path.basename(folder)}/${posix}` : posix, inWorkspace: true };
    }
  }
  return { path: file, inWorkspace: false };
}

export const MiB = 1024 * 1024;

/** The cap in bytes from the setting (MB), falling back to the default for anything not a positive number. */
export function capBytes(settingMB: unknown, defaultMB = 200): number {
  const mb = typeof settingMB === 'number' && Number.isFinite(settingMB) && settingMB > 0 ? settingMB : defaultMB;
  return Math.floor(mb * MiB);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MiB) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / MiB).toFixed(1)} MB`;
}

/** A refusal message for a file over the cap, or undefined when it fits. */
export function overCap(fileName: string, size: number, cap: number): string | undefined {
  if (size <= cap) return undefined;
  return `${fileName} is ${formatSize(size)}, over the ${formatSize(cap)} limit for one log (setting trcaa.attach.maxLogSizeMB). Attach an excerpt, or raise the limit.`;
}

/** Image extensions offered by the file dialog. */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'svg'] as const;

/** The declared type of an image file by its extension (the stored type comes from its bytes). */
export function imageMimeFromName(fileName: string): string {
  const ext = path.extname(fileName).toLowerCase().slice(1);
  switch (ext) {
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg';
    case 'svg':
      return 'image/svg+xml';
    case 'png':
    case 'gif':
    case 'webp':
    case 'bmp':
      return `image/${ext}`;
    default:
      return 'image/png';
  }
}

/** A path segment safe in a virtual document URI: no slashes, no control characters, bounded. */
export function uriSegment(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/[\u0000-\u001f\u007f/\\?#%]/g, ' ').replace(/\s+/g, ' ').trim();
  return (cleaned || 'untitled').slice(0, max);
}

/** The note put above a bounded excerpt of a large log. */
export function excerptNote(fileName: string, shown: number, total: number): string {
  return `[TRCAA: ${fileName} is ${formatSize(total)}; VS Code cannot open documents over 50 MB from an extension, so this shows the first ${formatSize(shown)} only.]\n\n`;
}
