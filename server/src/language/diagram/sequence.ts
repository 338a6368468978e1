// Writes the request path of an entry as a Mermaid sequence diagram: the entry's
// synchronous calls followed depth-first, each call `A->>+B` answered by
// `B-->>-A` so that the wait shows as an activation bar (the calls of a
// `parallel: true` element as the branches of a `par` block); asynchronous sends
// as `A-)B` with no reply; an awaited asynchronous hop (`await: true`) delivered to
// its consumers and answered with a dashed reply; R as notes.
//
// Linear: an element's calls are drawn the first time it is reached; when it is
// reached again its call and reply are drawn with a note "calls as above", and a
// call into an element already waiting on the current path (a cycle) is drawn
// with a note and not followed. A cap on the number of messages keeps big request
// paths renderable; the diagram and the notes say when it applies. The walk uses
// an explicit stack: chains may be thousands of calls deep.

import type { Figures } from '../model/figures';
import type { ElementSymbol, LinkSymbol, Model } from '../model/model';
import { formatMs } from '../services/markdown';
import { label, nodeId } from './escape';
import { elementLabel, linkLabel } from './flowchart';
import type { SeverityIndex } from './severity';
import type { DiagramNode, DiagramSize, DiagramWorkCounter } from './types';

/** Messages (arrows) drawn at most; the replies that close open calls come on top. */
export const MAX_SEQUENCE_MESSAGES = 300;

const DATABASE_LABEL_LENGTH = 40;

/** Participant shapes beyond the plain box (Mermaid's participant types). */
const PARTICIPANT_TYPE: Partial<Record<ElementSymbol['kind'], string>> = {
  database: 'database',
  cache: 'database',
  queue: 'queue',
  topic: 'collections',
};

export interface SequenceChart {
  text: string;
  nodes: DiagramNode[];
  messageCount: number;
  size: DiagramSize;
  notes: string[];
}

type FrameEnd =
  | { kind: 'entry' }
  /** A callee (sync) or consumer (awaited async): it replies to `to` when its own calls are done. */
  | { kind: 'reply'; to: ElementSymbol; awaited: boolean }
  /** A channel on an awaited hop: it hands the message to its consumers, who reply to `awaiter`. */
  | { kind: 'channel'; awaiter: ElementSymbol };

interface Frame {
  element: ElementSymbol;
  links: readonly LinkSymbol[];
  index: number;
  end: FrameEnd;
  /** A `parallel: true` caller: its first `parallel` links are its sync calls, drawn as the branches of a `par` block. */
  parallel: number;
  parOpen: boolean;
}

