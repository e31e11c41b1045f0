// Where a PDF export finds the fonts it does not ship: a CJK font and a monospace font for code, looked up by path
// (no font is opened here, so the extension can ask without loading the PDF renderer).
import { existsSync } from 'node:fs';

/** Where common systems keep a CJK font; the first that exists is used. Debian/Ubuntu: `apt install fonts-wqy-microhei`. */
export const SYSTEM_CJK_FONTS = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/System/Library/Fonts/Supplemental/Arial Unicode.ttf',
  '/Library/Fonts/Arial Unicode.ttf',
  'C:\\Windows\\Fonts\\msyh.ttc',
  'C:\\Windows\\Fonts\\simsun.ttc',
  'C:\\Windows\\Fonts\\malgun.ttf',
];

/** Where common systems keep a monospace font for code; the first that exists is used. */
export const SYSTEM_MONO_FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf',
  '/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf',
  '/System/Library/Fonts/Menlo.ttc',
  'C:\\Windows\\Fonts\\consola.ttf',
  'C:\\Windows\\Fonts\\cour.ttf',
];

/** The first CJK font that exists among `candidates`, or undefined. */
export function findSystemCjkFont(candidates: readonly string[] = SYSTEM_CJK_FONTS, exists: (file: string) => boolean = existsSync): string | undefined {
  return candidates.find((file) => exists(file));
}

/** The first monospace font that exists among `candidates`, or undefined (code is then set in Roboto). */
export function findSystemMonoFont(candidates: readonly string[] = SYSTEM_MONO_FONTS, exists: (file: string) => boolean = existsSync): string | undefined {
  return candidates.find((file) => exists(file));
}
