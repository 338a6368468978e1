// Offsets inside, positions at the edge: converts offsets to 0-based line/character.
//
// A line break is what LSP and editors take for one: LF, CRLF (one break, not two) or a
// lone CR. Every piece of Topo that looks for line breaks (the lexer, the formatter, the
// services) agrees with this file, so that a position computed here is the one the editor
// shows.

export interface Position {
  line: number;
  character: number;
}

const LF = 10;
const CR = 13;

/** LF or CR: the first character of every line break. */
export function isLineBreak(code: number): boolean {
  return code === LF || code === CR;
}

/** The length of the line break at `offset`: 2 for CRLF, 1 for LF or a lone CR, 0 for none. */
export function lineBreakLength(text: string, offset: number): number {
  const c = text.charCodeAt(offset);
  if (c === LF) return 1;
  if (c === CR) return text.charCodeAt(offset + 1) === LF ? 2 : 1;
  return 0;
}

/** The offset of the first line break in [from, to), or -1. */
export function lineBreakIn(text: string, from: number, to: number): number {
  const end = Math.min(to, text.length);
  for (let i = Math.max(0, from); i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return -1;
}

/** The start of the line that holds `offset` (an offset that is not between the CR and the LF of a CRLF). */
export function lineStartAt(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === LF || c === CR) break;
    i--;
  }
  return i;
}

/** The end of the line that holds `offset`: the offset of its line break, or the end of the text. */
export function lineEndAt(text: string, offset: number): number {
  const at = lineBreakIn(text, offset, text.length);
  return at < 0 ? text.length : at;
}

/** The first line break of the text ('\n', '\r\n' or '\r'), or undefined when it has none. */
export function firstLineBreak(text: string): string | undefined {
  const at = lineBreakIn(text, 0, text.length);
  if (at < 0) return undefined;
  return lineBreakLength(text, at) === 2 ? '\r\n' : text[at];
}

/** Whether the text holds a CR that is not followed by an LF. */
function hasLoneCr(text: string): boolean {
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== LF) return true;
  return false;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    const starts = this.starts;
    if (!hasLoneCr(text)) {
      // LF and CRLF files, nearly all of them: every line starts after an LF, and indexOf finds those fastest.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      return;
    }
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > CR) continue;
      if (c === LF) starts.push(i + 1);
      else if (c === CR) {
        if (text.charCodeAt(i + 1) === LF) i++;
        starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The position of an offset; one between the CR and the LF of a CRLF is the end of its line, as LSP's text documents have it. */
  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    const start = this.starts[line]!;
    if (clamped > start && this.text.charCodeAt(clamped - 1) === CR) clamped--;
    return { line, character: clamped - start };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, position.line)]!;
    const end = this.lineEnd(Math.max(0, position.line));
    return Math.min(start + Math.max(0, position.character), end);
  }

  lineStart(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  /** The offset of the end of the line, before its line break. */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    if (next === undefined) return this.text.length;
    return next >= 2 && this.text.charCodeAt(next - 1) === LF && this.text.charCodeAt(next - 2) === CR ? next - 2 : next - 1;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}
