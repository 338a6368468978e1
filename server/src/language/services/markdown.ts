// Text helpers for the markdown the services return (hover, completion
// documentation). Everything a user typed — names, labels, descriptions, string
// values, paths, and rule messages that quote them — goes through escapeMarkdown
// or code(), so that nothing written in a .topo file becomes markup, HTML or a link.

/**
 * User text as inert markdown: one line (line breaks and tabs become spaces, other
 * control characters are dropped), and every ASCII punctuation character that
 * CommonMark or GFM can give a meaning to backslash-escaped. An escaped punctuation
 * character renders as itself, so no emphasis, code span, link, image, autolink,
 * HTML tag, entity, heading, list, table or math can start from user text; escaping
 * '.', ':' and '@' also breaks bare-URL and e-mail autolinking (www.x.y, https://…).
 * Left as they are, because they mean nothing on their own: , ; ' " ? / %.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&:@=$^]/g, '\\$&');
}

/** An identifier (a name, a rule id, a key) as an inline code span, inside which nothing is markup; text with a backtick is escaped instead. */
export function code(text: string): string {
  return text.length > 0 && !/[`\u0000-\u001f\u007f\u2028\u2029]/.test(text) ? `\`${text}\`` : escapeMarkdown(text);
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
