// A single-pass lexer over char codes. It never throws: a character it cannot
// use becomes an error token and a diagnostic, and lexing goes on.

import type { Comment, Kind, SyntaxDiagnostic } from './ast';
import { lineBreakIn, lineEndAt } from '../util/lineIndex';

export const enum T {
  Name,
  Kind,
  Group,
  True,
  False,
  String,
  Duration,
  Percent,
  Number,
  SyncArrow,
  AsyncArrow,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Error,
  EOF,
}

export interface Token {
  type: T;
  start: number;
  end: number;
  /** A newline (or the start of the file) lies between the previous token and this one. */
  newlineBefore: boolean;
  /** Name or keyword text; resolved string value; raw number text. */
  text: string;
  /** Numeric value: milliseconds for durations, the number for numbers and percents. */
  value: number;
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  diagnostics: SyntaxDiagnostic[];
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Character classes of ASCII codes: bit 1 starts a name, bit 2 continues one, bit 4 is a digit. */
const NAME_START = 1;
const NAME_PART = 2;
const DIGIT = 4;
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) ASCII[c] = NAME_START | NAME_PART;
  else if (c >= 48 && c <= 57) ASCII[c] = NAME_PART | DIGIT;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isNameStart(c: number): boolean {
  return c < 128 && (ASCII[c]! & NAME_START) !== 0;
}

const UNICODE_NAME_START = /^[\p{L}\p{Nl}]$/u;
const UNICODE_NAME_PART = /^[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]$/u;

/** The length (1 or 2 code units) of a non-ASCII name character at `i`, or 0. Letters of any script make names. */
function unicodeNameChar(text: string, i: number, start: boolean): number {
  const code = text.codePointAt(i)!;
  const char = String.fromCodePoint(code);
  return (start ? UNICODE_NAME_START : UNICODE_NAME_PART).test(char) ? char.length : 0;
}

export function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 32 || code === 127) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `character '${ch}'`;
}

/**
 * Words the language knows — keywords, property keys, consistency and protocol values —
 * found without slicing the text, by length and first and last character. The token then
 * carries the shared string constant: model and rules compare keys by identity, and tens
 * of thousands of `latency` keys are one string, not tens of thousands.
 */
interface KnownWord {
  text: string;
  type: T;
}
const KNOWN_WORDS = new Map<number, KnownWord[]>();
function wordKey(length: number, first: number, last: number): number {
  return (length << 14) | (first << 7) | last;
}
for (const [words, type] of [
  [['actor', 'client', 'gateway', 'service', 'worker', 'database', 'cache', 'queue', 'topic', 'external'], T.Kind],
  [['group'], T.Group],
  [['true'], T.True],
  [['false'], T.False],
  [
    [
      'description', 'owner', 'technology', 'tags', 'latency', 'availability', 'critical', 'idempotent', 'parallel', 'outbox', 'budget', 'slo',
      'dlq', 'delay', 'monitored', 'protocol', 'consistency', 'timeout', 'retries', 'circuit_breaker', 'await', 'strong', 'eventual',
      'http', 'https', 'grpc', 'graphql', 'sql', 'amqp', 'kafka', 'sqs', 'webhook',
    ],
    T.Name,
  ],
] as const) {
  for (const text of words) {
    const key = wordKey(text.length, text.charCodeAt(0), text.charCodeAt(text.length - 1));
    const list = KNOWN_WORDS.get(key);
    if (list) list.push({ text, type });
    else KNOWN_WORDS.set(key, [{ text, type }]);
  }
}

/** Milliseconds per unit of a duration suffix (text[start..end)), or 0 for no unit. */
function unitFactor(text: string, start: number, end: number): number {
  const c = text.charCodeAt(start);
  if (end - start === 1) return c === 115 /* s */ ? 1000 : c === 109 /* m */ ? 60_000 : c === 104 /* h */ ? 3_600_000 : 0;
  return end - start === 2 && c === 109 && text.charCodeAt(start + 1) === 115 ? 1 : 0;
}

const PUNCTUATION_TEXT = ['{', '}', '[', ']', ',', ':'];

const RING_SIZE = 8;

function token(type: T, start: number, end: number, newlineBefore: boolean, text: string, value: number): Token {
  return { type, start, end, newlineBefore, text, value };
}

/**
 * Produces the tokens of a text one at a time, so that a parser holds only the few it
 * looks at: a file's tokens never all live at once. Comments and diagnostics are
 * collected as the scan passes them.
 */
