// The fonts a PDF export draws with, and which font each character goes to.
// Latin, Greek and Cyrillic: Roboto, shipped by pdfmake and copied to dist/fonts by the build (scripts/build.mjs).
// Chinese, Japanese, Korean: a font found on the system (systemFonts.ts) or set by the user (Roboto has no CJK
// glyphs, and a CJK font is too large to ship in the .vsix). Code: a monospace font found on the system, else
// Roboto. A character no font has (emoji, most other scripts) becomes U+FFFD.
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { TFontDictionary } from 'pdfmake/interfaces';
import type { SplitText, TextRun } from './markdownPdf';

export const LATIN_FAMILY = 'Roboto';
export const CJK_FAMILY = 'CJK';
export const MONO_FAMILY = 'Mono';

/** Roboto's four faces, as pdfmake names them (bold is Roboto Medium, as pdfmake itself does). */
export const ROBOTO_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

/** Font files for one export: the folder with Roboto's .ttf files, and optionally a CJK font file. */
export interface PdfFontFiles {
  latinDir: string;
  /** A .ttf, .otf or .ttc (a collection: its first face is used). */
  cjkFontPath?: string;
  /** A monospace .ttf, .otf or .ttc for code. */
  monoFontPath?: string;
}

interface LoadedFont {
  face: fontkit.Font;
  /** pdfmake's font source: a path, or [path, PostScript name] for a face inside a collection. */
  source: string | [string, string];
}

const cache = new Map<string, LoadedFont>();

/** Opens a font file once (fontkit parses its character map); a collection yields its first face. */
export function loadFont(file: string): LoadedFont {
  const cached = cache.get(file);
  if (cached) return cached;
  const opened = fontkit.openSync(file);
  let loaded: LoadedFont;
  if ('fonts' in opened) {
    const face = opened.fonts[0];
    if (!face) throw new Error(`The font collection ${file} holds no font.`);
    loaded = { face, source: [file, face.postscriptName] };
  } else {
    loaded = { face: opened, source: file };
  }
  cache.set(file, loaded);
  return loaded;
}

/** Everything pdfmake needs for one export: its font dictionary, the files it may read, and the text splitter. */
export interface PreparedFonts {
  dictionary: TFontDictionary;
  files: Set<string>;
  split: SplitText;
}

export function prepareFonts(files: PdfFontFiles): PreparedFonts {
  const robotoPaths = Object.fromEntries(
    Object.entries(ROBOTO_FILES).map(([style, name]) => [style, path.join(files.latinDir, name)]),
  ) as Record<keyof typeof ROBOTO_FILES, string>;
  const latin = loadFont(robotoPaths.normal);
  // Fresh objects on every call: pdfmake writes into the descriptors it is given.
  const dictionary: TFontDictionary = { [LATIN_FAMILY]: { ...robotoPaths } };
  const allowed = new Set(Object.values(robotoPaths));
  /** One face for all four styles (CJK fonts rarely ship bold or italic faces; code needs none). */
  const addFamily = (family: string, file: string | undefined) => {
    if (!file) return undefined;
    const font = loadFont(file);
    // pdfmake also takes [file, PostScript name] (its typings do not say so); a fresh copy per style, as above.
    const source = () => (Array.isArray(font.source) ? [...font.source] : font.source) as unknown as string;
    dictionary[family] = { normal: source(), bold: source(), italics: source(), bolditalics: source() };
    allowed.add(file);
    return font.face;
  };
  const cjk = addFamily(CJK_FAMILY, files.cjkFontPath);
  const mono = addFamily(MONO_FAMILY, files.monoFontPath);
  return { dictionary, files: allowed, split: splitByFont(latin.face, cjk, mono) };
}

/** Zero-width joiners, variation selectors, skin-tone modifiers and tag characters: parts of an emoji sequence. */
function isEmojiModifier(codePoint: number): boolean {
  return codePoint === 0x200d || (codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0x1f3fb && codePoint <= 0x1f3ff)
    || (codePoint >= 0xe0000 && codePoint <= 0xe007f);
}

/**
 * Splits text into runs by the font that has each character: for code the monospace font first; then Roboto, then
 * the CJK font. A character none has becomes one U+FFFD (an emoji sequence such as 👍🏽 or 👨‍👩‍👧 becomes a single
 * one), so the export never fails on it.
 */
export function splitByFont(latin: fontkit.Font, cjk?: fontkit.Font, mono?: fontkit.Font): SplitText {
  const replacement = latin.hasGlyphForCodePoint(0xfffd) ? '\ufffd' : '?';
  return (text, code = false) => {
    const runs: TextRun[] = [];
    let replacedLast = false;
    const push = (piece: string, font: string | undefined) => {
      const last = runs[runs.length - 1];
      if (last && last.font === font) last.text += piece;
      else runs.push(font ? { text: piece, font } : { text: piece });
    };
    for (const char of text) {
      const codePoint = char.codePointAt(0)!;
      if (isEmojiModifier(codePoint)) {
        // Dropped, even where a font has a glyph for it: invisible on its own, it only joins or tints an emoji.
      } else if (code && mono && (codePoint < 0x20 || mono.hasGlyphForCodePoint(codePoint))) {
        push(char, MONO_FAMILY);
        replacedLast = false;
      } else if (codePoint < 0x20 || latin.hasGlyphForCodePoint(codePoint)) {
        push(char, undefined);
        replacedLast = false;
      } else if (cjk?.hasGlyphForCodePoint(codePoint)) {
        push(char, CJK_FAMILY);
        replacedLast = false;
      } else if (!replacedLast) {
        push(replacement, undefined);
        replacedLast = true;
      }
    }
    return runs.length ? runs : [{ text: '' }];
  };
}
