// fontkit decodes WOFF2 fonts with brotli (~475 KB of JavaScript). The PDF export reads TrueType and OpenType fonts
// (.ttf, .otf, .ttc) only, so the build puts this in brotli's place (scripts/build.mjs, `alias`).
export default function decompress(): never {
  throw new Error('WOFF2 fonts are not supported by the PDF export: use a .ttf, .otf or .ttc font.');
}
