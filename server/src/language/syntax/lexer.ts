// A single-pass lexer over char codes. It never throws: a character it cannot
// use becomes an error token and a diagnostic, and lexing goes on.

import { Comment, Kind, SyntaxDiagnostic, isKind } from './ast';

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

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c);
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

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const diagnostics: SyntaxDiagnostic[] = [];
  const n = text.length;
  let i = 0;
  let newline = true;

  const push = (type: T, start: number, end: number, tokenText: string, value = 0): void => {
    tokens.push({ type, start, end, newlineBefore: newline, text: tokenText, value });
    newline = false;
  };
  const error = (start: number, end: number, message: string): void => {
    diagnostics.push({ start, end, message });
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    // white space
    if (c === 10) {
      newline = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
      i++;
      continue;
    }
    const start = i;
    if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        let j = i + 2;
        while (j < n && text.charCodeAt(j) !== 10) j++;
        const end = j > i + 2 && text.charCodeAt(j - 1) === 13 ? j - 1 : j;
        comments.push({ start, end, block: false, text: text.slice(i + 2, end) });
        i = j;
        continue;
      }
      if (next === 42) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) {
          error(start, start + 2, "unterminated comment: expected '*/' before the end of the file");
          comments.push({ start, end: n, block: true, text: text.slice(i + 2) });
          for (let j = i; j < n; j++) if (text.charCodeAt(j) === 10) newline = true;
          i = n;
          continue;
        }
        for (let j = i; j < close; j++) if (text.charCodeAt(j) === 10) newline = true;
        comments.push({ start, end: close + 2, block: true, text: text.slice(i + 2, close) });
        i = close + 2;
        continue;
      }
    }
    const unicodeStart = c > 127 ? unicodeNameChar(text, i, true) : 0;
    if (isNameStart(c) || unicodeStart > 0) {
      let j = i + (unicodeStart || 1);
      while (j < n) {
        const d = text.charCodeAt(j);
        if (isNamePart(d)) j++;
        else if (d > 127) {
          const length = unicodeNameChar(text, j, false);
          if (length === 0) break;
          j += length;
        } else break;
      }
      const word = text.slice(i, j);
      const type = isKind(word)
        ? T.Kind
        : word === 'group'
          ? T.Group
          : word === 'true'
            ? T.True
            : word === 'false'
              ? T.False
              : T.Name;
      push(type, i, j, word);
      i = j;
      continue;
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 46 /* . */ && isDigit(text.charCodeAt(j + 1))) {
        j += 2;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      }
      const raw = text.slice(i, j);
      const num = Number(raw);
      if (text.charCodeAt(j) === 37 /* % */) {
        push(T.Percent, i, j + 1, raw + '%', num);
        i = j + 1;
        continue;
      }
      if (isNameStart(text.charCodeAt(j))) {
        let k = j + 1;
        while (k < n && isNamePart(text.charCodeAt(k))) k++;
        const unit = text.slice(j, k);
        const factor = UNIT_MS[unit];
        if (factor === undefined) {
          error(i, k, `'${text.slice(i, k)}' is not a duration: use a number with ms, s, m or h (300ms, 1.5s, 2m)`);
          push(T.Error, i, k, text.slice(i, k));
        } else {
          push(T.Duration, i, k, text.slice(i, k), num * factor);
        }
        i = k;
        continue;
      }
      push(T.Number, i, j, raw, num);
      i = j;
      continue;
    }
    if (c === 34 /* " */) {
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
            error(j, j + 2, `unknown escape '\\${text[j + 1]}' in string: use \\", \\\\, \\n or \\t`);
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
        error(i, j, 'unterminated string: add a closing \'"\' on the same line');
      }
      push(T.String, i, j, value);
      i = j;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (c === 45 /* - */ && next === 62 /* > */) {
      push(T.SyncArrow, i, i + 2, '->');
      i += 2;
      continue;
    }
    if (c === 126 /* ~ */ && next === 62) {
      push(T.AsyncArrow, i, i + 2, '~>');
      i += 2;
      continue;
    }
    const single =
      c === 123 ? T.LBrace : c === 125 ? T.RBrace : c === 91 ? T.LBracket : c === 93 ? T.RBracket : c === 44 ? T.Comma : c === 58 ? T.Colon : -1;
    if (single >= 0) {
      push(single as T, i, i + 1, text[i]!);
      i++;
      continue;
    }
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
    error(i, j, `unexpected ${j - i > 1 && c === 61 ? `'=>'` : describeChar(ch)}${hint}`);
    push(T.Error, i, j, ch);
    i = j;
  }
  tokens.push({ type: T.EOF, start: n, end: n, newlineBefore: true, text: '', value: 0 });
  return { tokens, comments, diagnostics };
}

export function isKindToken(token: Token): token is Token & { text: Kind } {
  return token.type === T.Kind;
}
