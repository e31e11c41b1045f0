// How a stored log's text (where PII offsets count) maps onto an opened trcaa-log: document (or the workspace
// file, when it still holds the attached bytes). The line index is built from the shown text (shownText.ts: the
// stored bytes decoded by their byte-order mark, streamed), so offsets stay exact when VS Code normalised mixed
// line endings; a byte-order mark VS Code strips (UTF-8 or UTF-16) shifts the first line by one; an excerpt
// (past 50 MB) starts after its note and covers only the text shown.
import * as vscode from 'vscode';
import { excerptNote } from '../../core/attach/attachHelpers';
import type { Services } from '../workbench/services';
import { readShownText } from '../attachments';
import { LineIndex } from './lineIndex';

/** Lines the excerpt note takes at the top of a document of a log over 50 MB. */
const NOTE_LINES = excerptNote('', 0, 0).split('\n').length - 1;

export class LogView {
  constructor(
    readonly logId: string,
    private readonly index: LineIndex,
    /** Document lines before the log's first line (the excerpt note). */
    private readonly lineShift: number,
    /** 1 when the text starts with a BOM the document does not show. */
    private readonly bomShift: number,
    /** Offsets below this are in the document (the whole text, or the excerpt's). */
    readonly shownLength: number,
  ) {}

  /** Where [start, end) is in the document; undefined when it lies beyond what the document shows. */
  rangeOf(start: number, end: number): vscode.Range | undefined {
    if (end > this.shownLength || start < 0 || end <= start) return undefined;
    return new vscode.Range(this.position(start), this.position(end));
  }

  position(offset: number): vscode.Position {
    const at = this.index.positionAt(offset);
    const character = at.line === 0 ? Math.max(0, at.character - this.bomShift) : at.character;
    return new vscode.Position(at.line + this.lineShift, character);
  }

  /** The text offset of a document position (positions in the excerpt note map to 0). */
  offsetAt(position: vscode.Position): number {
    const line = position.line - this.lineShift;
    if (line < 0) return 0;
    const character = line === 0 && position.character > 0 ? position.character + this.bomShift : position.character;
    return Math.min(this.index.offsetAt({ line, character }), this.shownLength);
  }

  /** The first document line of the log's own text (after an excerpt note). */
  get firstLine(): number {
    return this.lineShift;
  }
}

/** Reads the stored text (up to what the document shows) once, to index its lines. */
export async function buildLogView(services: Services, logId: string, document: vscode.TextDocument): Promise<LogView> {
  const index = new LineIndex();
  let first: string | undefined;
  const { excerpt } = await readShownText(services, logId, (piece) => {
    first ??= piece;
    index.push(piece);
  });
  const lineShift = excerpt ? NOTE_LINES : 0;
  const startsWithBom = (first ?? '').startsWith('\uFEFF');
  const documentHasBom = document.lineCount > lineShift && document.lineAt(lineShift).text.startsWith('\uFEFF');
  return new LogView(logId, index, lineShift, startsWithBom && !documentHasBom ? 1 : 0, index.length);
}
