// Pure helpers for attaching files: text-or-binary sniffing, the path to record, size caps, image types.
// No `vscode` import: tested in plain Node.
import path from 'node:path';
import type { EncodingVerdict } from '../text/logEncoding';
import { detectLogEncoding } from '../text/logEncoding';

/** How much of a file's head is sniffed for binary content. */
export const SNIFF_BYTES = 8192;

export type SniffResult =
  | { kind: 'text'; encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'empty' }
  | { kind: 'binary'; reason: string }
  /** Text, probably, but in an encoding TRCAA cannot tell or does not read: `reason` says which and what to do. */
  | { kind: 'refused'; reason: string };

const isControl = (unit: number) => (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d && unit !== 0x0c && unit !== 0x1b && unit !== 0x08) || unit === 0x7f;

/**
 * Text or binary, from the first bytes. The encoding is the one core/text/logEncoding.ts decodes the log with
 * (UTF-8, or UTF-16LE/BE by their BOM); in it, a NUL, or more than 10% of control characters other than tab, CR,
 * LF, FF, ESC (coloured logs) and backspace, means binary. Invalid UTF-8 alone does not: logs often hold Latin-1
 * fragments and are stored as they are. UTF-32, and NUL bytes in the pattern of UTF-16 text without a BOM, are
 * refused as an encoding that cannot be read — never attached and scanned as if UTF-8.
 */
export function sniffText(head: Uint8Array): SniffResult {
  const bytes = head.subarray(0, SNIFF_BYTES);
  if (bytes.length === 0) return { kind: 'text', encoding: 'empty' };
  // All the bytes there are to sniff: the verdict is always given.
  const verdict = detectLogEncoding(bytes, true) as EncodingVerdict;
  if ('refused' in verdict) {
    // The decoder refuses any NUL-heavy head; only one that looks like wide text is told so, the rest is binary.
    return isUtf32Bom(bytes) || looksLikeUtf16(bytes) ? { kind: 'refused', reason: verdict.refused } : { kind: 'binary', reason: 'it contains NUL bytes' };
  }
  if (verdict.encoding !== 'utf-8') return binaryUnits(codeUnits(bytes.subarray(2), verdict.encoding)) ?? { kind: 'text', encoding: verdict.encoding };
  const utf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return binaryUnits(bytes) ?? { kind: 'text', encoding: utf8Bom ? 'utf-8-bom' : 'utf-8' };
}

const isUtf32Bom = (b: Uint8Array) => (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff);

function codeUnits(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): number[] {
  const units: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) units.push(encoding === 'utf-16le' ? (bytes[i] as number) | ((bytes[i + 1] as number) << 8) : ((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  return units;
}

function binaryUnits(units: ArrayLike<number>): SniffResult | undefined {
  let control = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as number;
    if (unit === 0) return { kind: 'binary', reason: 'it contains NUL bytes' };
    if (isControl(unit)) control++;
  }
  if (units.length && control / units.length > 0.1) return { kind: 'binary', reason: 'it is mostly control characters' };
  return undefined;
}

/**
 * NULs mostly in every other byte: UTF-16 text (Latin letters, digits) without its BOM. An executable or an
 * archive has NULs too, but not in one column: it stays "binary".
 */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const nul = [0, 0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) nul[i % 2]++;
  const [even, odd] = nul as [number, number];
  const most = Math.max(even, odd);
  return most >= 4 && most * 4 >= bytes.length / 2 && Math.min(even, odd) * 10 <= most;
}

const readU32 = (bytes: Uint8Array, at: number) => ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16)) + (bytes[at + 3] ?? 0) * 0x1000000;
const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);

/**
 * The image type a file's first bytes prove (PNG, JPEG, GIF, WebP, BMP by magic number; SVG by its root element),
 * or undefined. The same checks the image repository makes on insert, so a file routed to the image path by this
 * is not refused there for its type.
 */
export function sniffImageType(head: Uint8Array): string | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) return 'image/gif';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  // "BM" alone would catch text logs starting with it: also the zero reserved bytes and a known DIB header size.
  if (startsWith(head, [0x42, 0x4d]) && head.length >= 26 && startsWith(head, [0, 0, 0, 0], 6) && [12, 40, 52, 56, 64, 108, 124].includes(readU32(head, 14))) return 'image/bmp';
  let text = new TextDecoder('utf-8').decode(head.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const prolog = /^\s*(<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)/i;
  for (let m = prolog.exec(text); m; m = prolog.exec(text)) text = text.slice(m[0].length);
  return /^\s*<svg[\s>/]/.test(text) ? 'image/svg+xml' : undefined;
}

/** A hint for a refused binary file, by what it probably is. */
export function binaryHint(fileName: string): string {
  const ext = path.extname(fileName).toLowerCase();
  if (['.gz', '.zip', '.tgz', '.bz2', '.xz', '.7z', '.zst'].includes(ext)) return 'Extract the archive and attach the log files inside it.';
  // Real images never get here (they are attached as images): this one only has an image's name.
  if (['.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.svg'].includes(ext)) return 'Its name says image, but its bytes are not a PNG, JPEG, GIF, WebP, BMP or SVG image; re-export it as one of those, then attach it.';
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

/**
 * A path segment safe in a virtual document URI (and as a file name): no slashes, no control characters, bounded.
 * A slash becomes the look-alike U+2215, so a tab still reads `</script>` or `A/B testing`.
 */
export function uriSegment(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/\//g, '\u2215').replace(/[\u0000-\u001f\u007f\\?#%]/g, ' ').replace(/\s+/g, ' ').trim();
  return (cleaned || 'untitled').slice(0, max);
}

/** The note put above a bounded excerpt of a large log. */
export function excerptNote(fileName: string, shown: number, total: number): string {
  return `[TRCAA: ${fileName} is ${formatSize(total)}; VS Code cannot open documents over 50 MB from an extension, so this shows the first ${formatSize(shown)} only.]\n\n`;
}
