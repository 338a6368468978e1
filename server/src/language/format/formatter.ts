// The formatter: one canonical layout for a .topo file (docs/formatting.md).
// It prints the syntax tree again and weaves the comments back in by offset
// (the parser keeps comments in a side list, attached to nothing). A file with
// a syntax error is refused, never half-formatted, and every result is checked
// against the input: the same tokens (commas aside) and the same comments, or
// the file is refused rather than changed in meaning.

import type {
  Comment,
  ElementNode,
  GroupNode,
  LinkNode,
  Property,
  PropertyBlock,
  SourceFile,
  Span,
  Statement,
  SyntaxDiagnostic,
  Value,
} from '../syntax/ast';
import { T, Token, lex } from '../syntax/lexer';
import { parse } from '../syntax/parser';
import { LineIndex, firstLineBreak, lineBreakIn, lineBreakLength, lineStartAt } from '../util/lineIndex';

export interface FormatOptions {
  /** Spaces per nesting level: an integer from 0 to 16, default 2. */
  indent?: number;
}

export interface FormatFailure {
  ok: false;
  /** One line, for people: what stopped the formatter and where. */
  reason: string;
  /** The first syntax error, when that is why (offsets into the input). */
  syntaxError?: SyntaxDiagnostic;
}

export type FormatResult = { ok: true; text: string } | FormatFailure;

/** A replacement of the input's [start, end) (UTF-16 offsets) by newText. */
export interface FormatEdit {
  start: number;
  end: number;
  newText: string;
}

export type FormatEditsResult = { ok: true; edits: FormatEdit[] } | FormatFailure;

/** A line is never made longer than this to keep properties on one line. */
export const MAX_WIDTH = 100;
/** Deeper nesting of groups is refused: every level indents every line below it. */
export const MAX_GROUP_DEPTH = 100;
const DEFAULT_INDENT = 2;

/** Formats a file's text. Refuses (ok: false) a file with a syntax error. */
export function formatText(text: string, options: FormatOptions = {}): FormatResult {
  return formatSourceFile(parse(text), options);
}

/** Formats an already parsed file (the language server caches parses). */
export function formatSourceFile(file: SourceFile, options: FormatOptions = {}): FormatResult {
  const result = formatChecked(file, options);
  return result.ok ? { ok: true, text: result.text } : result;
}

/**
 * The edits that turn the file into its formatted text: one per stretch between
 * two tokens (white space, commas, comments) or token (a re-escaped string) that
 * changes, so the cursor and unchanged lines stay put in an editor. No edits when
 * the file is already formatted.
 */
export function formatEdits(source: string | SourceFile, options: FormatOptions = {}): FormatEditsResult {
  const file = typeof source === 'string' ? parse(source) : source;
  const result = formatChecked(file, options);
  if (!result.ok) return result;
  const input = file.text;
  const output = result.text;
  const a = result.inputTokens;
  const b = result.outputTokens;
  const edits: FormatEdit[] = [];
  const push = (start: number, end: number, newText: string): void => {
    const last = edits[edits.length - 1];
    if (last && last.end === start) {
      last.end = end;
      last.newText += newText;
    } else {
      edits.push({ start, end, newText });
    }
  };
  let previousA = 0;
  let previousB = 0;
  for (let i = 0; i < a.length; i++) {
    const tokenA = a[i]!;
    const tokenB = b[i]!;
    const gap = output.slice(previousB, tokenB.start);
    if (input.slice(previousA, tokenA.start) !== gap) push(previousA, tokenA.start, gap);
    const word = output.slice(tokenB.start, tokenB.end);
    if (input.slice(tokenA.start, tokenA.end) !== word) push(tokenA.start, tokenA.end, word);
    previousA = tokenA.end;
    previousB = tokenB.end;
  }
  return { ok: true, edits };
}

// ---- checking ----------------------------------------------------------------

type Checked = { ok: true; text: string; inputTokens: Token[]; outputTokens: Token[] } | FormatFailure;

