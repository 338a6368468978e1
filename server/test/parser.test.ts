import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../src/language/syntax/parser';
import type { ElementNode, LinkNode, GroupNode } from '../src/language/syntax/ast';

function errors(text: string): string[] {
  return parse(text).diagnostics.map((d) => `${text.slice(d.start, d.end)}|${d.message}`);
}

test('parses an element with label and properties, keeping exact spans', () => {
  const text = 'service Orders "Order service" { latency: 40ms, availability: 99.95% }';
  const file = parse(text);
  assert.deepEqual(file.diagnostics, []);
  const el = file.statements[0] as ElementNode;
  assert.equal(el.kind, 'service');
  assert.equal(text.slice(el.name.start, el.name.end), 'Orders');
  assert.equal(el.label?.value, 'Order service');
  assert.equal(el.start, 0);
  assert.equal(el.end, text.length);
  const [latency, availability] = el.props!.properties;
  assert.deepEqual(latency!.value, { type: 'duration', start: 42, end: 46, ms: 40, raw: '40ms' });
  assert.equal(availability!.value?.type, 'percent');
  assert.equal(text.slice(availability!.start, availability!.end), 'availability: 99.95%');
});

test('parses a chain of links with mixed arrows, a label and properties', () => {
  const file = parse('A -> B ~> C "flow" { timeout: 1.5s }');
  assert.deepEqual(file.diagnostics, []);
  const link = file.statements[0] as LinkNode;
  assert.deepEqual(link.names.map((n) => n.text), ['A', 'B', 'C']);
  assert.deepEqual(link.arrows.map((a) => a.sync), [true, false]);
  assert.equal(link.label?.value, 'flow');
  assert.equal((link.props!.properties[0]!.value as { ms: number }).ms, 1500);
});

test('a newline separates properties like a comma', () => {
  const file = parse('queue Q {\n  dlq: D\n  delay: 2m,\n  tags: ["a", b,]\n}');
  assert.deepEqual(file.diagnostics, []);
  const el = file.statements[0] as ElementNode;
  assert.deepEqual(el.props!.properties.map((p) => p.key.text), ['dlq', 'delay', 'tags']);
  assert.equal((el.props!.properties[1]!.value as { ms: number }).ms, 120_000);
});

test('groups nest statements', () => {
  const file = parse('group G "Store" {\n service A\n group H { database D }\n A -> D\n}');
  assert.deepEqual(file.diagnostics, []);
  const group = file.statements[0] as GroupNode;
  assert.equal(group.body.length, 3);
  assert.equal((group.body[1] as GroupNode).body.length, 1);
});

test('keywords are case-sensitive: Gateway is a name', () => {
  const file = parse('service Gateway\nGateway -> Gateway');
  assert.deepEqual(file.diagnostics, []);
});

test('names may use letters of any script', () => {
  const file = parse('service Café\nservice 注文\nCafé -> 注文');
  assert.deepEqual(file.diagnostics, []);
  assert.deepEqual((file.statements[2] as LinkNode).names.map((n) => n.text), ['Café', '注文']);
});

test('a value written with a space before its unit still means the duration', () => {
  const el = parse('service A { latency: 5 ms }').statements[0] as ElementNode;
  assert.equal((el.props!.properties[0]!.value as { ms: number }).ms, 5);
});

test('string escapes are resolved', () => {
  const el = parse('service A "say \\"hi\\"\\n\\tand \\\\"').statements[0] as ElementNode;
  assert.equal(el.label?.value, 'say "hi"\n\tand \\');
});

test('error messages say what was expected, in words', () => {
  assert.deepEqual(errors('service'), ["service|expected a name after 'service'"]);
  assert.deepEqual(errors('servce A'), ["servce|unknown kind 'servce': did you mean 'service'?"]);
  assert.deepEqual(errors('Service A'), ["Service|unknown kind 'Service': keywords are lowercase, did you mean 'service'?"]);
  assert.deepEqual(errors('service A "x'), ['"x|unterminated string: add a closing \'"\' on the same line']);
  assert.deepEqual(errors('A -> B { timeout: 5x }'), ["5x|'5x' is not a duration: use a number with ms, s, m or h (300ms, 1.5s, 2m)"]);
  assert.deepEqual(errors('A => B'), ["=>|unexpected '=>' (links are written '->' or '~>')"]);
  assert.deepEqual(errors('service A { latency 5ms }'), ["5ms|expected ':' after the property name 'latency'"]);
  assert.deepEqual(errors('service A { latency: }'), ["}|expected a value after 'latency:'"]);
  assert.deepEqual(errors('service A { latency: 5ms'), ["{|expected '}' to close the properties of 'A'"]);
  assert.deepEqual(errors('}'), ["}|unexpected '}': no group or property list is open here"]);
  assert.deepEqual(errors('service A { true: 1 }'), ["true|'true' is a keyword and cannot be a property name"]);
  assert.deepEqual(errors('service A { latency: -5ms }'), ['-|unexpected character \'-\': values cannot be negative']);
  assert.deepEqual(errors('service A { latency: .5s }'), ['.|unexpected character \'.\': write a leading zero, as in 0.5s']);
  assert.deepEqual(errors('service A { latency: 5 ms }'), ["5 ms|write '5ms' without a space between the number and its unit"]);
  assert.deepEqual(errors('service A { availability: 99.9 % }'), ["%|unexpected character '%' (write a percentage without a space, as in 99.9%)"]);
  assert.deepEqual(errors('/* open'), ["/*|unterminated comment: expected '*/' before the end of the file"]);
});

test('an error in one statement never hides the statements after it', () => {
  const file = parse('service A { latency 5ms, x: }\nservce B\nA -> \nservice C\nC -> A');
  const kinds = file.statements.map((s) => (s.type === 'element' ? `${s.kind} ${s.name.text}` : s.type));
  assert.deepEqual(kinds, ['service A', 'link', 'service C', 'link']);
  assert.equal(file.diagnostics.length, 4);
});

test('missing names become zero-width identifiers', () => {
  const link = parse('A ->').statements[0] as LinkNode;
  assert.equal(link.names[1]!.text, '');
  assert.equal(link.names[1]!.start, link.names[1]!.end);
});

test('comments are collected with their spans', () => {
  const file = parse('// one\nservice A /* two\nlines */ service B');
  assert.deepEqual(file.comments.map((c) => [c.block, c.text]), [[false, ' one'], [true, ' two\nlines ']]);
  assert.equal(file.statements.length, 2);
});
