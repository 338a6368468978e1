// The syntax tree of one .topo file. Every node keeps its exact source span as
// offsets (UTF-16 code units into the file's text); line/column is computed only
// where results leave the core.

export const KINDS = [
  'actor',
  'client',
  'gateway',
  'service',
  'worker',
  'database',
  'cache',
  'queue',
  'topic',
  'external',
] as const;
export type Kind = (typeof KINDS)[number];

export function isKind(text: string): text is Kind {
  return (KINDS as readonly string[]).includes(text);
}

export interface Span {
  start: number;
  end: number;
}

/** A name as written. A name the parser had to invent (missing) is empty and zero-width. */
export interface Identifier extends Span {
  text: string;
}

export interface StringLiteral extends Span {
  type: 'string';
  /** The value with escapes resolved. */
  value: string;
}

export interface DurationLiteral extends Span {
  type: 'duration';
  /** Milliseconds. */
  ms: number;
  raw: string;
}

export interface PercentLiteral extends Span {
  type: 'percent';
  value: number;
  raw: string;
}

export interface NumberLiteral extends Span {
  type: 'number';
  value: number;
  raw: string;
}

export interface BooleanLiteral extends Span {
  type: 'boolean';
  value: boolean;
}

export interface NameValue extends Span {
  type: 'name';
  text: string;
}

export interface ListValue extends Span {
  type: 'list';
  items: Value[];
}

export type Value =
  | StringLiteral
  | DurationLiteral
  | PercentLiteral
  | NumberLiteral
  | BooleanLiteral
  | NameValue
  | ListValue;

export interface Property extends Span {
  key: Identifier;
  /** Missing when the source stops after the key or the colon. */
  value: Value | undefined;
}

export interface PropertyBlock extends Span {
  properties: Property[];
  /** False when the closing brace is missing. */
  closed: boolean;
}

export interface ElementNode extends Span {
  type: 'element';
  kind: Kind;
  /** The span of the kind keyword. */
  kindSpan: Span;
  name: Identifier;
  label: StringLiteral | undefined;
  props: PropertyBlock | undefined;
}

export interface Arrow extends Span {
  sync: boolean;
}

/** `A -> B ~> C "label" { ... }`: names.length === arrows.length + 1 (a missing name is empty). */
export interface LinkNode extends Span {
  type: 'link';
  names: Identifier[];
  arrows: Arrow[];
  label: StringLiteral | undefined;
  props: PropertyBlock | undefined;
}

export interface GroupNode extends Span {
  type: 'group';
  keywordSpan: Span;
  name: Identifier;
  label: StringLiteral | undefined;
  body: Statement[];
  /** The span of the opening brace, if present. */
  open: Span | undefined;
  /** The span of the closing brace; undefined when missing. */
  close: Span | undefined;
}

export type Statement = ElementNode | LinkNode | GroupNode;

export interface Comment extends Span {
  /** True for a block comment. */
  block: boolean;
  /** The comment text without its delimiters. */
  text: string;
}

export interface SyntaxDiagnostic extends Span {
  message: string;
}

export interface SourceFile {
  text: string;
  statements: Statement[];
  comments: Comment[];
  diagnostics: SyntaxDiagnostic[];
}