function formatChecked(file: SourceFile, options: FormatOptions): Checked {
  const first = file.diagnostics[0];
  if (first) {
    const { line, character } = new LineIndex(file.text).positionAt(first.start);
    return { ok: false, reason: `syntax error at line ${line + 1}, column ${character + 1}: ${first.message}`, syntaxError: first };
  }
  const depth = groupDepth(file.statements);
  if (depth > MAX_GROUP_DEPTH) {
    return { ok: false, reason: `groups are nested ${depth} deep, more than the ${MAX_GROUP_DEPTH} the formatter lays out` };
  }
  const eol = lineBreakOf(file.text);
  const text = new Printer(file, indentOf(options), eol).print();
  // The guarantee behind "never changes the meaning": the output parses cleanly
  // and has the input's tokens (commas aside, which the layout chooses) and comments.
  const inputTokens = significant(lex(file.text).tokens);
  const output = lex(text);
  const outputTokens = significant(output.tokens);
  if (
    parse(text).diagnostics.length > 0 ||
    !sameTokens(inputTokens, outputTokens) ||
    !sameComments(file.comments, output.comments, eol)
  ) {
    return { ok: false, reason: 'internal error: formatting would change the meaning of this file, so it is left as it is (please report it)' };
  }
  return { ok: true, text, inputTokens, outputTokens };
}

function indentOf(options: FormatOptions): number {
  const indent = options.indent;
  return indent !== undefined && Number.isInteger(indent) && indent >= 0 && indent <= 16 ? indent : DEFAULT_INDENT;
}

function groupDepth(statements: readonly Statement[]): number {
  let max = 0;
  const stack: { body: readonly Statement[]; depth: number }[] = [{ body: statements, depth: 0 }];
  while (stack.length > 0) {
    const { body, depth } = stack.pop()!;
    max = Math.max(max, depth);
    for (const statement of body) if (statement.type === 'group') stack.push({ body: statement.body, depth: depth + 1 });
  }
  return max;
}

function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((token) => token.type !== T.Comma);
}

function sameTokens(a: readonly Token[], b: readonly Token[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.type !== b[i]!.type || a[i]!.text !== b[i]!.text) return false;
  }
  return true;
}

function sameComments(a: readonly Comment[], b: readonly Comment[], eol: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (commentText(a[i]!, eol) !== commentText(b[i]!, eol)) return false;
  }
  return true;
}

/**
 * A comment as printed in a file whose line break is `eol`: a line comment loses its
 * trailing white space; a block comment is kept as written, but for its line breaks,
 * which become `eol` (so a file has one kind of line break, and formatting it again
 * finds the same one).
 */
export function commentText(comment: Comment, eol = '\n'): string {
  return comment.block ? `/*${withLineBreaks(comment.text, eol)}*/` : `//${comment.text.trimEnd()}`;
}

/** The text with each of its line breaks (LF, CRLF, CR alone) replaced by `eol`. */
function withLineBreaks(text: string, eol: string): string {
  let at = lineBreakIn(text, 0, text.length);
  if (at < 0) return text;
  let out = '';
  let run = 0;
  while (at >= 0) {
    const length = lineBreakLength(text, at);
    if (length !== eol.length || text.charCodeAt(at) !== eol.charCodeAt(0)) {
      out += text.slice(run, at) + eol;
      run = at + length;
    }
    at = lineBreakIn(text, at + length, text.length);
  }
  return run === 0 ? text : out + text.slice(run);
}

// ---- printing ----------------------------------------------------------------

/** `// topo-ignore-next-line …` (the syntax of rules/suppressions.ts): its line must keep pointing at the same line. */
const NEXT_LINE_DIRECTIVE = /^\s*topo-ignore-next-line(?=\s|$)/;

/** Comments that sit on one source line, printed together on one line. */
type Run = Comment[];

interface SequenceSpec<Item extends Span> {
  items: readonly Item[];
  /** The source range inside the brackets (the whole file for the file). */
  start: number;
  end: number;
  /** The nesting depth of the items. */
  depth: number;
  /** There is an opening bracket, whose line can end with comments. */
  opened: boolean;
  /** Printed after each item: ',' in a broken list. */
  separator: string;
  /** The comments inside an item that it cannot place: printed above it. */
  hoisted: (item: Item) => Comment[];
  /** An item's lines, indented; `prefix` goes before its first token. */
  render: (item: Item, prefix: string) => string[];
}

