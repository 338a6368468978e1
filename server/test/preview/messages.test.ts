// The check on every message the preview page sends to the extension
// (client/src/preview/messages.ts): the allowed shapes pass, exactly as sent; anything
// else is refused with a reason for the log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWebviewMessage, toDiagramMessage, type Checked } from '../../../client/src/preview/messages';
import { MAX_SVG_CHARS } from '../../../client/src/preview/limits';
import type { DiagramResponse } from '../../src/lsp/protocol';

const known = new Set(['Orders', 'Orders_Db', 'Api2']);
const check = (data: unknown): Checked => checkWebviewMessage(data, known);

function accepted(data: unknown): void {
  const checked = check(data);
  assert.ok(checked.ok, `accepted: ${JSON.stringify(data)?.slice(0, 80)} (${checked.ok ? '' : checked.reason})`);
  // The message handed on is a copy of the fields that were checked, equal to what was sent.
  assert.deepEqual(checked.message, data);
  assert.notEqual(checked.message, data);
}

function refused(data: unknown, reason: RegExp): void {
  const checked = check(data);
  // Described only on failure: describing it could run a getter the check must not run.
  if (checked.ok) assert.fail(`refused: ${String(JSON.stringify(data)).slice(0, 80)}`);
  assert.match(checked.reason, reason);
}

test('every allowed shape passes', () => {
  accepted({ type: 'ready' });
  accepted({ type: 'reveal', id: 'Orders' });
  accepted({ type: 'reveal', id: 'Orders_Db' });
  for (const view of ['topology', 'focus', 'sequence']) accepted({ type: 'setView', view });
  for (let depth = 1; depth <= 5; depth++) accepted({ type: 'setView', view: 'focus', depth });
  accepted({ type: 'exportSvg', svg: '<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>' });
  accepted({ type: 'exportSvg', svg: '<svg>' });
  accepted({ type: 'copySource' });
  accepted({ type: 'renderTime', ms: 0 });
  accepted({ type: 'renderTime', ms: 1234.5 });
  // An object without a prototype is plain data too.
  assert.deepEqual(check(Object.assign(Object.create(null), { type: 'ready' })), { ok: true, message: { type: 'ready' } });
});

test('anything but a plain object is refused', () => {
  for (const data of [undefined, null, 'ready', 42, true, ['ready'], () => 'ready']) refused(data, /not an object|not a plain object/);
  refused(new Date(), /not a plain object/);
  refused(new (class Message {
    type = 'ready';
  })(), /not a plain object/);
  refused(new Map([['type', 'ready']]), /not a plain object/);
});

test('an unknown or missing type is refused', () => {
  refused({}, /unknown type undefined/);
  for (const type of ['open', 'READY', 'command', 'executeCommand', 'openUri', 'reveal ', '', 'toString', 'hasOwnProperty', '__proto__']) refused({ type }, /unknown type/);
  refused({ type: 7 }, /unknown type number/);
  refused({ type: ['ready'] }, /unknown type object/);
  // A control character in what is logged is neutralised.
  const checked = check({ type: 'a\nb\u001b[31m' });
  assert.ok(!checked.ok);
  assert.doesNotMatch(checked.reason, /[\n\u001b]/);
});

test('extra fields are refused, whatever they are called', () => {
  refused({ type: 'ready', extra: 1 }, /ready: unexpected field "extra"/);
  refused({ type: 'copySource', text: 'flowchart LR' }, /unexpected field "text"/);
  refused({ type: 'setView', view: 'focus', element: 'Orders' }, /unexpected field "element"/);
  refused({ type: 'renderTime', ms: 3, nodes: 4 }, /unexpected field "nodes"/);
  // A path, a URI or a command smuggled into an allowed message.
  refused({ type: 'reveal', id: 'Orders', uri: 'file:///etc/passwd' }, /unexpected field "uri"/);
  refused({ type: 'reveal', id: 'Orders', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }, /unexpected field "range"/);
  refused({ type: 'exportSvg', svg: '<svg/>', path: '/home/user/.bashrc' }, /unexpected field "path"/);
  refused({ type: 'exportSvg', svg: '<svg/>', uri: 'file:///tmp/x.svg' }, /unexpected field "uri"/);
  refused({ type: 'copySource', command: 'workbench.action.terminal.sendSequence' }, /unexpected field "command"/);
  refused({ type: 'setView', view: 'topology', command: 'topo.restartServer', args: [] }, /unexpected field "command"/);
});

test('missing or mistyped fields are refused', () => {
  refused({ type: 'reveal' }, /reveal: missing field id/);
  refused({ type: 'setView' }, /setView: missing field view/);
  refused({ type: 'exportSvg' }, /exportSvg: missing field svg/);
  refused({ type: 'renderTime' }, /renderTime: missing field ms/);
  refused({ type: 'setView', view: 'Topology' }, /unknown view/);
  refused({ type: 'setView', view: 'graph' }, /unknown view/);
  refused({ type: 'setView', view: ['focus'] }, /unknown view object/);
  for (const depth of [0, 6, 2.5, -1, NaN, Infinity, '2', null]) refused({ type: 'setView', view: 'focus', depth }, /depth .* is not an integer from 1 to 5/);
  for (const ms of [-1, NaN, Infinity, '12', null, 3_600_001]) refused({ type: 'renderTime', ms }, /renderTime: ms .* is not a duration/);
  refused({ type: 'exportSvg', svg: 42 }, /svg is number/);
  refused({ type: 'exportSvg', svg: { outerHTML: '<svg/>' } }, /svg is object/);
});

