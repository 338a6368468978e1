/// <reference lib="dom" />
// The preview's page script, bundled with Mermaid into dist/preview.js. It draws the
// Mermaid text the extension posts, and reports back only what the user does (a view
// switch, a click on a node, an export). Everything it shows that a user wrote reaches
// the DOM through Mermaid (securityLevel 'strict') or through `textContent`.
//
// Drawing is the expensive part (seconds past a hundred nodes, on this thread), so: a
// diagram is drawn only when its text or the theme changed; while one is drawn, newer
// ones wait and only the newest is drawn next; a failed drawing keeps the last good one
// on screen under an error notice; a diagram past the limits (../limits.ts) is not drawn
// at all and the pane offers the focus view instead.

import mermaid from 'mermaid';
// Types only: a value import from ../messages would bundle the LSP protocol package into the page.
import type { DiagramMessage, FromWebview, PreviewView, ToWebview, WebviewNode } from '../messages';
import { LAYOUT, MAX_SVG_CHARS, PREVIEW_LIMITS, isSlow, tooBig } from '../limits';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Transform {
  x: number;
  y: number;
  scale: number;
}

/** What survives the page being destroyed while the panel is hidden (retainContextWhenHidden is off). */
interface PageState {
  view: PreviewView;
  depth: number;
  transform: Transform;
}

const vscode = acquireVsCodeApi();
const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const canvas = element<HTMLDivElement>('canvas');
const viewport = element<HTMLDivElement>('viewport');
const errorNotice = element<HTMLDivElement>('error');
const bigNotice = element<HTMLDivElement>('big');
const status = element<HTMLDivElement>('status');
const tooltip = element<HTMLDivElement>('tooltip');
const depthSelect = element<HTMLSelectElement>('depth');
const exportButton = element<HTMLButtonElement>('export-svg');
const copyButton = element<HTMLButtonElement>('copy-source');
const viewButtons = [...document.querySelectorAll<HTMLButtonElement>('button[data-view]')];

const MIN_SCALE = 0.05;
const MAX_SCALE = 8;

// ---- state ----------------------------------------------------------------------------

const saved = vscode.getState() as Partial<PageState> | undefined;
/** A page without saved state fits its first diagram to the pane; a restored one keeps its zoom. */
let fitFirstDrawing = !saved || typeof saved !== 'object' || !saved.transform;

function restoredState(): PageState {
  const fallback: PageState = { view: 'topology', depth: Number(depthSelect.value), transform: { x: 0, y: 0, scale: 1 } };
  if (!saved || typeof saved !== 'object') return fallback;
  const t = saved.transform;
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  return {
    view: saved.view === 'focus' || saved.view === 'sequence' ? saved.view : 'topology',
    depth: [...depthSelect.options].some((option) => option.value === String(saved.depth)) ? Number(saved.depth) : fallback.depth,
    transform: t && finite(t.x) && finite(t.y) && finite(t.scale) && t.scale >= MIN_SCALE && t.scale <= MAX_SCALE ? { x: t.x, y: t.y, scale: t.scale } : fallback.transform,
  };
}

const state = restoredState();
let saveScheduled = false;
function saveState(): void {
  if (saveScheduled) return;
  saveScheduled = true;
  requestAnimationFrame(() => {
    saveScheduled = false;
    vscode.setState(state);
  });
}

function showView(view: PreviewView, depth: number): void {
  state.view = view;
  state.depth = depth;
  for (const button of viewButtons) button.setAttribute('aria-pressed', String(button.dataset['view'] === view));
  depthSelect.value = String(depth);
  depthSelect.disabled = view !== 'focus';
  saveState();
}

// ---- notices --------------------------------------------------------------------------

/** Messages from the extension in the order they came, and the place of the one the error notice is about. */
let received = 0;
const arrival = new WeakMap<DiagramMessage, number>();
let errorAt = 0;

function showError(message: string, at: number): void {
  errorNotice.textContent = message;
  errorNotice.hidden = false;
  errorAt = at;
}

/** A diagram clears the notice only if it came after what the notice is about. */
function clearErrorFor(diagram: DiagramMessage): void {
  if ((arrival.get(diagram) ?? 0) <= errorAt) return;
  errorNotice.hidden = true;
  errorNotice.textContent = '';
}