interface Sequence {
  /** Comments on the opening bracket's line, printed after it (with a leading space). */
  openTrailing: string;
  /** The lines of the body, indented; '' is a blank line. */
  lines: string[];
}

class Printer {
  private readonly text: string;
  private readonly comments: readonly Comment[];
  private readonly pads: string[] = [];

  constructor(
    private readonly file: SourceFile,
    private readonly indent: number,
    /** The line break of every line of the output, comments' included. */
    private readonly eol: string,
  ) {
    this.text = file.text;
    this.comments = file.comments;
  }

  print(): string {
    const eol = this.eol;
    const bom = this.text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    const { lines } = this.sequence({
      items: this.file.statements,
      start: 0,
      end: this.text.length,
      depth: 0,
      opened: false,
      separator: '',
      hoisted: (statement) => this.hoisted(statement),
      render: (statement, prefix) => this.statement(statement, 0, prefix),
    });
    return bom + (lines.length > 0 ? lines.join(eol) + eol : '');
  }

  private pad(depth: number): string {
    let pad = this.pads[depth];
    if (pad === undefined) pad = this.pads[depth] = ' '.repeat(depth * this.indent);
    return pad;
  }

  // ---- comments by offset ----------------------------------------------------

  /** Comments that start in [start, end). */
  private commentsIn(start: number, end: number): Comment[] {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.comments[mid]!.start < start) low = mid + 1;
      else high = mid;
    }
    const found: Comment[] = [];
    for (let i = low; i < this.comments.length && this.comments[i]!.start < end; i++) found.push(this.comments[i]!);
    return found;
  }

  /**
   * How many line breaks (LF, CRLF, CR alone) lie in [from, to), counting up to `enough`.
   * (A bounded scan: indexOf could run to the end of a long line.)
   */
  private newlines(from: number, to: number, enough: number): number {
    const text = this.text;
    let count = 0;
    for (let i = from; i < to && count < enough; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) count++;
      else if (c === 13) {
        count++;
        if (text.charCodeAt(i + 1) === 10) i++;
      }
    }
    return count;
  }

  private sameLine(from: number, to: number): boolean {
    return this.newlines(from, to, 1) === 0;
  }

  /** The source has an empty line between `from` and `to`. */
  private blankBetween(from: number, to: number): boolean {
    return this.newlines(from, to, 2) === 2;
  }

  /** Splits comments into runs of comments that share a source line. */
  private runs(comments: readonly Comment[]): Run[] {
    const runs: Run[] = [];
    for (const comment of comments) {
      const run = runs[runs.length - 1];
      if (run && this.sameLine(run[run.length - 1]!.end, comment.start)) run.push(comment);
      else runs.push([comment]);
    }
    return runs;
  }

  /**
   * How many of `comments` (those after `from`) stay at the end of the line `from`
   * is on: the ones on that line, unless the next item starts on that line too,
   * in which case they are comments before that item.
   */
  private trailing(comments: readonly Comment[], from: number, next: number | undefined): number {
    let count = 0;
    let cursor = from;
    while (count < comments.length && this.sameLine(cursor, comments[count]!.start)) cursor = comments[count++]!.end;
    return count > 0 && next !== undefined && this.sameLine(cursor, next) ? 0 : count;
  }

  /**
   * Comments inside a statement's or a property's head (between `service` and its
   * name, between a key and its value…) have no place of their own in the layout:
   * they are printed on their own lines just above it, in their order.
   */
  private hoisted(item: Statement | Property): Comment[] {
    if ('key' in item) return this.commentsIn(item.start, item.value ? item.value.start : item.end);
    if (item.type === 'group') return this.commentsIn(item.start, item.open ? item.open.start : item.end);
    return this.commentsIn(item.start, item.props ? item.props.start : item.end);
  }

  /**
   * Lays out the items of a file, a group, a property block or a list, one per line,
   * with the comments between them: a comment on the line where the previous item
   * (or the opening bracket) ends stays at the end of that line; other comments go
   * on their own lines above the next item, or at the end. One blank line the author
   * left between two lines is kept; none at the start or the end.
   */
  private sequence<Item extends Span>({ items, start, end, depth, opened, separator, hoisted, render }: SequenceSpec<Item>): Sequence {
    const pad = this.pad(depth);
    const lines: string[] = [];
    let cursor = start;
    let openTrailing = '';
    let keepFirstBlank = false;
    const before = this.commentsIn(start, items.length > 0 ? items[0]!.start : end);
    let taken = 0;
    if (opened && items.length > 0) {
      taken = this.trailing(before, cursor, items[0]!.start);
      for (let k = 0; k < taken; k++) openTrailing += ` ${commentText(before[k]!, this.eol)}`;
      if (taken > 0) cursor = before[taken - 1]!.end;
      // A directive at the end of the opening line points at the line after it: keep the blank line it may point at.
      keepFirstBlank = taken > 0 && isNextLineDirective(before[taken - 1]!);
    }
    const blank = (at: number): boolean => (lines.length > 0 || keepFirstBlank) && this.blankBetween(cursor, at);
    const ownLines = (runs: readonly Run[]): void => {
      for (const run of runs) {
        if (blank(run[0]!.start)) lines.push('');
        lines.push(pad + this.runText(run));
        cursor = run[run.length - 1]!.end;
      }
    };

    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const leading = this.runs(i === 0 ? before.slice(taken) : this.commentsIn(cursor, item.start));
      const inside = this.runs(hoisted(item));
      // Block comments just before an item on its line stay there (unless the item's own comments must come first).
      const last = leading[leading.length - 1];
      const inline = last && inside.length === 0 && this.sameLine(last[last.length - 1]!.end, item.start) ? leading.pop() : undefined;
      ownLines(leading);
      let prefix = '';
      if (inline) {
        if (blank(inline[0]!.start)) lines.push('');
        prefix = `${this.runText(inline)} `;
      } else if (inside.length > 0) {
        if (blank(item.start)) lines.push('');
        for (const run of inside) lines.push(pad + this.runText(run));
      } else if (blank(item.start)) {
        lines.push('');
      }
      const itemLines = render(item, prefix);
      let tail = separator;
      const next = items[i + 1];
      const after = this.commentsIn(item.end, next ? next.start : end);
      const count = this.trailing(after, item.end, next?.start);
      for (let k = 0; k < count; k++) tail += ` ${commentText(after[k]!, this.eol)}`;
      cursor = count > 0 ? after[count - 1]!.end : item.end;
      itemLines[itemLines.length - 1] += tail;
      for (const line of itemLines) lines.push(line);
    }
    ownLines(this.runs(items.length === 0 ? before.slice(taken) : this.commentsIn(cursor, end)));
    return { openTrailing, lines };
  }

  private runText(run: Run): string {
    return run.map((comment) => commentText(comment, this.eol)).join(' ');
  }

  // ---- statements ------------------------------------------------------------

  private statement(statement: Statement, depth: number, prefix: string): string[] {
    switch (statement.type) {
      case 'element':
        return this.withProps(elementHead(statement), statement.props, depth, prefix);
      case 'link':
        return this.withProps(linkHead(statement), statement.props, depth, prefix);
      case 'group':
        return this.group(statement, depth, prefix);
    }
  }

  private group(group: GroupNode, depth: number, prefix: string): string[] {
    const first = `${this.pad(depth)}${prefix}group ${group.name.text}${group.label ? ` ${quote(group.label.value)}` : ''}`;
    const open = group.open!;
    const close = group.close!;
    if (group.body.length === 0 && this.commentsIn(open.end, close.start).length === 0) return [`${first} {}`];
    const body = this.sequence({
      items: group.body,
      start: open.end,
      end: close.start,
      depth: depth + 1,
      opened: true,
      separator: '',
      hoisted: (statement) => this.hoisted(statement),
      render: (statement, itemPrefix) => this.statement(statement, depth + 1, itemPrefix),
    });
    return [`${first} {${body.openTrailing}`, ...body.lines, `${this.pad(depth)}}`];
  }

  /** An element's or a link's head and its property block: on one line when it fits and holds no comment. */
  private withProps(head: string, props: PropertyBlock | undefined, depth: number, prefix: string): string[] {
    const first = this.pad(depth) + prefix + head;
    if (!props) return [first];
    if (this.commentsIn(props.start, props.end).length === 0) {
      if (props.properties.length === 0) return [`${first} {}`];
      const flat = `${first} { ${props.properties.map((property) => `${property.key.text}: ${flatValue(property.value!)}`).join(', ')} }`;
      if (width(flat) <= MAX_WIDTH) return [flat];
    }
    const body = this.sequence({
      items: props.properties,
      start: props.start + 1,
      end: props.end - 1,
      depth: depth + 1,
      opened: true,
      separator: '',
      hoisted: (property) => this.hoisted(property),
      render: (property, itemPrefix) => this.value(property.value!, depth + 1, `${this.pad(depth + 1)}${itemPrefix}${property.key.text}: `, 0),
    });
    return [`${first} {${body.openTrailing}`, ...body.lines, `${this.pad(depth)}}`];
  }

  /**
   * A value after `lead` (the indentation and whatever comes before it on its line).
   * A list stays on one line when it fits (with `suffix` more characters after it) and
   * holds no comment; otherwise one item per line, each with a comma.
   */
  private value(value: Value, depth: number, lead: string, suffix: number): string[] {
    if (value.type !== 'list') return [lead + flatValue(value)];
    const hasComments = this.commentsIn(value.start, value.end).length > 0;
    if (!hasComments) {
      const flat = lead + flatValue(value);
      if (value.items.length === 0 || width(flat) + suffix <= MAX_WIDTH) return [flat];
    }
    const body = this.sequence({
      items: value.items,
      start: value.start + 1,
      end: value.end - 1,
      depth: depth + 1,
      opened: true,
      separator: ',',
      hoisted: () => [],
      render: (item, itemPrefix) => this.value(item, depth + 1, this.pad(depth + 1) + itemPrefix, 1),
    });
    return [`${lead}[${body.openTrailing}`, ...body.lines, `${this.pad(depth)}]`];
  }
}

