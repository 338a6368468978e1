// Text helpers for the markdown the services return (hover, completion
// documentation). Everything a user typed — names, labels, descriptions, string
// values, paths, and rule messages that quote them — goes through escapeMarkdown
// or code(), so that nothing written in a .topo file becomes markup, HTML or a link.

/**
 * User text as inert markdown: one line (line breaks and tabs become spaces, other
 * control characters are dropped), and every ASCII punctuation character
 * backslash-escaped. CommonMark renders an escaped punctuation character as itself,
 * so no emphasis, code span, link, image, autolink, HTML tag, entity, heading, list
 * or table can start from it; escaping '.' and ':' also breaks bare-URL autolinking.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** A name as an inline code span; names are letters, digits and '_' (the lexer's rule), anything else is escaped instead. */
export function code(name: string): string {
  return /^[\p{L}\p{N}\p{M}\p{Pc}]+$/u.test(name) ? `\`${name}\`` : escapeMarkdown(name);
}

/** A label or description in quotes, escaped. */
export function quoted(text: string): string {
  return `“${escapeMarkdown(text)}”`;
}

/** Milliseconds as people write them: "68 ms", "1.5 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${trimNumber(ms / 1000, 3)} s`;
  return `${trimNumber(ms, 2)} ms`;
}

/** A fraction as a percentage, truncated (never rounded up to 100%): 0.99850005 → "99.85%". */
export function formatFraction(value: number): string {
  const percent = value * 100;
  if (percent >= 100) return '100%';
  return `${trimNumber(Math.floor(percent * 1000) / 1000, 3)}%`;
}

function trimNumber(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(/\.?0+$/, '');
}

/** At most `max` items joined with ", ", then "and N more". */
export function listWithMore(items: readonly string[], max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
