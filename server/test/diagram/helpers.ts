// One helper per concern for the diagram tests: lint an in-memory project and
// generate a view, or get the error a request gives.

import assert from 'node:assert/strict';
import { generateDiagram, type Diagram, type DiagramRequest } from '../../src/language/diagram';
import { lint, type Files, type RuleConfig } from '../helpers/project';

export function diagramOf(files: Files, request: DiagramRequest, config: RuleConfig = {}): Diagram {
  const result = generateDiagram(lint(files, config), request);
  assert.ok(result.ok, result.ok ? '' : `expected a diagram, got the error: ${result.error}`);
  return result.diagram;
}

export function errorOf(files: Files, request: DiagramRequest): string {
  const result = generateDiagram(lint(files), request);
  assert.ok(!result.ok, 'expected an error');
  return result.error;
}

/** The lines of a diagram's text, without indentation. */
export function linesOf(diagram: Diagram): string[] {
  return diagram.text.trimEnd().split('\n').map((line) => line.trim());
}

/** The diagram's lines up to the legend (the project's own nodes, subgraphs and edges). */
export function bodyOf(diagram: Diagram): string[] {
  const lines = linesOf(diagram);
  const legend = lines.findIndex((line) => line.startsWith('subgraph lg_legend'));
  const styles = lines.findIndex((line) => /^(classDef|class|linkStyle) /.test(line));
  const end = [legend, styles].filter((at) => at >= 0);
  return lines.slice(1, end.length ? Math.min(...end) : lines.length);
}

/** The ids a `class … NAME` line gives the class, or [] when there is no such line. */
export function classMembers(diagram: Diagram, className: string): string[] {
  const line = linesOf(diagram).find((candidate) => candidate.startsWith('class ') && candidate.endsWith(` ${className}`));
  return line ? line.slice('class '.length, -className.length - 1).split(',') : [];
}

/** Edge indexes styled by `linkStyle` lines, with their styles. */
export function linkStyles(diagram: Diagram): Map<number, string> {
  const styles = new Map<number, string>();
  for (const line of linesOf(diagram)) {
    const match = /^linkStyle ([\d,]+) (.+)$/.exec(line);
    if (match) for (const index of match[1]!.split(',')) styles.set(Number(index), match[2]!);
  }
  return styles;
}

/** The edge lines of a flowchart, in Mermaid's edge order (legend edges last). */
export function edgeLines(diagram: Diagram): string[] {
  return linesOf(diagram).filter((line) => / (-->|-\.->|~~~)(\|"[^"]*"\|)? /.test(line));
}

/**
 * Checks the activations the way Mermaid counts them: `+` after an arrow activates
 * the target, `-` deactivates the source, which must be active (Mermaid throws
 * "Trying to inactivate an inactive participant" otherwise); all end inactive.
 */
export function assertBalancedActivations(diagram: Diagram): void {
  const active = new Map<string, number>();
  for (const line of linesOf(diagram)) {
    const match = /^(n_\w+)(->>|-->>|-\)|--\))([+-]?)(n_\w+):/.exec(line);
    if (!match) continue;
    const [, from, , marker, to] = match;
    if (marker === '+') active.set(to!, (active.get(to!) ?? 0) + 1);
    if (marker === '-') {
      assert.ok((active.get(from!) ?? 0) > 0, `${from} is deactivated while inactive: ${line}`);
      active.set(from!, active.get(from!)! - 1);
    }
  }
  assert.ok([...active.values()].every((count) => count === 0), 'every activation is closed');
}
