// The preview's page: one fixed template with no user text in it. Names, labels and
// figures reach the page only later, as message data, and enter the DOM only through
// Mermaid's strict rendering or `textContent`. Pure (no `vscode` import): the Chromium
// test loads the very page the extension shows.

import { randomBytes } from 'node:crypto';
import { DEFAULT_FOCUS_DEPTH, MAX_FOCUS_DEPTH, MIN_FOCUS_DEPTH } from '../../../server/src/lsp/protocol';

export interface PreviewPage {
  /** `webview.cspSource`: the origin the webview serves the extension's files from. */
  cspSource: string;
  /** A fresh random nonce per page: the only scripts that run are the ones carrying it. */
  nonce: string;
  /** `webview.asWebviewUri(dist/preview.js)`. */
  scriptUri: string;
}

/** 128 random bits as base64url letters: nothing that needs escaping in an attribute or a CSP. */
export function createNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The Content-Security-Policy of the page. Scripts: only those with the nonce (no
 * 'unsafe-inline', no 'unsafe-eval'). Styles: the extension's files and inline styles,
 * because Mermaid writes its theme as a <style> element inside each SVG and positions
 * shapes with style attributes; a nonce cannot cover those, and styles run no script.
 * Images and fonts: the extension's files (and data: images). Nothing else may load:
 * default-src 'none' covers connect-src, frame-src, media-src and object-src (the page
 * has no form, so form-action, which does not fall back to default-src, has nothing to do).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

// Each input is checked: none may carry anything that ends an attribute or a CSP directive.
// VS Code's cspSource is a list such as `'self' https://*.vscode-cdn.net`.
const NONCE = /^[A-Za-z0-9_-]{16,}$/;
const CSP_SOURCE = /^(?:'self'|[a-z][a-z0-9+.-]*:(?:\/\/[A-Za-z0-9.*-]+(?::[0-9*]+)?)?)$/;
const SCRIPT_URI = /^[a-z][a-z0-9+.-]*:\/\/[^\s"'<>\\`\u0000-\u001f\u007f]+$/i;

export function previewHtml({ cspSource, nonce, scriptUri }: PreviewPage): string {
  if (!NONCE.test(nonce)) throw new Error('previewHtml: the nonce must be 16 or more base64url characters');
  if (!cspSource.split(' ').every((source) => CSP_SOURCE.test(source))) throw new Error(`previewHtml: unexpected CSP source ${JSON.stringify(cspSource)}`);
  if (!SCRIPT_URI.test(scriptUri)) throw new Error(`previewHtml: unexpected script URI ${JSON.stringify(scriptUri)}`);
  const script = scriptUri.replace(/&/g, '&amp;');
  const depths: string[] = [];
  for (let depth = MIN_FOCUS_DEPTH; depth <= MAX_FOCUS_DEPTH; depth++) {
    depths.push(`<option value="${depth}"${depth === DEFAULT_FOCUS_DEPTH ? ' selected' : ''}>${depth}</option>`);
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Topo Preview</title>
<style>
  html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
  body { display: flex; flex-direction: column; color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  #toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  #toolbar .group { display: flex; align-items: center; gap: 2px; }
  button, select { font: inherit; color: var(--vscode-button-secondaryForeground, inherit); background: var(--vscode-button-secondaryBackground, transparent); border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 1px 7px; cursor: pointer; }
  button:hover { background: var(--vscode-button-secondaryHoverBackground, transparent); }
  button:focus-visible, select:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
  button[aria-pressed="true"] { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border-color: var(--vscode-dropdown-border, transparent); }
  select:disabled, button:disabled { opacity: 0.5; cursor: default; }
  #notices { padding: 0 8px; }
  .notice { margin: 6px 0 0; padding: 6px 8px; border-left: 3px solid; white-space: pre-wrap; word-break: break-word; }
  #error { border-color: var(--vscode-editorError-foreground, #e51400); background: var(--vscode-inputValidation-errorBackground, transparent); }
  #big { border-color: var(--vscode-editorWarning-foreground, #bf8803); background: var(--vscode-inputValidation-warningBackground, transparent); }
  #big button { margin-top: 4px; }
  #status { font-size: 0.85em; opacity: 0.75; padding: 2px 0; min-height: 1.2em; }
  #title { font-weight: 600; padding: 2px 8px 0; }
  #notes { font-size: 0.9em; opacity: 0.85; padding: 0 8px; margin: 0; list-style: none; }
  #viewport { position: relative; flex: 1; overflow: hidden; cursor: grab; touch-action: none; }
  #viewport.panning { cursor: grabbing; }
  #canvas { position: absolute; left: 0; top: 0; transform-origin: 0 0; padding: 12px; }
  #canvas svg { display: block; }
  #canvas [data-topo-id] { cursor: pointer; }
  #canvas [data-topo-id]:hover { filter: drop-shadow(0 0 2px var(--vscode-focusBorder)); }
  body.vscode-high-contrast #canvas svg .node rect, body.vscode-high-contrast #canvas svg .node path, body.vscode-high-contrast #canvas svg .node polygon { stroke-width: 2px; }
  #tooltip { position: fixed; z-index: 10; max-width: 420px; padding: 4px 8px; pointer-events: none; white-space: pre-line; color: var(--vscode-editorHoverWidget-foreground, inherit); background: var(--vscode-editorHoverWidget-background, var(--vscode-editor-background, Canvas)); border: 1px solid var(--vscode-editorHoverWidget-border, currentColor); }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Topo Preview">
  <div class="group" role="group" aria-label="View">
    <button type="button" data-view="topology" aria-pressed="true" title="The whole project">Topology</button>
    <button type="button" data-view="focus" aria-pressed="false" title="The element under the cursor and its neighbourhood">Focus</button>
    <button type="button" data-view="sequence" aria-pressed="false" title="The request path of the entry under (or before) the cursor">Sequence</button>
  </div>
  <label class="group" title="Focus view: how many links away from the element">Depth <select id="depth" disabled>${depths.join('')}</select></label>
  <div class="group" role="group" aria-label="Zoom">
    <button type="button" id="zoom-out" title="Zoom out">&#x2212;</button>
    <button type="button" id="zoom-reset" title="Actual size">100%</button>
    <button type="button" id="zoom-in" title="Zoom in">+</button>
  </div>
  <div class="group">
    <button type="button" id="export-svg" title="Save the diagram as an SVG file" disabled>Export SVG</button>
    <button type="button" id="copy-source" title="Copy the Mermaid source of the diagram" disabled>Copy Mermaid</button>
  </div>
</div>
<div id="notices" aria-live="polite">
  <div id="error" class="notice" role="alert" hidden></div>
  <div id="big" class="notice" hidden><span id="big-text"></span><br><button type="button" id="big-focus">Show the focus view</button></div>
  <div id="status"></div>
</div>
<div id="title"></div>
<ul id="notes"></ul>
<div id="viewport"><div id="canvas"></div></div>
<div id="tooltip" role="tooltip" hidden></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>
`;
}
