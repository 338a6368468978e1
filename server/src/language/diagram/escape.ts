// The one place where user text enters Mermaid source. Everything a user wrote
// (names, labels, descriptions, protocols) reaches a diagram only through
// `label()` — inside a quoted flowchart label, an edge label, a subgraph title,
// a sequence participant alias, message or note — and every Mermaid id comes from
// `nodeId()` / `idPart()`, in the alphabet [A-Za-z0-9_] behind a fixed prefix.
//
// How Mermaid (12.3) reads a label, and why each character is escaped:
// - Before parsing, Mermaid turns every `#name;` / `#123;` into a placeholder
//   ("ﬂ°°123¶ß") and after rendering turns the placeholders into HTML character
//   references (`&#123;`). So `#123;` is Mermaid's entity code for code point 123,
//   and it is the only escape Mermaid has: we write every risky character as a
//   numeric entity code. Raw `ﬂ` and `¶` are escaped too, so that no user text can
//   pose as a placeholder.
// - `"` ends a quoted flowchart label; `#` starts an entity code (and a comment in
//   a sequence diagram); `;` ends a sequence statement; a newline ends any
//   statement; `%` could start a `%%{init}%%` directive (Mermaid looks for them
//   anywhere in the text) or a `%%` comment.
// - `<`, `>`, `&` would be HTML in labels (Mermaid sanitizes, but text should stay
//   text); `\` before `n` is a line break in a label; a backtick after the opening
//   quote starts a Markdown string; `$$` starts KaTeX; `:` hides `fa:fa-icon`
//   icon syntax, `wrap:` prefixes and Mermaid's `style…:…#…;` rewriting.
// - Unicode format characters (bidi marks and overrides, zero-width characters),
//   line and paragraph separators and tabs become entity codes: nothing invisible
//   is left raw in the source. Characters that no HTML or XML text may hold (C0 and
//   C1 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
// - Leading and trailing spaces become entity codes, since Mermaid trims labels.
// - A flowchart label is decoded twice (its entity codes by DOMPurify, then the
//   whole SVG's placeholders), so the user's own "ﬂ°" and "¶ß" would turn into
//   "&" and ";" at the second pass: an invisible U+200C (zero-width non-joiner)
//   goes between the two characters.
// Decoding the entity codes gives back the user's text exactly, for every
// character that text may hold, with that one exception (see
// server/test/diagram/escape.test.ts).

/** Labels longer than this (in code points) are cut, with an ellipsis: Mermaid lays out every character. */
export const MAX_LABEL_LENGTH = 200;

const REPLACEMENT = '#65533;';
const ZWNJ = '#8204;';
/** ASCII characters that never appear raw in a label. */
const ASCII_ESCAPED = new Set([...'"#%&<>\\`$:;'].map((c) => c.charCodeAt(0)));
/** Mermaid's entity placeholder characters ("ﬂ°°…¶ß"). */
const PLACEHOLDER_CHARS = new Set([0xfb02, 0xb6]);
const INVISIBLE = /^[\p{Cf}\p{Zl}\p{Zp}]$/u;
/** Text that needs no escaping at all: the common case, checked first. */
const PLAIN = /^[A-Za-z0-9_.,()/+=?!'*\-[\]{}|~^@](?:[A-Za-z0-9_ .,()/+=?!'*\-[\]{}|~^@]*[A-Za-z0-9_.,()/+=?!'*\-[\]{}|~^@])?$/;

function entity(codePoint: number): string {
  return `#${codePoint};`;
}

function escapeCodePoint(cp: number): string | undefined {
  if (cp < 0x20) return cp === 0x09 || cp === 0x0a || cp === 0x0d ? entity(cp) : REPLACEMENT;
  if (cp < 0x7f) return ASCII_ESCAPED.has(cp) ? entity(cp) : undefined;
  if (cp <= 0x9f) return REPLACEMENT;
  if ((cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff) return REPLACEMENT;
  if (PLACEHOLDER_CHARS.has(cp)) return entity(cp);
  if (INVISIBLE.test(String.fromCodePoint(cp))) return entity(cp);
  return undefined;
}

/**
 * User text as the content of a Mermaid label (the caller adds the quotes where
 * the syntax wants them): one line, only safe characters raw, everything else as
 * Mermaid entity codes. Never empty-safe by itself: callers pass non-empty text.
 */
export function label(text: string, maxLength = MAX_LABEL_LENGTH): string {
  if (text.length <= maxLength && PLAIN.test(text)) return text;
  const codePoints: number[] = [];
  for (const char of text) codePoints.push(char.codePointAt(0)!);
  if (codePoints.length > maxLength) {
    codePoints.length = maxLength - 1;
    codePoints.push(0x2026);
  }
  let first = 0;
  while (first < codePoints.length && codePoints[first] === 0x20) first++;
  let last = codePoints.length - 1;
  while (last >= first && codePoints[last] === 0x20) last--;
  let out = '';
  for (let i = 0; i < codePoints.length; i++) {
    const cp = codePoints[i]!;
    if (cp === 0x20) {
      out += i < first || i > last ? entity(cp) : ' ';
      continue;
    }
    out += escapeCodePoint(cp) ?? String.fromCodePoint(cp);
    const next = codePoints[i + 1];
    if ((cp === 0xfb02 && next === 0xb0) || (cp === 0xb6 && next === 0xdf)) out += ZWNJ;
  }
  return out;
}

/** A double-quoted flowchart label: `"…"`. */
export function quoted(text: string): string {
  return `"${label(text)}"`;
}

/**
 * An id part from any name, injectively, in [A-Za-z0-9_]: letters and digits stay,
 * `_` becomes `__`, any other character `_<hex code point>_`. Topo names are
 * letters (of any script), digits and `_`, so ASCII names read as themselves.
 */
export function idPart(name: string): string {
  if (/^[A-Za-z0-9]*$/.test(name)) return name;
  let out = '';
  for (const char of name) {
    if (/[A-Za-z0-9]/.test(char)) out += char;
    else if (char === '_') out += '__';
    else out += `_${char.codePointAt(0)!.toString(16)}_`;
  }
  return out;
}

/**
 * The Mermaid id of an element: `n_` + idPart(name). The prefix keeps every id
 * clear of Mermaid's keywords (`end`, `graph`, `subgraph`, `class`, `click`,
 * `style`, `default`, `participant`, `note`…), of the ids this generator uses for
 * groups (`g_`) and the legend (`lg_`), and of a leading digit.
 */
export function nodeId(name: string): string {
  return `n_${idPart(name)}`;
}
