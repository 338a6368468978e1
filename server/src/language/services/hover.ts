// Hover: what the editor shows over a piece of a .topo file, as markdown.
//
//   hover(result, doc, offset) → { start, end, markdown } | undefined
//
// `offset` is a UTF-16 offset into doc.text; start/end is the span hovered (the
// name, arrow, key, value, keyword or label under the cursor). On an element name
// (declaration, link end or dlq value): kind, label, description, owner,
// technology, the figures of DESIGN §2 (R with its breakdown and the missing
// latencies, or why there is none; composite availability and its weakest parts;
// sync depth; user-facing), producers and consumers, calls counted, and the
// findings on it. On an arrow or a link's label: the link, what it costs the
// caller, its properties and findings. On a property key or value: the property's
// documentation. On a kind keyword or `group`: what it means. All user text is
// escaped (see markdown.ts).

import type { ElementNode, GroupNode, LinkNode, Property, Value } from '../syntax/ast';
import type { ElementSymbol, LinkSymbol, TopoDocument } from '../model/model';
import { ELEMENT_PROPERTY_BY_KEY, LINK_PROPERTY_BY_KEY, VALUE_TYPE_WORDS, kindClass } from '../model/properties';
import type { LintResult } from '../lint';
import type { Finding } from '../rules/types';
import { CLASS_WORDS, GROUP_DOC, KIND_DOCS, SCOPE_WORDS, elementKeys, isAwaited, linkKeys } from './catalogue';
import { withArticle } from '../util/strings';
import { code, escapeMarkdown, formatFraction, formatMs, listWithMore, quoted } from './markdown';
import { documentOf, findingsOn, findingsWithin, indexOf, leafAt, nameOfLeaf, walkStatements, type Leaf } from './locate';

export interface Hover {
  start: number;
  end: number;
  markdown: string;
}

export function hover(result: LintResult, doc: TopoDocument, offset: number): Hover | undefined {
  const source = documentOf(result, doc);
  const leaf = leafAt(source.file, offset);
  if (!leaf) return undefined;
  const markdown = hoverMarkdown(result, source, leaf);
  return markdown === undefined ? undefined : { start: leaf.span.start, end: leaf.span.end, markdown };
}

function hoverMarkdown(result: LintResult, doc: TopoDocument, leaf: Leaf): string | undefined {
  const name = nameOfLeaf(result, leaf);
  if (name) {
    const onName = findingsWithin(result, doc.path, name.name);
    if (!name.element && leaf.type === 'declaration') {
      // A declaration the model does not hold: the document is not (or no longer) part of the project.
      const label = leaf.element.label ? ` — ${quoted(leaf.element.label.value)}` : '';
      return `**${leaf.element.kind}** ${code(name.name.text)}${label}\n\nNot part of the project: no figures.`;
    }
    if (!name.element) return unknownElementMarkdown(name.name.text, name.role === 'dlq', onName);
    return elementMarkdown(result, name.element, name.role === 'declaration' ? [] : onName);
  }
  switch (leaf.type) {
    case 'kind':
      return kindMarkdown(leaf.element.kind);
    case 'group-keyword':
      return `**group** — ${GROUP_DOC}`;
    case 'group-name':
      return groupMarkdown(leaf.group);
    case 'label':
      if (leaf.owner.type === 'group') return groupMarkdown(leaf.owner);
      if (leaf.owner.type === 'element') return declarationMarkdown(result, leaf.owner);
      return linkMarkdown(result, doc, leaf.owner, undefined);
    case 'arrow':
      return linkMarkdown(result, doc, leaf.link, leaf.hop);
    case 'key':
    case 'value':
      return propertyMarkdown(result, doc, leaf.property, leaf.owner, leaf.type === 'value' ? leaf.span : undefined);
    default:
      return undefined;
  }
}

function declarationMarkdown(result: LintResult, node: ElementNode): string | undefined {
  const element = indexOf(result.model).elementByNode.get(node);
  return element ? elementMarkdown(result, element, []) : kindMarkdown(node.kind);
}

// ---- elements -------------------------------------------------------------------

function findingsMarkdown(findings: readonly Finding[]): string | undefined {
  if (findings.length === 0) return undefined;
  const seen = new Set<Finding>();
  const lines: string[] = [];
  for (const finding of findings) {
    if (seen.has(finding)) continue;
    seen.add(finding);
    lines.push(`- ${code(finding.ruleId)} (${finding.severity}): ${escapeMarkdown(finding.message)}`);
  }
  return `**Findings**\n\n${lines.join('\n')}`;
}