function elementHead(element: ElementNode): string {
  return `${element.kind} ${element.name.text}${element.label ? ` ${quote(element.label.value)}` : ''}`;
}

function linkHead(link: LinkNode): string {
  let head = link.names[0]!.text;
  for (let i = 0; i < link.arrows.length; i++) head += ` ${link.arrows[i]!.sync ? '->' : '~>'} ${link.names[i + 1]!.text}`;
  return link.label ? `${head} ${quote(link.label.value)}` : head;
}

/** A value on one line: numbers, durations and percentages as written, strings re-escaped. */
function flatValue(value: Value): string {
  switch (value.type) {
    case 'string':
      return quote(value.value);
    case 'duration':
    case 'percent':
    case 'number':
      return value.raw;
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'name':
      return value.text;
    case 'list':
      return `[${value.items.map(flatValue).join(', ')}]`;
  }
}

/**
 * A string literal with the canonical escapes: \" \\ \n \t and nothing else. The runs
 * between two escapes are copied whole, so a long label without escapes costs one copy,
 * not a string per character.
 */
export function quote(value: string): string {
  let out = '"';
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 92 || (c !== 34 && c !== 92 && c !== 10 && c !== 9)) continue;
    out += value.slice(run, i) + (c === 34 ? '\\"' : c === 92 ? '\\\\' : c === 10 ? '\\n' : '\\t');
    run = i + 1;
  }
  return run === 0 ? `"${value}"` : `${out}${value.slice(run)}"`;
}

function isNextLineDirective(comment: Comment): boolean {
  return !comment.block && NEXT_LINE_DIRECTIVE.test(comment.text);
}

/**
 * The output's line break: the input's first one (LF, CRLF or CR alone), LF when it has
 * none. Every line break of the output is this one, block comments' included, so the
 * output's first line break is this one too and formatting again keeps it.
 */
function lineBreakOf(text: string): string {
  return firstLineBreak(text) ?? '\n';
}

/** Characters (code points) on the last line of a text (a multi-line block comment may come before it, with any line break). */
function width(text: string): number {
  const start = lineStartAt(text, text.length);
  let count = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) count++;
  }
  return count;
}
