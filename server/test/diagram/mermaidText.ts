// What Mermaid 12.3 does to the text around a label, copied from its source
// (node_modules/mermaid/dist/chunks/mermaid.core: encodeEntities and decodeEntities
// in chunk-6MUBBAK2.mjs, the directive and comment patterns in mermaid.core.mjs),
// so that the escaping tests check our output against Mermaid's own rules rather
// than against our idea of them.

/** Mermaid's encodeEntities: runs on the whole text before parsing. */
export function mermaidEncodeEntities(text: string): string {
  let txt = text;
  txt = txt.replace(/style.*:\S*#.*;/g, (s) => s.substring(0, s.length - 1));
  txt = txt.replace(/classDef.*:\S*#.*;/g, (s) => s.substring(0, s.length - 1));
  txt = txt.replace(/#\w+;/g, (s) => {
    const inner = s.substring(1, s.length - 1);
    return /^\+?\d+$/.test(inner) ? `\uFB02\xB0\xB0${inner}\xB6\xDF` : `\uFB02\xB0${inner}\xB6\xDF`;
  });
  return txt;
}

/** Mermaid's decodeEntities: runs on labels and on the rendered SVG. */
export function mermaidDecodeEntities(text: string): string {
  return text.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
}

/** What the browser makes of the character references Mermaid leaves (numeric ones: all that we write). */
export function browserDecode(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

/** A label's escaped content as the reader sees it in the rendered diagram. */
export function shownText(escaped: string): string {
  return browserDecode(mermaidDecodeEntities(mermaidEncodeEntities(escaped)));
}

/** Mermaid's directive pattern (utils.detectDirective): it looks for `%%{…}%%` anywhere in the text. */
export const DIRECTIVE = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;

/** Mermaid's comment pattern (cleanupComments): whole lines starting with `%%`. */
export const COMMENT_LINE = /^\s*%%(?!{)[^\n]+\n?/gm;

/** User strings that try to break out of a label, in every way we know. */
export const INJECTION_CORPUS: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '"]; click n_A call alert(1); A["',
  '"quoted" and \'single\'',
  '[brackets] (parens) {braces} |pipes| >flag]',
  '%%{init: {"securityLevel": "loose"}}%%',
  '%%{init: {"theme": "base", "themeVariables": {"fontFamily": "x;}</style><script>alert(1)</script>"}}}%%',
  'click A call alert(1)',
  'click n_Web href "javascript:alert(1)"',
  'javascript:alert(document.cookie)',
  'line one\nline two',
  'carriage\rreturn\r\n',
  'tab\there',
  'semi; colon; Note over n_A: injected',
  'A;B;C',
  '\u202Eevil\u202D and \u2066isolated\u2069 \u200Bzero\u200Fwidth\u061C',
  'line\u2028separator\u2029paragraph',
  'end',
  'subgraph x\nend',
  'A --> B',
  'A -.-> B ==> C ~~~ D',
  ':::sevError',
  'style n_A fill:#f00;',
  'classDef evil fill:#f00;',
  'linkStyle 0 stroke:#f00;',
  '#quot; #35; #lt; &lt; &amp; &#60;',
  '`markdown` **bold** _em_',
  '"`markdown string`"',
  '$$x^2$$ katex',
  'fa:fa-car icon',
  'wrap:text and nowrap:text',
  'back\\nslash \\ alone',
  '<br> <br/> line breaks',
  'ﬂ°°60¶ß placeholder ﬂ°lt¶ß',
  '  leading and trailing  ',
  ' ',
  'Bestellung für Kunden — 注文 · émoji 🚀',
  'control\u0000\u0001\u0007\u001b[31mred\u007f\u0085\u009f',
  'lone \uD800 surrogate \uDFFF and \uFFFE\uFFFF',
];
