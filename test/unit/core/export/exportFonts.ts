// Fonts for the export tests: Roboto as the build copies it to dist/fonts, and the system's CJK font.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PdfFontFiles } from '../../../../src/core/export/fonts';
import { findSystemCjkFont, findSystemMonoFont } from '../../../../src/core/export/systemFonts';

/** dist/fonts of this checkout (out/test/unit/core/export → the repository root is five levels up). */
export const latinDir = path.resolve(__dirname, '../../../../../dist/fonts');

/** The fonts every PDF test uses; fails with the fix when the CJK or the monospace font is not installed. */
export function testFonts(): PdfFontFiles {
  if (!existsSync(path.join(latinDir, 'Roboto-Regular.ttf'))) throw new Error(`No Roboto in ${latinDir}: run \`npm run build\` first (it copies pdfmake's fonts there).`);
  const cjkFontPath = findSystemCjkFont();
  if (!cjkFontPath) {
    throw new Error('No CJK font found for the PDF export tests: install Debian\'s fonts-wqy-microhei (`apt-get install fonts-wqy-microhei`; CI installs it).');
  }
  const monoFontPath = findSystemMonoFont();
  if (!monoFontPath) throw new Error('No monospace font found for the PDF export tests: install Debian\'s fonts-dejavu-core (CI installs it).');
  return { latinDir, cjkFontPath, monoFontPath };
}