function unknownElementMarkdown(name: string, dlq: boolean, findings: readonly Finding[]): string {
  const parts = [`**unknown element** ${code(name)} — not declared anywhere in the project${dlq ? ' (named as a dead-letter queue)' : ''}`];
  const listed = findingsMarkdown(findings);
  if (listed) parts.push(listed);
  return parts.join('\n\n');
}

function names(elements: readonly ElementSymbol[]): string {
  return listWithMore(elements.map((element) => code(element.name)));
}

function distinct(elements: readonly (ElementSymbol | undefined)[]): ElementSymbol[] {
  return [...new Set(elements.filter((element): element is ElementSymbol => element !== undefined))];
}

export function elementMarkdown(result: LintResult, element: ElementSymbol, extraFindings: readonly Finding[]): string {
  const { model, figures } = result;
  const parts: string[] = [];
  const node = element.node;
  parts.push(`**${element.kind}** ${code(element.name)}${node.label ? ` — ${quoted(node.label.value)}` : ''}`);

  const description = element.props.string('description');
  if (description !== undefined) parts.push(escapeMarkdown(description));
  const facts: string[] = [];
  const owner = element.props.string('owner');
  if (owner !== undefined) facts.push(`Owner: ${escapeMarkdown(owner)}`);
  const technology = element.props.string('technology');
  if (technology !== undefined) facts.push(`Technology: ${escapeMarkdown(technology)}`);
  const tags = element.props.get('tags')?.value;
  if (tags?.type === 'list') {
    const words = tags.items.map((item) => (item.type === 'string' ? escapeMarkdown(item.value) : item.type === 'name' ? code(item.text) : '')).filter(Boolean);
    if (words.length) facts.push(`Tags: ${words.join(', ')}`);
  }
  const declarations = indexOf(model).declarations.get(element.name) ?? [];
  if (declarations.length > 1) {
    const first = declarations[0]!;
    facts.push(element === first ? `Declared ${declarations.length} times (this is the first)` : `Duplicate: first declared in ${escapeMarkdown(first.doc.path)}`);
  }
  if (facts.length) parts.push(facts.join(' · '));

  const lines: string[] = [];
  const cls = element.kindClass;
  // Response time: what a request to this element waits for.
  const breakdown = figures.responseTimeBreakdown(element);
  if (breakdown) {
    // A channel's R (its delay and its slowest consumer) is what an awaited request through it waits for.
    let line = `- **Response time R${cls === 'channel' ? ' (of an awaited request through it)' : ''}:** ${formatMs(breakdown.total)}`;
    const terms = breakdown.contributions.slice(0, 6).map((c) => `${code(c.element.name)} ${formatMs(c.ms)}${c.times > 1 ? ` (×${c.times})` : ''}`);
    if (breakdown.contributions.length > 6) {
      const rest = breakdown.contributions.slice(6).reduce((sum, c) => sum + c.ms, 0);
      terms.push(`${breakdown.contributions.length - 6} more ${formatMs(rest)}`);
    }
    if (breakdown.linkLatency > 0) terms.push(`links ${formatMs(breakdown.linkLatency)}`);
    if (terms.length > 0 && !(terms.length === 1 && breakdown.contributions[0]?.element === element && breakdown.linkLatency === 0)) {
      line += ` = ${terms.join(' + ')}`;
    }
    const missing = figures.missingLatencies(element);
    if (missing.length > 0) {
      const noLatency = missing.filter((m) => m.kindClass !== 'channel');
      const noDelay = missing.filter((m) => m.kindClass === 'channel');
      const said: string[] = [];
      if (noLatency.length) said.push(`no latency on ${names(noLatency)}`);
      if (noDelay.length) said.push(`no delay on ${names(noDelay)}`);
      line += `; counted as 0: ${said.join('; ')}`;
    }
    lines.push(line);
  } else {
    lines.push(
      figures.inSyncCycle(element)
        ? `- **Response time R:** none — ${code(element.name)} is in a synchronous cycle (see \`sync-cycle\`)`
        : '- **Response time R:** none — what it waits for reaches a cycle (synchronous calls or awaited messages that lead back to themselves)',
    );
  }
  if (cls === 'entry') {
    const budget = element.props.duration('budget');
    const slo = element.props.percent('slo');
    const limits: string[] = [];
    if (budget !== undefined) limits.push(`budget ${formatMs(budget)}`);
    if (slo !== undefined) limits.push(`SLO ${formatFraction(slo / 100)}`);
    const requests = model.syncCalls(element);
    if (requests.length > 0) {
      const shown = requests.slice(0, 8).map((link) => {
        const cost = figures.linkCost(link);
        const availability = figures.availability(link.to!).value;
        const over = cost !== undefined && budget !== undefined && cost > budget ? ' (over budget)' : '';
        const under = slo !== undefined && availability * 100 < slo ? ' (below SLO)' : '';
        return `${code(link.to!.name)}: R ${cost === undefined ? 'none' : formatMs(cost)}${over}, A ${formatFraction(availability)}${under}`;
      });
      if (requests.length > 8) shown.push(`${requests.length - 8} more`);
      lines.push(`- **Requests**${limits.length ? ` (${limits.join(', ')} each)` : ''}: ${shown.join('; ')}`);
    } else if (limits.length) {
      lines.push(`- **Limits:** ${limits.join(', ')} per synchronous request (it makes none)`);
    }
  }
  const availability = figures.availability(element);
  lines.push(
    `- **Composite availability:** ${formatFraction(availability.value)}` +
      (availability.weakest.length
        ? ` — weakest: ${availability.weakest.map((w) => `${code(w.name)} ${formatFraction(w.props.percent('availability')! / 100)}`).join(', ')}`
        : ' (no availability declared on it or on what it calls)'),
  );
  const syncCallers = distinct(model.incoming[element.id]!.filter((link) => link.sync).map((link) => link.from));
  const depth = figures.syncDepth(element);
  const chain = figures.longestChain(element);
  const chainText = chain.length ? `; longest chain: ${[element, ...chain.map((link) => link.to!)].slice(0, 9).map((e) => code(e.name)).join(' → ')}${chain.length > 8 ? ' → …' : ''}` : '';
  // Channels take no part in synchronous chains: no depth to speak of.
  if (cls !== 'channel') {
    lines.push(
      syncCallers.length === 0
        ? `- **Sync depth:** ${depth} — a chain start${chainText}`
        : `- **Sync depth from here:** ${depth} — not a chain start: called synchronously by ${names(syncCallers)}${chainText}`,
    );
  }
  lines.push(
    `- **User-facing:** ${
      cls === 'entry' ? 'yes — an entry' : figures.isUserFacing(element) ? 'yes — reached from an entry through synchronous calls' : 'no'
    }`,
  );

  const outgoing = model.outgoing[element.id]!;
  const incoming = model.incoming[element.id]!;
  if (cls === 'channel') {
    const publishers = distinct(incoming.map((link) => link.from));
    const consumers = distinct(outgoing.filter((link) => link.to!.kindClass !== 'entry' && link.to!.kindClass !== 'channel').map((link) => link.to));
    const forwards = distinct(outgoing.filter((link) => link.to!.kindClass === 'channel').map((link) => link.to));
    const deliveries = distinct(outgoing.filter((link) => link.to!.kindClass === 'entry').map((link) => link.to));
    lines.push(`- **Publishers:** ${publishers.length ? names(publishers) : 'none'}`);
    lines.push(`- **Consumers:** ${consumers.length ? names(consumers) : 'none'}${element.kind === 'queue' && consumers.length > 1 ? ' (a queue gives each message to only one of them)' : ''}`);
    if (forwards.length) lines.push(`- **Forwards to:** ${names(forwards)}`);
    if (deliveries.length) lines.push(`- **Delivers to:** ${names(deliveries)}`);
    if (model.dlqTargets.has(element.id)) lines.push('- **Dead-letter queue** of another channel or consumer');
  } else {
    const count = (links: readonly LinkSymbol[], sync: boolean): number => links.filter((link) => link.sync === sync).length;
    lines.push(
      `- **Calls:** ${count(outgoing, true)} synchronous, ${count(outgoing, false)} asynchronous · **Called by:** ${count(incoming, true)} synchronous, ${count(incoming, false)} asynchronous`,
    );
    const publishesTo = distinct(outgoing.filter((link) => !link.sync && link.to!.kindClass === 'channel').map((link) => link.to));
    const messages = distinct(outgoing.filter((link) => !link.sync && link.to!.kindClass !== 'channel').map((link) => link.to));
    const consumesFrom = distinct(incoming.filter((link) => !link.sync && link.from!.kindClass === 'channel').map((link) => link.from));
    const messagedBy = distinct(incoming.filter((link) => !link.sync && link.from!.kindClass !== 'channel').map((link) => link.from));
    if (publishesTo.length) lines.push(`- **Publishes to:** ${names(publishesTo)}`);
    if (messages.length) lines.push(`- **Sends messages to:** ${names(messages)}`);
    if (consumesFrom.length) lines.push(`- **Consumes from:** ${names(consumesFrom)}`);
    if (messagedBy.length) lines.push(`- **Receives messages from:** ${names(messagedBy)}`);
  }
  parts.push(lines.join('\n'));

  const findings = [...findingsOn(result, element.doc.path, element.node.name), ...extraFindings];
  const listed = findingsMarkdown(findings);
  if (listed) parts.push(listed);
  return parts.join('\n\n');
}

