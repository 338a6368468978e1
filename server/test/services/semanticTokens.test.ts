// Semantic tokens: each token's text, type and modifiers, in order; never
// overlapping and never across a line break.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { semanticTokens, type SemanticToken } from '../../src/language/services/semanticTokens';
import { checkTokens, project } from './fixture';

function render(text: string, tokens: readonly SemanticToken[]): string[] {
  return tokens.map((token) => `[${text.slice(token.start, token.start + token.length)}] ${token.type}${token.modifiers.length ? `.${token.modifiers.join('.')}` : ''}`);
}

describe('semanticTokens', () => {
  test('every token class, element names typed by their kind class', () => {
    const text = [
      '/* multi',
      '   line */',
      'group Shop "Store" {',
      '  client Web { budget: 800ms, slo: 99.9% }',
      '  service Api { latency: 5ms, critical: false, tags: [a, "b"] }',
      '}',
      'database Db',
      'queue Q { dlq: Dead }',
      'queue Dead { monitored: true }',
      'Web -> Api { protocol: https, retries: 2 }',
      'Api ~> Q',
      'Api -> Ghost // trailing',
      '',
    ].join('\r\n');
    const { result, doc } = project(text);
    const tokens = semanticTokens(doc(), result);
    checkTokens(text, tokens);
    assert.deepEqual(render(text, tokens), [
      '[/* multi] comment',
      '[   line */] comment',
      '[group] keyword',
      '[Shop] namespace.declaration',
      '["Store"] string',
      '[client] keyword',
      '[Web] interface.declaration',
      '[budget] property',
      '[800ms] number',
      '[slo] property',
      '[99.9%] number',
      '[service] keyword',
      '[Api] class.declaration',
      '[latency] property',
      '[5ms] number',
      '[critical] property',
      '[false] keyword',
      '[tags] property',
      '[a] enumMember',
      '["b"] string',
      '[database] keyword',
      '[Db] struct.declaration',
      '[queue] keyword',
      '[Q] event.declaration',
      '[dlq] property',
      '[Dead] event',
      '[queue] keyword',
      '[Dead] event.declaration',
      '[monitored] property',
      '[true] keyword',
      '[Web] interface',
      '[->] operator',
      '[Api] class',
      '[protocol] property',
      '[https] enumMember',
      '[retries] property',
      '[2] number',
      '[Api] class',
      '[~>] operator.async',
      '[Q] event',
      '[Api] class',
      '[->] operator',
      '[Ghost] variable',
      '[// trailing] comment',
    ]);
  });

  test('suppression directives and rule ids are macros inside the comment', () => {
    const text = '// topo-ignore-file orphan-element\n  // topo-ignore-next-line missing-timeout, sync-fan-out -- slow on purpose\nservice A\n';
    const { result, doc } = project(text);
    const tokens = semanticTokens(doc(), result);
    checkTokens(text, tokens);
    assert.deepEqual(render(text, tokens), [
      '[// ] comment',
      '[topo-ignore-file] macro',
      '[ ] comment',
      '[orphan-element] macro',
      '[// ] comment',
      '[topo-ignore-next-line] macro',
      '[ ] comment',
      '[missing-timeout] macro',
      '[, ] comment',
      '[sync-fan-out] macro',
      '[ -- slow on purpose] comment',
      '[service] keyword',
      '[A] class.declaration',
    ]);
  });

  test('names in links resolve across files with a result, within the document without', () => {
    const files = { 'a.topo': 'topic Events\n', 'b.topo': 'worker W\nEvents ~> W\n' };
    const { result, doc } = project(files);
    const b = files['b.topo'];
    assert.deepEqual(render(b, semanticTokens(doc('b.topo'), result)).slice(2), ['[Events] event', '[~>] operator.async', '[W] class']);
    assert.deepEqual(render(b, semanticTokens(doc('b.topo'))).slice(2), ['[Events] variable', '[~>] operator.async', '[W] class']);
  });

  test('broken text: keywords misused as names stay keywords, stray characters get no token', () => {
    const text = 'service group { lat%ency: 5 ms }\nA => B\n"unterminated\n/* open';
    const { result, doc } = project(text);
    const tokens = semanticTokens(doc(), result);
    checkTokens(text, tokens);
    assert.deepEqual(render(text, tokens), [
      '[service] keyword',
      '[group] keyword',
      '[lat] property',
      '[ency] variable',
      '[5] number',
      '[ms] variable',
      '[A] variable',
      '[B] variable',
      '["unterminated] string',
      '[/* open] comment',
    ]);
  });
});