function showBig(reason: string, view: PreviewView): void {
  element('big-text').textContent =
    `This ${view === 'sequence' ? 'sequence diagram' : view === 'focus' ? 'neighbourhood' : 'topology'} is too big to draw here: ${reason}. ` +
    `Laying it out would keep this pane busy for tens of seconds or more. The focus view draws the element under the cursor and its neighbours.`;
  element<HTMLButtonElement>('big-focus').hidden = view === 'focus' && state.depth === 1;
  bigNotice.hidden = false;
}

/** What a diagram holds, in the words of its view. */
function counted(message: DiagramMessage): string {
  const [nodes, edges] = message.view === 'sequence' ? ['participant', 'message'] : ['element', 'link'];
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${plural(message.nodes.length, nodes)}, ${plural(message.edgeCount, edges)}`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

// ---- drawing --------------------------------------------------------------------------

type Theme = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** VS Code marks the page's body with the kind of the current colour theme. */
function pageTheme(): Theme {
  const classes = document.body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes.contains('vscode-dark')) return 'dark';
  return 'light';
}

/** The diagram on screen: what it was drawn from, and the id Mermaid gave its SVG. */
let shown: { text: string; theme: Theme; svgId: string; view: string } | undefined;
/** The newest diagram the extension sent, and the last one drawn (or refused as too big). */
let wanted: DiagramMessage | undefined;
let handled: DiagramMessage | undefined;
let busy = false;
let renders = 0;
let nodes = new Map<string, WebviewNode>();

/** Draws the newest diagram, then any that came meanwhile: the newest wins, none in between. */
async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    while (wanted && wanted !== handled) {
      const message = wanted;
      handled = message;
      await draw(message);
    }
  } finally {
    busy = false;
  }
}

/** Lets the browser paint what changed before a long synchronous layout starts. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

async function draw(message: DiagramMessage): Promise<void> {
  nodes = new Map(message.nodes.map((node) => [node.id, node]));
  element('title').textContent = message.title;
  const notes = element<HTMLUListElement>('notes');
  notes.replaceChildren(
    ...message.notes.map((note) => {
      const item = document.createElement('li');
      item.textContent = note;
      return item;
    }),
  );
  const theme = pageTheme();
  if (shown && shown.text === message.text && shown.theme === theme) {
    // The same drawing: only the figures behind the tooltips may have changed.
    tagNodes(shown.svgId);
    bigNotice.hidden = true;
    clearErrorFor(message);
    return;
  }
  // The generator's size, and the text's own length: a message is not taken at its word on what it carries.
  const reason = tooBig({ ...message.size, textLength: Math.max(message.size.textLength, message.text.length) });
  if (reason) {
    showBig(reason, message.view);
    status.textContent = `Not drawn: ${counted(message)}.`;
    return;
  }
  bigNotice.hidden = true;
  if (isSlow(message.size)) {
    status.textContent = `Laying out ${counted(message)}: this can take several seconds…`;
    await nextPaint();
  }
  const svgId = `topo-svg-${++renders}`;
  const started = performance.now();
  try {
    mermaid.initialize({
      startOnLoad: false,
      // Labels are sanitized, links and click handlers are not bound: the drawing is inert.
      securityLevel: 'strict',
      theme: theme === 'dark' || theme === 'high-contrast' ? 'dark' : 'default',
      // Secure keys: a %%{init}%% directive in the text cannot change them.
      maxTextSize: PREVIEW_LIMITS.maxTextChars,
      maxEdges: PREVIEW_LIMITS.maxEdges,
      // Mermaid 12 defaults to ELK, slower on these diagrams (../limits.ts).
      layout: LAYOUT,
      suppressErrorRendering: true,
    });
    const { svg } = await mermaid.render(svgId, message.text);
    const ms = performance.now() - started;
    // Mermaid's own output, sanitized by it in strict mode.
    canvas.innerHTML = svg;
    naturalSize();
    // Another view is another picture: the zoom that suited the last one would not.
    if (fitFirstDrawing || (shown && shown.view !== message.view)) {
      fitFirstDrawing = false;
      fit();
    }
    shown = { text: message.text, theme, svgId, view: message.view };
    tagNodes(svgId);
    clearErrorFor(message);
    exportButton.disabled = false;
    copyButton.disabled = false;
    status.textContent = `${counted(message)} · drawn in ${formatMs(ms)}${message.view === 'sequence' ? '' : ` (${LAYOUT})`}`;
    vscode.postMessage({ type: 'renderTime', ms: Math.round(ms) });
  } catch (error) {
    // The last good diagram stays on screen.
    showError(`Mermaid could not draw this diagram: ${error instanceof Error ? error.message : String(error)}`, arrival.get(message) ?? received);
    status.textContent = '';
  } finally {
    // On a failure Mermaid leaves its scratch element in the body.
    document.getElementById(`d${svgId}`)?.remove();
  }
}

/**
 * Mermaid makes its SVG as wide as its container (width 100%, a max-width): here the
 * container is the zoomed canvas, so the SVG takes its natural size from its viewBox and
 * the zoom alone scales it.
 */
function naturalSize(): void {
  const svg = canvas.querySelector('svg');
  const box = svg?.viewBox.baseVal;
  if (!svg || !box || box.width <= 0 || box.height <= 0) return;
  svg.setAttribute('width', String(box.width));
  svg.setAttribute('height', String(box.height));
  svg.style.maxWidth = 'none';
}

/** Scales the diagram down (never up) to fit the pane, at its top left corner. */
function fit(): void {
  const svg = canvas.querySelector('svg');
  const box = svg?.viewBox.baseVal;
  if (!box || box.width <= 0 || box.height <= 0 || viewport.clientWidth <= 0 || viewport.clientHeight <= 0) return;
  const padding = 24;
  const scale = Math.max(MIN_SCALE, Math.min(1, (viewport.clientWidth - padding) / (box.width + padding), (viewport.clientHeight - padding) / (box.height + padding)));
  state.transform = { x: 0, y: 0, scale };
  applyTransform();
}

/** Marks the drawn nodes with their Topo id, for clicks and tooltips. */
function tagNodes(svgId: string): void {
  const prefix = `${svgId}-flowchart-`;
  for (const node of canvas.querySelectorAll<SVGGElement>('g.node')) {
    // Mermaid names a flowchart node `<svg id>-flowchart-<node id>-<counter>`; node ids are [A-Za-z0-9_].
    const id = node.id.startsWith(prefix) ? node.id.slice(prefix.length).replace(/-\d+$/, '') : '';
    if (nodes.has(id)) node.setAttribute('data-topo-id', id);
    else node.removeAttribute('data-topo-id');
  }
  for (const participant of canvas.querySelectorAll('[data-et="participant"][data-id]')) {
    const id = participant.getAttribute('data-id') ?? '';
    if (nodes.has(id)) participant.setAttribute('data-topo-id', id);
    else participant.removeAttribute('data-topo-id');
  }
}

new MutationObserver(() => {
  if (shown && shown.theme !== pageTheme() && wanted) {
    handled = undefined;
    void drain();
  }
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// ---- messages from the extension ------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  received++;
  switch (message.type) {
    case 'diagram':
      showView(message.view, message.depth);
      arrival.set(message, received);
      wanted = message;
      void drain();
      break;
    case 'nodes':
      // The extension sends these only for the drawing it sent last: no new layout.
      nodes = new Map(message.nodes.map((node) => [node.id, node]));
      if (wanted) wanted.nodes = message.nodes;
      if (shown) tagNodes(shown.svgId);
      break;
    case 'error':
      showView(message.view, message.depth);
      showError(message.message, received);
      break;
  }
});

// ---- toolbar --------------------------------------------------------------------------

for (const button of viewButtons) {
  button.addEventListener('click', () => {
    const view = button.dataset['view'] as PreviewView;
    showView(view, state.depth);
    vscode.postMessage(view === 'focus' ? { type: 'setView', view, depth: state.depth } : { type: 'setView', view });
  });
}
depthSelect.addEventListener('change', () => {
  showView('focus', Number(depthSelect.value));
  vscode.postMessage({ type: 'setView', view: 'focus', depth: state.depth });
});
element('big-focus').addEventListener('click', () => {
  const depth = state.view === 'focus' ? Math.max(1, state.depth - 1) : state.depth;
  showView('focus', depth);
  vscode.postMessage({ type: 'setView', view: 'focus', depth });
});
exportButton.addEventListener('click', () => {
  const svg = canvas.querySelector('svg');
  if (!svg) return;
  const text = new XMLSerializer().serializeToString(svg);
  if (text.length > MAX_SVG_CHARS) showError(`The SVG is too large to export (${text.length} characters).`, received);
  else vscode.postMessage({ type: 'exportSvg', svg: text });
});
copyButton.addEventListener('click', () => vscode.postMessage({ type: 'copySource' }));

// ---- pan and zoom ---------------------------------------------------------------------

function applyTransform(): void {
  const { x, y, scale } = state.transform;
  canvas.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
  element('zoom-reset').textContent = `${Math.round(scale * 100)}%`;
  saveState();
}

/** Zooms by `factor` keeping the point (px, py) of the viewport where it is. */
function zoom(factor: number, px: number, py: number): void {
  const t = state.transform;
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, t.scale * factor));
  const ratio = scale / t.scale;
  state.transform = { x: px - (px - t.x) * ratio, y: py - (py - t.y) * ratio, scale };
  applyTransform();
}

const center = (): [number, number] => [viewport.clientWidth / 2, viewport.clientHeight / 2];
element('zoom-in').addEventListener('click', () => zoom(1.25, ...center()));
element('zoom-out').addEventListener('click', () => zoom(1 / 1.25, ...center()));
element('zoom-reset').addEventListener('click', () => {
  state.transform = { x: 0, y: 0, scale: 1 };
  applyTransform();
});
viewport.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    const box = viewport.getBoundingClientRect();
    zoom(Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015)), event.clientX - box.left, event.clientY - box.top);
  },
  { passive: false },
);

/** A drag pans; a press that moved less than this many pixels is a click. */
const DRAG_THRESHOLD = 4;
let press: { id: number; x: number; y: number; from: Transform; panning: boolean } | undefined;
let swallowClick = false;
viewport.addEventListener('pointerdown', (event) => {
  if (event.button !== 0) return;
  press = { id: event.pointerId, x: event.clientX, y: event.clientY, from: { ...state.transform }, panning: false };
});
viewport.addEventListener('pointermove', (event) => {
  if (!press || event.pointerId !== press.id) return;
  const dx = event.clientX - press.x;
  const dy = event.clientY - press.y;
  if (!press.panning && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
  if (!press.panning) {
    // Captured only once it is a drag: a capture from the start would retarget the click away from the node.
    press.panning = true;
    viewport.setPointerCapture(event.pointerId);
    viewport.classList.add('panning');
    tooltip.hidden = true;
  }
  state.transform = { ...press.from, x: press.from.x + dx, y: press.from.y + dy };
  applyTransform();
});
const endPress = (event: PointerEvent): void => {
  if (!press || event.pointerId !== press.id) return;
  swallowClick = press.panning;
  if (press.panning) viewport.releasePointerCapture(event.pointerId);
  viewport.classList.remove('panning');
  press = undefined;
};
viewport.addEventListener('pointerup', endPress);
viewport.addEventListener('pointercancel', endPress);

// ---- nodes: click to reveal, hover for figures ----------------------------------------

function nodeAt(target: EventTarget | null): WebviewNode | undefined {
  const tagged = target instanceof Element ? target.closest('[data-topo-id]') : null;
  return tagged ? nodes.get(tagged.getAttribute('data-topo-id') ?? '') : undefined;
}

canvas.addEventListener('click', (event) => {
  if (swallowClick) {
    swallowClick = false;
    return;
  }
  const node = nodeAt(event.target);
  if (node) vscode.postMessage({ type: 'reveal', id: node.id });
});

canvas.addEventListener('pointermove', (event) => {
  const node = press?.panning ? undefined : nodeAt(event.target);
  if (!node) {
    tooltip.hidden = true;
    return;
  }
  tooltip.textContent = node.summary;
  tooltip.hidden = false;
  const x = Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 4);
  const y = event.clientY + 18 + tooltip.offsetHeight > window.innerHeight ? event.clientY - tooltip.offsetHeight - 8 : event.clientY + 18;
  tooltip.style.left = `${Math.max(4, x)}px`;
  tooltip.style.top = `${Math.max(4, y)}px`;
});
canvas.addEventListener('pointerleave', () => {
  tooltip.hidden = true;
});

// ---- start ----------------------------------------------------------------------------

showView(state.view, state.depth);
applyTransform();
vscode.postMessage({ type: 'ready' });