// ---- kinds and groups --------------------------------------------------------------

function kindMarkdown(kind: ElementNode['kind']): string {
  return `**${kind}** — ${KIND_DOCS[kind]}\n\nProperties: ${elementKeys(kind).map((spec) => code(spec.key)).join(', ')}`;
}

function groupMarkdown(group: GroupNode): string {
  let elements = 0;
  let groups = 0;
  walkStatements({ text: '', statements: group.body, comments: [], diagnostics: [] }, (statement) => {
    if (statement.type === 'element') elements++;
    else if (statement.type === 'group') groups++;
  });
  const title = group.name.text ? ` ${code(group.name.text)}` : '';
  const label = group.label ? ` — ${quoted(group.label.value)}` : '';
  const contents = `${elements} element${elements === 1 ? '' : 's'}${groups ? `, ${groups} nested group${groups === 1 ? '' : 's'}` : ''}`;
  return `**group**${title}${label}\n\n${contents}. ${GROUP_DOC}`;
}

// ---- links --------------------------------------------------------------------------

function linkMarkdown(result: LintResult, doc: TopoDocument, node: LinkNode, hop: number | undefined): string {
  const symbols = indexOf(result.model).linksByNode.get(node) ?? [];
  const hops = hop === undefined ? node.arrows.map((_, i) => i) : [hop];
  const parts: string[] = [];
  for (const i of hops) {
    const link = symbols.find((symbol) => symbol.hop === i);
    parts.push(hopMarkdown(result, node, i, link));
  }
  const props = node.props?.properties ?? [];
  if (props.length) parts.push(`**Properties**${hops.length < node.arrows.length ? ' (of the whole chain)' : ''}: ${props.map(propertyText(doc)).join(', ')}`);
  const findings: Finding[] = [];
  for (const i of hops) {
    const link = symbols.find((symbol) => symbol.hop === i);
    if (link) findings.push(...findingsOn(result, doc.path, link.span));
    findings.push(...findingsWithin(result, doc.path, node.arrows[i]!));
  }
  const listed = findingsMarkdown(findings);
  if (listed) parts.push(listed);
  return parts.join('\n\n');
}

