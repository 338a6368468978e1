// The README stays true: its rules table is the registry's, and its demo output is
// what the CLI prints for its demo design. TOPO_UPDATE_README=1 rewrites both.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../src/language/rules/registry';
import { tempProject, topo } from './helpers/cli';

const README = join(__dirname, '..', '..', 'README.md');

function rulesTable(): string {
  const rows = RULES.map(({ meta }) => {
    const severity = meta.category === 'language' ? 'error (always)' : meta.defaultSeverity;
    const options = Object.entries(meta.options).map(([name, spec]) => `\`${name}\`: ${spec.default}`).join(', ');
    return `| [\`${meta.id}\`](docs/rules/${meta.id}.md) | ${severity} | ${meta.fixable ? 'yes' : ''} | ${options} | ${meta.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| rule | default | fix | options | what it flags |', '|---|---|---|---|---|', ...rows].join('\n');
}

function between(text: string, start: string, end: string): [number, number] {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + start.length);
  assert.ok(a >= 0 && b >= a + start.length, `README has ${start} … ${end}`);
  return [a + start.length, b];
}

function replaceBetween(text: string, start: string, end: string, content: string): string {
  const [a, b] = between(text, start, end);
  return text.slice(0, a) + content + text.slice(b);
}

test('the README rules table lists every rule as the registry has it', () => {
  let readme = readFileSync(README, 'utf8');
  const table = `\n${rulesTable()}\n`;
  if (process.env['TOPO_UPDATE_README']) {
    readme = replaceBetween(readme, '<!-- rules:start -->', '<!-- rules:end -->', table);
    writeFileSync(README, readme);
  }
  const [a, b] = between(readme, '<!-- rules:start -->', '<!-- rules:end -->');
  assert.equal(readme.slice(a, b), table);
});

test("the README's demo output is what topo lint prints for its demo design", () => {
  let readme = readFileSync(README, 'utf8');
  const [a, b] = between(readme, '<!-- demo:design -->\n```topo\n', '```');
  const root = tempProject({ 'checkout.topo': readme.slice(a, b) });
  const run = topo(['lint', 'checkout.topo'], root);
  const output = `$ topo lint checkout.topo\n${run.stdout}`;
  if (process.env['TOPO_UPDATE_README']) {
    readme = replaceBetween(readme, '<!-- demo:output -->\n```\n', '```', output);
    writeFileSync(README, readme);
  }
  const [c, d] = between(readme, '<!-- demo:output -->\n```\n', '```');
  assert.equal(readme.slice(c, d), output);
});