export class Scanner {
  readonly comments: Comment[] = [];
  readonly diagnostics: SyntaxDiagnostic[] = [];
  private i = 0;
  private newline = true;
  /** Token objects handed out again and again (see the constructor), and which one is next. */
  private readonly ring: Token[] | undefined;
  private slot = 0;

  /**
   * `recycle`: the caller reads each token before it asks for eight more (the parser), so
   * eight token objects serve the whole file instead of one object per token.
   */
  constructor(
    private readonly text: string,
    recycle = false,
  ) {
    if (recycle) {
      this.ring = [];
      for (let i = 0; i < RING_SIZE; i++) this.ring.push(token(T.EOF, 0, 0, true, '', 0));
    }
  }

  private make(type: T, start: number, end: number, newlineBefore: boolean, text: string, value: number): Token {
    const ring = this.ring;
    if (!ring) return token(type, start, end, newlineBefore, text, value);
    const reused = ring[this.slot]!;
    this.slot = (this.slot + 1) % RING_SIZE;
    reused.type = type;
    reused.start = start;
    reused.end = end;
    reused.newlineBefore = newlineBefore;
    reused.text = text;
    reused.value = value;
    return reused;
  }

  /** The next token; at the end, an EOF token (again on every call). */
  next(): Token {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      // white space
      if (c === 32 || c === 9 || c === 0xfeff) {
        i++;
        continue;
      }
      // A line break: LF, CR alone or CRLF (the CR and the LF each set the flag), as LSP and editors count lines.
      if (c === 10 || c === 13) {
        this.newline = true;
        i++;
        continue;
      }
      if (c === 47 /* / */) {
        const next = text.charCodeAt(i + 1);
        if (next === 47) {
          // It ends at the line break, whichever it is (LF, CRLF or CR alone).
          const j = lineEndAt(text, i + 2);
          this.comments.push({ start: i, end: j, block: false, text: text.slice(i + 2, j) });
          i = j;
          continue;
        }
        if (next === 42) {
          const close = text.indexOf('*/', i + 2);
          if (close < 0) {
            this.diagnostics.push({ start: i, end: i + 2, message: "unterminated comment: expected '*/' before the end of the file" });
            this.comments.push({ start: i, end: n, block: true, text: text.slice(i + 2) });
            if (lineBreakIn(text, i, n) >= 0) this.newline = true;
            i = n;
            continue;
          }
          if (lineBreakIn(text, i, close) >= 0) this.newline = true;
          this.comments.push({ start: i, end: close + 2, block: true, text: text.slice(i + 2, close) });
          i = close + 2;
          continue;
        }
      }
      const newlineBefore = this.newline;
      this.newline = false;
      const result = this.scanToken(c, i, newlineBefore);
      this.i = result.end > i ? result.end : i + 1;
      return result;
    }
    this.i = n;
    return this.make(T.EOF, n, n, true, '', 0);
  }

  /** The token that starts at i with the character c (not white space, not a comment). */
  private scanToken(c: number, i: number, newlineBefore: boolean): Token {
    const text = this.text;
    const n = text.length;
    const unicodeStart = c > 127 ? unicodeNameChar(text, i, true) : 0;
    if ((c < 128 && (ASCII[c]! & NAME_START) !== 0) || unicodeStart > 0) {
      let j = i + (unicodeStart || 1);
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d < 128) {
          if ((ASCII[d]! & NAME_PART) === 0) break;
          j++;
        } else {
          const length = unicodeNameChar(text, j, false);
          if (length === 0) break;
          j += length;
        }
      }
      const last = text.charCodeAt(j - 1);
      if (c < 128 && last < 128 && j - i <= 15) {
        const known = KNOWN_WORDS.get(wordKey(j - i, c, last));
        if (known) {
          for (const word of known) {
            if (word.text.length === j - i && text.startsWith(word.text, i)) return this.make(word.type, i, j, newlineBefore, word.text, 0);
          }
        }
      }
      return this.make(T.Name, i, j, newlineBefore, text.slice(i, j), 0);
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 46 /* . */ && isDigit(text.charCodeAt(j + 1))) {
        j += 2;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      }
      const after = text.charCodeAt(j);
      if (after === 37 /* % */) {
        const raw = text.slice(i, j);
        return this.make(T.Percent, i, j + 1, newlineBefore, raw + '%', Number(raw));
      }
      if (isNameStart(after)) {
        let k = j + 1;
        while (k < n) {
          const d = text.charCodeAt(k);
          if (d >= 128 || (ASCII[d]! & NAME_PART) === 0) break;
          k++;
        }
        let factor: number = unitFactor(text, j, k);
        const whole = text.slice(i, k);
        // FIXME: the unit used to be looked up in an object literal, so a unit named like a
        // member of Object.prototype (`5toString`) is accepted with the value NaN; kept as it was.
        if (factor === 0 && (UNIT_MS as Record<string, unknown>)[text.slice(j, k)] !== undefined) factor = NaN;
        if (factor === 0) {
          this.diagnostics.push({ start: i, end: k, message: `'${whole}' is not a duration: use a number with ms, s, m or h (300ms, 1.5s, 2m)` });
          return this.make(T.Error, i, k, newlineBefore, whole, 0);
        }
        return this.make(T.Duration, i, k, newlineBefore, whole, Number(text.slice(i, j)) * factor);
      }
      const raw = text.slice(i, j);
      return this.make(T.Number, i, j, newlineBefore, raw, Number(raw));
    }
    if (c === 34 /* " */) return this.scanString(i, newlineBefore);
    const next = text.charCodeAt(i + 1);
    if (next === 62 /* > */) {
      if (c === 45 /* - */) return this.make(T.SyncArrow, i, i + 2, newlineBefore, '->', 0);
      if (c === 126 /* ~ */) return this.make(T.AsyncArrow, i, i + 2, newlineBefore, '~>', 0);
    }
    const single =
      c === 123 ? T.LBrace : c === 125 ? T.RBrace : c === 91 ? T.LBracket : c === 93 ? T.RBracket : c === 44 ? T.Comma : c === 58 ? T.Colon : -1;
    if (single >= 0) return this.make(single as T, i, i + 1, newlineBefore, PUNCTUATION_TEXT[single - T.LBrace]!, 0);
    // Anything else: one error token per run of unusable characters.
    let j = i + 1;
    if (c >= 0xd800 && c <= 0xdbff && j < n) j++;
    const ch = text.slice(i, j);
    let hint = '';
    if (c === 45 && isDigit(next)) hint = ': values cannot be negative';
    else if (c === 46 && isDigit(next)) hint = `: write a leading zero, as in 0${text.slice(i, i + 3)}`;
    else if (c === 37) hint = ' (write a percentage without a space, as in 99.9%)';
    else if (c === 45) hint = " (a synchronous link is written '->')";
    else if (c === 126) hint = " (an asynchronous link is written '~>')";
    else if (c === 61 && next === 62) {
      // `=>`: one mistake, one message.
      hint = " (links are written '->' or '~>')";
      j = i + 2;
    }
    this.diagnostics.push({ start: i, end: j, message: `unexpected ${j - i > 1 && c === 61 ? `'=>'` : describeChar(ch)}${hint}` });
    return this.make(T.Error, i, j, newlineBefore, ch, 0);
  }

  private scanString(i: number, newlineBefore: boolean): Token {
    const text = this.text;
    const n = text.length;
    let j = i + 1;
    let value = '';
    let chunk = j;
    let closed = false;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 34) {
        value += text.slice(chunk, j);
        closed = true;
        j++;
        break;
      }
      if (d === 10 || d === 13) break;
      if (d === 92 /* \ */) {
        value += text.slice(chunk, j);
        const e = text.charCodeAt(j + 1);
        if (e === 34) value += '"';
        else if (e === 92) value += '\\';
        else if (e === 110) value += '\n';
        else if (e === 116) value += '\t';
        else if (j + 1 >= n || e === 10 || e === 13) {
          j++;
          chunk = j;
          continue;
        } else {
          this.diagnostics.push({ start: j, end: j + 2, message: `unknown escape '\\${text[j + 1]}' in string: use \\", \\\\, \\n or \\t` });
          value += text[j + 1];
        }
        j += 2;
        chunk = j;
        continue;
      }
      j++;
    }
    if (!closed) {
      value += text.slice(chunk, j);
      this.diagnostics.push({ start: i, end: j, message: 'unterminated string: add a closing \'"\' on the same line' });
    }
    return this.make(T.String, i, j, newlineBefore, value, 0);
  }
}

export function lex(text: string): LexResult {
  const scanner = new Scanner(text);
  const tokens: Token[] = [];
  for (;;) {
    const next = scanner.next();
    tokens.push(next);
    if (next.type === T.EOF) break;
  }
  return { tokens, comments: scanner.comments, diagnostics: scanner.diagnostics };
}

export function isKindToken(token: Token): token is Token & { text: Kind } {
  return token.type === T.Kind;
}