function hopMarkdown(result: LintResult, node: LinkNode, hop: number, link: LinkSymbol | undefined): string {
  const from = node.names[hop]!;
  const to = node.names[hop + 1]!;
  const arrow = node.arrows[hop]!;
  const awaited = !arrow.sync && isAwaited(node);
  const what = arrow.sync ? 'synchronous call' : awaited ? 'awaited asynchronous request' : 'asynchronous message';
  const ends = `${from.text ? code(from.text) : '(missing name)'} ${arrow.sync ? '->' : '~>'} ${to.text ? code(to.text) : '(missing name)'}`;
  const header = `**${what}** ${ends}${node.label ? ` — ${quoted(node.label.value)}` : ''}`;
  const lines: string[] = [];
  if (arrow.sync) lines.push('- The caller waits for the answer: its latency adds to every request that reaches the caller.');
  else if (awaited) lines.push('- `await: true`: the sender blocks for a reply through the channel (request/reply over messaging).');
  else lines.push('- The sender moves on: nothing upstream waits for it.');
  if (!link) {
    const unknown = [from, to].filter((name) => name.text && !result.model.byName.has(name.text)).map((name) => code(name.text));
    if (unknown.length) lines.push(`- Not in the model: ${unknown.join(' and ')} ${unknown.length > 1 ? 'are' : 'is'} not declared`);
    return `${header}\n\n${lines.join('\n')}`;
  }
  if (link.problem) {
    lines.push(`- **Invalid:** ${escapeMarkdown(link.problem.message)} — ignored by every figure and rule`);
  } else if (!link.from || !link.to) {
    const unknown = [link.from ? undefined : link.fromName.text, link.to ? undefined : link.toName.text].filter((n): n is string => !!n);
    lines.push(`- Not in the model: ${unknown.map(code).join(' and ')} ${unknown.length > 1 ? 'are' : 'is'} not declared`);
  } else {
    const figures = result.figures;
    const latency = link.props.duration('latency');
    const cost = figures.linkCost(link);
    const calleeR = figures.responseTime(link.to);
    const missing = figures.missingLatencies(link.to);
    const missingText = missing.length ? `; counted as 0: ${names(missing)} (no ${missing.every((m) => m.kindClass === 'channel') ? 'delay' : 'latency'})` : '';
    if (arrow.sync || awaited) {
      lines.push(
        cost === undefined
          ? `- **Cost to the caller:** none — ${code(link.to.name)} is in or reaches a cycle`
          : `- **Cost to the caller:** ${formatMs(cost)} = link latency ${formatMs(latency ?? 0)}${latency === undefined ? ' (none declared)' : ''} + R(${code(link.to.name)}) ${formatMs(cost - (latency ?? 0))}${missingText}`,
      );
    } else {
      lines.push(
        `- **Cost to the sender:** none, it does not wait` +
          (calleeR === undefined ? '' : ` (R(${code(link.to.name)}) = ${formatMs(calleeR)}${latency !== undefined ? `, plus ${formatMs(latency)} on the link` : ''}${missingText})`),
      );
    }
  }
  return `${header}\n\n${lines.join('\n')}`;
}

