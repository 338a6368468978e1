// What a rule is: metadata as data, a check over the model, and fixes as text edits.

import type { Span } from '../syntax/ast';
import type { Figures } from '../model/figures';
import type { Model, TopoDocument } from '../model/model';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface OptionSpec {
  type: 'integer';
  default: number;
  minimum: number;
  description: string;
}

export interface RuleMeta {
  id: string;
  /** One line, shown by `topo rules` and in SARIF. */
  description: string;
  /** Language-integrity checks are always errors and cannot be configured or suppressed. */
  category: 'language' | 'risk';
  defaultSeverity: SeveritySetting;
  options: Readonly<Record<string, OptionSpec>>;
  /** Whether the rule offers a fix of its own (every risk rule can also be suppressed). */
  fixable: boolean;
}

export interface TextEdit {
  path: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The generic "suppress on this line" fix that lint.ts adds to every risk finding, as opposed to a rule's own fix. */
  suppression?: true;
}

export interface RelatedLocation {
  path: string;
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  start: number;
  end: number;
  related: RelatedLocation[];
  fixes: Fix[];
}

export interface Report {
  doc: TopoDocument;
  span: Span;
  message: string;
  related?: { doc: TopoDocument; span: Span; message: string }[];
  /**
   * The rule's own fixes, or a function that makes them: fixes are read only when a client
   * asks for them (a quick fix, `--format json`), and most findings of a big project never are.
   */
  fixes?: Fix[] | (() => Fix[]);
}

export interface RuleContext {
  model: Model;
  figures: Figures;
  options: Readonly<Record<string, number>>;
  report(report: Report): void;
  /**
   * The ids of the links and of the elements whose findings are wanted — all of them,
   * unless the server re-checks one edited document (then that document's: a file's
   * links and elements have consecutive ids). A finding elsewhere is dropped when reported.
   */
  linkRange: readonly [number, number];
  elementRange: readonly [number, number];
  /** Whether findings located in the document are wanted; a rule may skip work for one that is not. */
  wants(doc: TopoDocument): boolean;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export const DOCS_BASE_URL = 'https://github.com/topo-lang/topo/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