test('a reveal names a node of the diagram on screen, by a node id', () => {
  refused({ type: 'reveal', id: 'Payments' }, /no node "Payments" in the diagram on screen/);
  refused({ type: 'reveal', id: 'orders' }, /no node "orders"/);
  for (const id of ['', '../../etc/passwd', 'file:///etc/passwd', 'Orders\n', 'Or ders', 'command:topo.restartServer', 'A'.repeat(257), 'Ordérs']) {
    refused({ type: 'reveal', id }, /is not a node id/);
  }
  refused({ type: 'reveal', id: 7 }, /is not a node id/);
  refused({ type: 'reveal', id: ['Orders'] }, /is not a node id/);
  // Known ids come from the extension: a Map of the diagram's nodes serves as well as a Set.
  const nodes = new Map([['Api2', {}]]);
  assert.deepEqual(checkWebviewMessage({ type: 'reveal', id: 'Api2' }, nodes), { ok: true, message: { type: 'reveal', id: 'Api2' } });
  assert.equal(checkWebviewMessage({ type: 'reveal', id: 'Orders' }, nodes).ok, false);
  assert.equal(checkWebviewMessage({ type: 'reveal', id: 'Orders' }, new Set()).ok, false, 'no diagram yet: nothing to reveal');
});

test('an export is an <svg> of bounded size', () => {
  refused({ type: 'exportSvg', svg: '' }, /not an <svg> element/);
  refused({ type: 'exportSvg', svg: '<?xml version="1.0"?><svg/>' }, /not an <svg> element/);
  refused({ type: 'exportSvg', svg: '<svgx/>' }, /not an <svg> element/);
  refused({ type: 'exportSvg', svg: '<html><script>alert(1)</script></html>' }, /not an <svg> element/);
  refused({ type: 'exportSvg', svg: ' <svg/>' }, /not an <svg> element/);
  const limit = `<svg>${'x'.repeat(MAX_SVG_CHARS - 5)}`;
  assert.equal(limit.length, MAX_SVG_CHARS);
  assert.equal(check({ type: 'exportSvg', svg: limit }).ok, true, 'exactly the limit passes');
  refused({ type: 'exportSvg', svg: `${limit}x` }, new RegExp(`${MAX_SVG_CHARS + 1} characters, more than ${MAX_SVG_CHARS}`));
});

test('prototype-pollution keys and non-data properties are refused', () => {
  // JSON.parse makes "__proto__" an own key, as structured clone of such an object does.
  refused(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'), /forbidden key "__proto__"/);
  refused(JSON.parse('{"type":"setView","view":"focus","constructor":{"prototype":{"polluted":true}}}'), /forbidden key "constructor"/);
  refused(JSON.parse('{"type":"reveal","id":"Orders","prototype":{}}'), /forbidden key "prototype"/);
  refused(JSON.parse('{"__proto__":{"type":"ready"}}'), /forbidden key "__proto__"/);
  // An inherited type is not the message's own.
  refused(Object.create({ type: 'ready' }), /not a plain object/);
  const withSymbol = { type: 'ready', [Symbol('x')]: 1 };
  refused(withSymbol, /a symbol key/);
  const hidden = { type: 'ready' };
  Object.defineProperty(hidden, 'command', { value: 'x', enumerable: false });
  refused(hidden, /unexpected field "command"/);
  let read = false;
  const getter = {
    type: 'reveal',
    get id() {
      read = true;
      return 'Orders';
    },
  };
  refused(getter, /accessor property "id"/);
  assert.equal(read, false, 'the check never runs a getter');
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'nothing was polluted');
});

test('the page gets the nodes without their URIs and ranges', () => {
  const response: Extract<DiagramResponse, { ok: true }> = {
    ok: true,
    view: 'focus',
    title: 'Neighbourhood of Orders',
    text: 'flowchart LR\n  Orders',
    nodes: [
      { id: 'Orders', name: 'Orders', kind: 'service', uri: 'file:///p/a.topo', range: { start: { line: 1, character: 8 }, end: { line: 1, character: 14 } }, summary: 'service Orders', severity: 'warning' },
      { id: 'Db', name: 'Db', kind: 'database', uri: 'file:///p/a.topo', range: { start: { line: 2, character: 9 }, end: { line: 2, character: 11 } }, summary: 'database Db' },
    ],
    edgeCount: 1,
    size: { nodes: 9, edges: 7, textLength: 21 },
    notes: ['1 element left out'],
    element: 'Orders',
    depth: 3,
  };
  assert.deepEqual(toDiagramMessage(response, 2), {
    type: 'diagram',
    view: 'focus',
    depth: 3,
    title: 'Neighbourhood of Orders',
    text: 'flowchart LR\n  Orders',
    nodes: [
      { id: 'Orders', name: 'Orders', kind: 'service', summary: 'service Orders', severity: 'warning' },
      { id: 'Db', name: 'Db', kind: 'database', summary: 'database Db' },
    ],
    edgeCount: 1,
    size: { nodes: 9, edges: 7, textLength: 21 },
    notes: ['1 element left out'],
  });
  const { depth: _depth, ...topology } = { ...response, view: 'topology' as const };
  assert.equal(toDiagramMessage(topology, 2).depth, 2, 'without a depth in the answer, the preview keeps its own');
});