function propertyText(doc: TopoDocument): (property: Property) => string {
  return (property) => `${code(property.key.text)}: ${property.value ? valueText(doc, property.value) : '(missing)'}`;
}

function valueText(doc: TopoDocument, value: Value): string {
  switch (value.type) {
    case 'string':
      return quoted(value.value);
    case 'name':
      return code(value.text);
    case 'list':
      return `[${value.items.map((item) => valueText(doc, item)).join(', ')}]`;
    case 'boolean':
      return String(value.value);
    default:
      return escapeMarkdown(value.raw);
  }
}

// ---- properties -------------------------------------------------------------------

function propertyMarkdown(result: LintResult, doc: TopoDocument, property: Property, owner: ElementNode | LinkNode, value: Value | undefined): string {
  const key = property.key.text;
  const parts: string[] = [];
  if (owner.type === 'element') {
    const spec = ELEMENT_PROPERTY_BY_KEY.get(key);
    const cls = kindClass(owner.kind);
    if (spec) {
      parts.push(`**${code(key)}** — ${escapeMarkdown(spec.description)}`);
      parts.push(`Value: ${VALUE_TYPE_WORDS[spec.type]}. Applies to ${spec.classes.map((c) => CLASS_WORDS[c]).join(', ')}.`);
      if (!spec.classes.includes(cls)) parts.push(`Not a property of ${withArticle(owner.kind)}.`);
    } else if (LINK_PROPERTY_BY_KEY.has(key)) {
      parts.push(`**${code(key)}** — a property of links, not of elements.`);
    } else {
      parts.push(`**${code(key)}** — not a property of ${withArticle(owner.kind)}; it takes ${elementKeys(owner.kind).map((s) => code(s.key)).join(', ')}.`);
    }
  } else {
    const spec = LINK_PROPERTY_BY_KEY.get(key);
    if (spec) {
      parts.push(`**${code(key)}** (link) — ${escapeMarkdown(spec.description)}`);
      parts.push(`Value: ${VALUE_TYPE_WORDS[spec.type]}. Applies to ${SCOPE_WORDS[spec.scope]}.`);
      if (!linkKeys(owner).includes(spec)) parts.push(`Not valid on every hop of this link.`);
    } else if (ELEMENT_PROPERTY_BY_KEY.has(key)) {
      parts.push(`**${code(key)}** — a property of elements, not of links: set it on the element's declaration.`);
    } else {
      parts.push(`**${code(key)}** — not a property of links; links take ${linkKeys(owner).map((s) => code(s.key)).join(', ')}.`);
    }
  }
  if (value) {
    const described = value.type === 'duration' ? ` = ${formatMs(value.ms)}` : '';
    parts.push(`This value: ${valueText(doc, value)}${described}`);
  }
  const findings = [...findingsWithin(result, doc.path, property.key), ...(property.value ? findingsWithin(result, doc.path, property.value) : [])];
  const listed = findingsMarkdown(findings);
  if (listed) parts.push(listed);
  return parts.join('\n\n');
}

