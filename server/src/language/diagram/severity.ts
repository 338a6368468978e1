// The worst severity of the findings on each element and each link, for styling
// the diagram. A finding belongs to the statement whose span holds it: an element
// declaration (its name, its properties), or a link statement — the hop whose span
// holds it (rules report a link on its span), else every hop of the statement (a
// finding on the shared properties). Duplicate declarations count for the element
// that is drawn. One merge of the findings (sorted by offset) with the statements
// (in source order) per file: linear.

import type { LintResult } from '../lint';
import type { ElementNode, LinkNode, Statement } from '../syntax/ast';
import type { Severity } from '../rules/types';
import type { DiagramWorkCounter } from './types';

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export function worse(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

export interface SeverityIndex {
  /** By element id (the drawn declaration of a name). */
  elements: (Severity | undefined)[];
  /** By link id. */
  links: (Severity | undefined)[];
}

type Leaf = ElementNode | LinkNode;

export function indexSeverities(result: LintResult, counter: DiagramWorkCounter): SeverityIndex {
  const { model } = result;
  const elements: (Severity | undefined)[] = new Array(model.elements.length).fill(undefined);
  const links: (Severity | undefined)[] = new Array(model.links.length).fill(undefined);
  if (result.findings.length === 0) return { elements, links };

  const drawnElement = new Map<ElementNode, number>();
  for (const element of model.elements) drawnElement.set(element.node, model.byName.get(element.name)!.id);
  const hopsOf = new Map<LinkNode, number[]>();
  for (const link of model.links) {
    const hops = hopsOf.get(link.node);
    if (hops) hops.push(link.id);
    else hopsOf.set(link.node, [link.id]);
  }

  const findingsByPath = new Map<string, { start: number; end: number; severity: Severity }[]>();
  for (const finding of result.findings) {
    let list = findingsByPath.get(finding.path);
    if (!list) findingsByPath.set(finding.path, (list = []));
    list.push(finding);
  }

  for (const doc of model.documents) {
    const findings = findingsByPath.get(doc.path);
    if (!findings) continue;
    findings.sort((a, b) => a.start - b.start || a.end - b.end);
    const leaves = leavesInOrder(doc.file.statements, counter);
    let at = 0;
    // Within a chain, the hop holding a finding: hops are in source order and only
    // neighbours overlap (on the name they share), so it is the last hop starting at
    // or before the finding, or the one before it. Findings come in order: the
    // cursor only moves forward.
    let cursorLeaf: Leaf | undefined;
    let cursor = 0;
    // The worst finding on a chain's shared part (its properties), given to every hop once the chain is done.
    let shared: Severity | undefined;
    const finishChain = () => {
      if (cursorLeaf?.type === 'link' && shared) {
        for (const id of hopsOf.get(cursorLeaf) ?? []) {
          counter.steps++;
          links[id] = worse(links[id], shared);
        }
      }
      shared = undefined;
    };
    for (const finding of findings) {
      counter.steps++;
      while (at < leaves.length && leaves[at]!.end < finding.start) {
        counter.steps++;
        at++;
      }
      const leaf = leaves[at];
      if (!leaf || leaf.start > finding.start || finding.end > leaf.end) continue;
      if (leaf.type === 'element') {
        const id = drawnElement.get(leaf);
        if (id !== undefined) elements[id] = worse(elements[id], finding.severity);
        continue;
      }
      const hops = hopsOf.get(leaf) ?? [];
      if (cursorLeaf !== leaf) {
        finishChain();
        cursorLeaf = leaf;
        cursor = 0;
      }
      while (cursor + 1 < hops.length && model.links[hops[cursor + 1]!]!.span.start <= finding.start) {
        counter.steps++;
        cursor++;
      }
      const holding = [cursor - 1, cursor].filter((index) => {
        if (index < 0 || index >= hops.length) return false;
        const span = model.links[hops[index]!]!.span;
        return span.start <= finding.start && finding.end <= span.end;
      });
      if (holding.length === 0) shared = worse(shared, finding.severity);
      for (const index of holding) links[hops[index]!] = worse(links[hops[index]!], finding.severity);
    }
    finishChain();
  }
  return { elements, links };
}

/** Element and link statements of a file in source order; groups walked with an explicit stack (they nest to any depth). */
function leavesInOrder(statements: readonly Statement[], counter: DiagramWorkCounter): Leaf[] {
  const leaves: Leaf[] = [];
  const stack: { list: readonly Statement[]; index: number }[] = [{ list: statements, index: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.list.length) {
      stack.pop();
      continue;
    }
    counter.steps++;
    const statement = frame.list[frame.index++]!;
    if (statement.type === 'group') stack.push({ list: statement.body, index: 0 });
    else leaves.push(statement);
  }
  return leaves;
}