export function writeSequence(model: Model, figures: Figures, entry: ElementSymbol, severities: SeverityIndex, counter: DiagramWorkCounter): SequenceChart {
  const participants: ElementSymbol[] = [];
  const seen = new Uint8Array(model.elements.length);
  const onPath = new Uint32Array(model.elements.length);
  const expanded = new Uint8Array(model.elements.length);
  const lines: string[] = [];
  const notes: string[] = [];
  let messages = 0;
  let truncated = false;

  const id = (element: ElementSymbol): string => {
    if (!seen[element.id]) {
      seen[element.id] = 1;
      participants.push(element);
    }
    return nodeId(element.name);
  };
  const message = (from: ElementSymbol, arrow: string, to: ElementSymbol, text: string) => {
    lines.push(`  ${id(from)}${arrow}${id(to)}: ${label(text)}`);
    messages++;
  };
  const note = (over: ElementSymbol, text: string) => lines.push(`  Note over ${id(over)}: ${label(text)}`);
  const consumerLinks = (channel: ElementSymbol) => model.outgoing[channel.id]!.filter((link) => link.to!.kindClass !== 'entry');

  const stack: Frame[] = [];
  const enter = (element: ElementSymbol, links: readonly LinkSymbol[], end: FrameEnd) => {
    expanded[element.id] = 1;
    onPath[element.id]++;
    let parallel = 0;
    if (element.props.boolean('parallel') === true) {
      const calls = links.filter((link) => link.sync);
      if (calls.length > 1) {
        links = [...calls, ...links.filter((link) => !link.sync)];
        parallel = calls.length;
      }
    }
    stack.push({ element, links, index: 0, end, parallel, parOpen: false });
  };
  const endPar = (frame: Frame) => {
    if (!frame.parOpen) return;
    lines.push('  end');
    frame.parOpen = false;
  };
  /** Reaching `to` to be answered: follow it, or say why not and answer at once. */
  const reach = (to: ElementSymbol, end: FrameEnd & { kind: 'reply' }) => {
    if (onPath[to.id]) {
      note(to, `cycle: ${to.name} is already waiting on this path`);
      close(to, end);
    } else if (expanded[to.id]) {
      if (model.outgoing[to.id]!.length > 0) note(to, 'calls as above');
      close(to, end);
    } else enter(to, model.outgoing[to.id]!, end);
  };
  const close = (element: ElementSymbol, end: FrameEnd) => {
    if (end.kind === 'entry') return;
    if (end.kind === 'channel') return;
    const r = figures.responseTime(element);
    note(element, r === undefined ? 'R unknown: it waits on a cycle' : `R = ${formatMs(r)}`);
    message(element, '-->>-', end.to, end.awaited ? 'reply' : '');
  };

  id(entry);
  enter(entry, model.outgoing[entry.id]!, { kind: 'entry' });
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.links.length || truncated) {
      endPar(frame);
      stack.pop();
      onPath[frame.element.id]--;
      close(frame.element, frame.end);
      continue;
    }
    if (messages >= MAX_SEQUENCE_MESSAGES) {
      truncated = true;
      continue;
    }
    counter.steps++;
    if (frame.index < frame.parallel) {
      lines.push(frame.index === 0 ? `  par ${label(`${frame.element.name} calls in parallel`)}` : '  and');
      frame.parOpen = true;
    } else endPar(frame);
    const link = frame.links[frame.index++]!;
    const from = frame.element;
    const to = link.to!;
    const text = linkLabel(link);
    if (frame.end.kind === 'channel') {
      // An awaited message in a channel: delivered to each consumer, who replies to the awaiter.
      const awaiter = frame.end.awaiter;
      if (to.kindClass === 'channel') {
        message(from, '-)', to, text);
        if (onPath[to.id]) note(to, `cycle: ${to.name} is already on this path`);
        else enter(to, consumerLinks(to), { kind: 'channel', awaiter });
      } else {
        message(from, '-)+', to, text);
        reach(to, { kind: 'reply', to: awaiter, awaited: true });
      }
      continue;
    }
    if (link.sync) {
      message(from, '->>+', to, text);
      reach(to, { kind: 'reply', to: from, awaited: false });
    } else if (link.awaited) {
      const timeout = link.props.duration('timeout');
      if (to.kindClass === 'channel') {
        message(from, '-)', to, text);
        note(from, `awaits the reply${timeout !== undefined ? ` (timeout ${formatMs(timeout)})` : ''}`);
        if (onPath[to.id]) note(to, `cycle: ${to.name} is already on this path`);
        else enter(to, consumerLinks(to), { kind: 'channel', awaiter: from });
      } else {
        message(from, '-)+', to, text);
        note(from, `awaits the reply${timeout !== undefined ? ` (timeout ${formatMs(timeout)})` : ''}`);
        reach(to, { kind: 'reply', to: from, awaited: true });
      }
    } else {
      message(from, '-)', to, text);
    }
  }

  if (truncated) {
    const text = `The request path is cut after ${MAX_SEQUENCE_MESSAGES} messages; the focus view shows the rest of the neighbourhood.`;
    note(entry, `cut after ${MAX_SEQUENCE_MESSAGES} messages`);
    notes.push(text);
  }
  const waits = model.outgoing[entry.id]!.some((link) => link.sync || link.awaited);
  const r = figures.responseTime(entry);
  const budget = entry.props.duration('budget');
  if (!waits) note(entry, `nothing makes ${entry.name} wait: no synchronous call`);
  else if (r === undefined) note(entry, `${entry.name} waits on a synchronous cycle: no bound`);
  else note(entry, `${entry.name} waits ${formatMs(r)}${budget !== undefined ? ` (budget ${formatMs(budget)})` : ''}`);

  const header: string[] = ['sequenceDiagram'];
  const nodes: DiagramNode[] = [];
  for (const element of participants) {
    counter.steps++;
    const pid = nodeId(element.name);
    const type = PARTICIPANT_TYPE[element.kind];
    const keyword = element.kind === 'actor' ? 'actor' : 'participant';
    // Mermaid 12 draws a database participant's cylinder from the label's width: past about
    // 40 characters its path gets a negative height and will not draw. Keep those labels short.
    const text = type === 'database' ? label(elementLabel(element), DATABASE_LABEL_LENGTH) : label(elementLabel(element));
    header.push(`  ${keyword} ${pid}${type ? `@{ "type": "${type}" }` : ''} as ${text}`);
    const node: DiagramNode = {
      id: pid,
      name: element.name,
      kind: element.kind,
      label: element.node.label?.value || element.name,
      path: element.doc.path,
      start: element.node.name.start,
      end: element.node.name.end,
    };
    const severity = severities.elements[element.id];
    if (severity) node.severity = severity;
    nodes.push(node);
  }
  const text = `${[...header, ...lines].join('\n')}\n`;
  return {
    text,
    nodes,
    messageCount: messages,
    size: { nodes: participants.length, edges: messages, subgraphs: 0, textLength: text.length },
    notes,
  };
}
