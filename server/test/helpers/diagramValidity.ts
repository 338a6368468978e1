// What makes a generated Mermaid text valid, per the escaping rules of docs/diagrams.md
// ("Ids, classes and escaping"): every line is one of the lines the generator writes,
// every piece of user text sits in a label that is inert once Mermaid's own entity
// handling is applied (assertInert), ids come from the safe alphabet, blocks open and
// close, every edge and message names a declared node. Shared by the escaping tests, the
// property tests and the fuzz regression corpus.

import assert from 'node:assert/strict';
import type { Diagram } from '../../src/language/diagram';
import { assertBalancedActivations } from '../diagram/helpers';
import { COMMENT_LINE, DIRECTIVE, mermaidEncodeEntities } from '../diagram/mermaidText';

/** The escaped text with every entity code removed: what Mermaid's lexers see raw. */
function rawPart(escaped: string): string {
  return escaped.replace(/#\d+;/g, '');
}

/** An escaped label holds nothing Mermaid or HTML would read as syntax, and nothing invisible. */
export function assertInert(escaped: string, original: string): void {
  const raw = rawPart(escaped);
  assert.doesNotMatch(raw, /["#%&<>\\`$:;\n\r\t]/, `raw special character left in ${JSON.stringify(escaped)} (from ${JSON.stringify(original)})`);
  assert.doesNotMatch(raw, /[\u0000-\u001f\u007f-\u009f\uFFFE\uFFFF]/, 'no control character left raw');
  assert.doesNotMatch(raw, /\p{Cf}|\p{Zl}|\p{Zp}/u, 'no invisible format character left raw');
  assert.doesNotMatch(raw, /[\uFB02\u00B6]/, "no raw character of Mermaid's entity placeholders");
  assert.doesNotMatch(escaped, /^ | $/, 'no leading or trailing space for Mermaid to trim');
  // Mermaid turns exactly our entity codes into placeholders, nothing else.
  const encoded = mermaidEncodeEntities(escaped);
  assert.equal((encoded.match(/ﬂ°°\d+¶ß/g) ?? []).length, (escaped.match(/#\d+;/g) ?? []).length);
  assert.doesNotMatch(encoded, /#/, 'every # starts an entity code that Mermaid recognises');
}

const ID = '(?:n|g|lg)_[A-Za-z0-9_]*';
const SAFE_ID = new RegExp(`^${ID}$`);
const QUOTED = '"([^"]*)"';
const STYLE = '[a-z-]+:[#A-Za-z0-9.]+(?:,[a-z-]+:[#A-Za-z0-9.]+)*';

const FLOWCHART_LINES = {
  subgraph: new RegExp(`^subgraph (${ID}) \\[${QUOTED}\\]$`),
  // A node: its id, a shape's opening, the quoted label, the shape's closing.
  node: new RegExp(`^(${ID})([\\[({/>\\\\]{1,2})${QUOTED}([\\])}/\\\\]{1,2})$`),
  shape: new RegExp(`^(${ID})@\\{ shape: [a-z-]+ \\}$`),
  // An edge; the legend's sample edges declare their two ends inline.
  edge: new RegExp(`^(${ID})(?:\\[${QUOTED}\\])? (-->|-\\.->)(?:\\|${QUOTED}\\|)? (${ID})(?:\\[${QUOTED}\\])?$`),
  invisible: new RegExp(`^${ID}(?: ~~~ ${ID})+$`),
  classDef: new RegExp(`^classDef [A-Za-z]+ ${STYLE}$`),
  class: new RegExp(`^class (${ID}(?:,${ID})*) [A-Za-z]+$`),
  linkStyle: new RegExp(`^linkStyle (\\d+(?:,\\d+)*) ${STYLE}$`),
};

const SEQUENCE_LINES = {
  participant: new RegExp(`^(?:actor|participant) (${ID})(?:@\\{ "type": "(?:database|queue|collections)" \\})? as (.*)$`),
  message: new RegExp(`^(${ID})(?:->>\\+|-->>-|-\\)\\+|-\\))(${ID}): (.*)$`),
  note: new RegExp(`^Note over (${ID}): (.*)$`),
  par: /^par (.*)$/,
};

/** Asserts that a diagram's Mermaid text is made only of the generator's own lines, with inert labels. */
export function assertValidDiagram(diagram: Diagram): void {
  const { text } = diagram;
  const where = (line: string, n: number) => `line ${n + 1} of the ${diagram.view} view: ${JSON.stringify(line)}`;
  assert.ok(text.endsWith('\n'), 'the text ends with a newline');
  assert.equal(diagram.size.textLength, text.length, 'the size counts the text Mermaid measures');
  assert.doesNotMatch(text, /\r/, 'no carriage return: one statement per line');
  assert.doesNotMatch(text, new RegExp(DIRECTIVE.source, 'i'), 'no %%{…}%% directive anywhere');
  assert.doesNotMatch(text, new RegExp(COMMENT_LINE.source, 'm'), 'no %% comment line');
  const lines = text.slice(0, -1).split('\n');
  if (diagram.view === 'sequence') checkSequence(diagram, lines, where);
  else checkFlowchart(diagram, lines, where);
  for (const node of diagram.nodes) assert.match(node.id, SAFE_ID, `node id ${node.id}`);
  assert.equal(new Set(diagram.nodes.map((node) => node.id)).size, diagram.nodes.length, 'one node per id');
}

function checkFlowchart(diagram: Diagram, lines: string[], where: (line: string, n: number) => string): void {
  assert.equal(lines[0], 'flowchart LR');
  const declared = new Set<string>();
  const used: [string, number][] = [];
  const open: string[] = [];
  let edges = 0;
  const styled: number[] = [];
  lines.slice(1).forEach((raw, index) => {
    const n = index + 1;
    const line = raw.replace(/^ +/, '');
    let match: RegExpExecArray | null;
    if (line === 'end') {
      assert.ok(open.pop() !== undefined, `an end closes a subgraph: ${where(raw, n)}`);
    } else if (line === 'direction TB') {
      assert.ok(open.length > 0, `a direction inside a subgraph: ${where(raw, n)}`);
    } else if ((match = FLOWCHART_LINES.subgraph.exec(line))) {
      assert.ok(!declared.has(match[1]!), `subgraph id ${match[1]} declared once: ${where(raw, n)}`);
      declared.add(match[1]!);
      open.push(match[1]!);
      assertInert(match[2]!, raw);
    } else if ((match = FLOWCHART_LINES.node.exec(line))) {
      declared.add(match[1]!);
      assertInert(match[3]!, raw);
    } else if ((match = FLOWCHART_LINES.shape.exec(line))) {
      used.push([match[1]!, n]);
    } else if ((match = FLOWCHART_LINES.edge.exec(line))) {
      const [, from, fromLabel, , edgeLabel, to, toLabel] = match;
      for (const [id, inline] of [
        [from!, fromLabel],
        [to!, toLabel],
      ] as const) {
        if (inline !== undefined) {
          assertInert(inline, raw);
          declared.add(id);
        } else used.push([id, n]);
      }
      if (edgeLabel !== undefined) assertInert(edgeLabel, raw);
      edges++;
    } else if (FLOWCHART_LINES.invisible.test(line)) {
      for (const id of line.split(' ~~~ ')) used.push([id, n]);
    } else if (FLOWCHART_LINES.classDef.test(line)) {
      // generated class names and colours only
    } else if ((match = FLOWCHART_LINES.class.exec(line))) {
      for (const id of match[1]!.split(',')) used.push([id, n]);
    } else if ((match = FLOWCHART_LINES.linkStyle.exec(line))) {
      styled.push(...match[1]!.split(',').map(Number));
    } else {
      assert.fail(`not a line the flowchart generator writes: ${where(raw, n)}`);
    }
  });
  assert.deepEqual(open, [], 'every subgraph is closed');
  for (const [id, n] of used) assert.ok(declared.has(id), `${id} is declared before Mermaid would invent it: ${where(lines[n]!, n)}`);
  assert.equal(edges, diagram.size.edges, 'the size counts every edge drawn');
  for (const index of styled) assert.ok(index < edges, `linkStyle ${index} names an edge`);
  for (const edge of diagram.edges) {
    assert.ok(declared.has(edge.from) && declared.has(edge.to), `edge ${edge.index} joins declared nodes`);
  }
  for (const node of diagram.nodes) assert.ok(declared.has(node.id), `${node.id} is drawn`);
}

function checkSequence(diagram: Diagram, lines: string[], where: (line: string, n: number) => string): void {
  assert.equal(lines[0], 'sequenceDiagram');
  const participants = new Set<string>();
  const blocks: string[] = [];
  let messages = 0;
  lines.slice(1).forEach((raw, index) => {
    const n = index + 1;
    const line = raw.replace(/^ +/, '');
    const known = (id: string) => assert.ok(participants.has(id), `${id} is declared as a participant: ${where(raw, n)}`);
    let match: RegExpExecArray | null;
    if ((match = SEQUENCE_LINES.participant.exec(line))) {
      assert.equal(messages, 0, `participants come first: ${where(raw, n)}`);
      assert.ok(!participants.has(match[1]!), `${match[1]} declared once`);
      participants.add(match[1]!);
      assertInert(match[2]!, raw);
    } else if ((match = SEQUENCE_LINES.message.exec(line))) {
      known(match[1]!);
      known(match[2]!);
      assertInert(match[3]!, raw);
      messages++;
    } else if ((match = SEQUENCE_LINES.note.exec(line))) {
      known(match[1]!);
      assertInert(match[2]!, raw);
    } else if ((match = SEQUENCE_LINES.par.exec(line))) {
      assertInert(match[1]!, raw);
      blocks.push('par');
    } else if (line === 'and') {
      assert.equal(blocks[blocks.length - 1], 'par', `an and inside a par: ${where(raw, n)}`);
    } else if (line === 'end') {
      assert.ok(blocks.pop() !== undefined, `an end closes a block: ${where(raw, n)}`);
    } else {
      assert.fail(`not a line the sequence generator writes: ${where(raw, n)}`);
    }
  });
  assert.deepEqual(blocks, [], 'every par block is closed');
  assert.equal(messages, diagram.size.edges, 'the size counts every message');
  for (const node of diagram.nodes) assert.ok(participants.has(node.id), `${node.id} is a participant`);
  assertBalancedActivations(diagram);
}
