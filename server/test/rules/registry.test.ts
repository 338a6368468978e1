// Every rule has its doc page with the standard headings, its table of tests, and
// doc examples that really produce (failing) or do not produce (passing) its finding.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/language/rules/registry';
import { lint } from '../helpers/project';

const root = join(__dirname, '..', '..', '..');
const HEADINGS = ['## What it flags', '## Why', '## Failing example', '## Passing example', '## Options', '## Quick fix'];

function topoBlocks(section: string): string[] {
  return [...section.matchAll(/```topo\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

function section(doc: string, heading: string): string {
  const start = doc.indexOf(heading);
  const next = doc.indexOf('\n## ', start + heading.length);
  return doc.slice(start, next < 0 ? undefined : next);
}

for (const rule of RULES) {
  const { id } = rule.meta;
  test(`${id}: has a doc page with the standard headings in order`, () => {
    const path = join(root, 'docs', 'rules', `${id}.md`);
    assert.ok(existsSync(path), `docs/rules/${id}.md is missing`);
    const doc = readFileSync(path, 'utf8');
    assert.ok(doc.startsWith(`# ${id}\n`), 'the page starts with "# <id>"');
    let at = -1;
    for (const heading of HEADINGS) {
      const found = doc.indexOf(`\n${heading}\n`);
      assert.ok(found > at, `"${heading}" present and in order`);
      at = found;
    }
    for (const option of Object.keys(rule.meta.options)) assert.ok(section(doc, '## Options').includes(option), `option ${option} documented`);
  });

  test(`${id}: has a table of tests`, () => {
    const path = join(root, 'server', 'test', 'rules', `${id}.test.ts`);
    const shared = join(root, 'server', 'test', 'rules', 'language.test.ts');
    const text = existsSync(path) ? readFileSync(path, 'utf8') : readFileSync(shared, 'utf8');
    assert.ok(text.includes(`ruleTester('${id}'`), `server/test/rules/${id}.test.ts calls ruleTester('${id}', …)`);
  });

  test(`${id}: the doc's failing example fails and its passing example passes`, () => {
    const doc = readFileSync(join(root, 'docs', 'rules', `${id}.md`), 'utf8');
    const failing = topoBlocks(section(doc, '## Failing example'));
    const passing = topoBlocks(section(doc, '## Passing example'));
    assert.ok(failing.length > 0 && passing.length > 0, 'both examples are ```topo blocks');
    for (const example of failing) {
      assert.ok(lint(example).findings.some((f) => f.ruleId === id), `failing example reports ${id}:\n${example}`);
    }
    for (const example of passing) {
      assert.deepEqual(lint(example).findings.filter((f) => f.ruleId === id).map((f) => f.message), [], `passing example:\n${example}`);
    }
  });
}
