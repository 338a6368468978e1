// Go to definition, find references and rename, across the files of a project.
// Ranges are shown as "path line:col-line:col text" (1-based).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { definition, nameProblem, prepareRename, references, rename } from '../../src/language/services/navigation';
import { applyEdits, lint, type Files } from '../helpers/project';
import { at, where } from './fixture';

const PROJECT = {
  'a.topo': 'service Orders { latency: 5ms }\nqueue Jobs { dlq: Dead }\nqueue Dead { monitored: true }\nOrders ~> Jobs\n',
  'b.topo': 'worker W { idempotent: true }\nJobs ~> W { retries: 1, dlq: Dead }\nactor U\nU -> Orders\n',
};

/** The project with the cursor put at the n-th occurrence (0-based) of `word` in `path`, `shift` characters in. */
function cursorAt(files: Record<string, string>, path: string, word: string, nth = 0, shift = 1): Record<string, string> {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = files[path]!.indexOf(word, index + 1);
  assert.ok(index >= 0, `${word} in ${path}`);
  const text = files[path]!;
  return { ...files, [path]: `${text.slice(0, index + shift)}|${text.slice(index + shift)}` };
}

describe('definition', () => {
  const CASES: { name: string; files: Files; expected: string | undefined }[] = [
    { name: 'a link end in another file', files: cursorAt(PROJECT, 'b.topo', 'Orders'), expected: 'a.topo 1:9-1:15 Orders' },
    { name: 'a link source', files: cursorAt(PROJECT, 'b.topo', 'Jobs'), expected: 'a.topo 2:7-2:11 Jobs' },
    { name: 'a dlq value', files: cursorAt(PROJECT, 'b.topo', 'Dead'), expected: 'a.topo 3:7-3:11 Dead' },
    { name: 'a cursor at the end of the name', files: cursorAt(PROJECT, 'b.topo', 'Orders', 0, 6), expected: 'a.topo 1:9-1:15 Orders' },
    { name: 'a cursor at the start of the name', files: cursorAt(PROJECT, 'b.topo', 'Orders', 0, 0), expected: 'a.topo 1:9-1:15 Orders' },
    { name: 'a declaration is its own definition', files: cursorAt(PROJECT, 'a.topo', 'Orders'), expected: 'a.topo 1:9-1:15 Orders' },
    { name: 'a duplicate declaration leads to the first', files: { 'a.topo': 'service A\n', 'b.topo': 'service |A\n' }, expected: 'a.topo 1:9-1:10 A' },
    { name: 'an undeclared name has none', files: 'A -> Gh|ost', expected: undefined },
    { name: 'a kind keyword has none', files: 'serv|ice A', expected: undefined },
    { name: 'a property key has none', files: 'service A { late|ncy: 1ms }', expected: undefined },
    { name: 'a name value other than dlq has none', files: 'service A\nservice B\nA -> B { protocol: gr|pc }', expected: undefined },
  ];
  for (const item of CASES) {
    test(item.name, () => {
      const fixture = at(item.files);
      const found = definition(fixture.result, fixture.doc, fixture.offset);
      assert.equal(found && where(fixture.files, found), item.expected);
    });
  }
});

describe('references', () => {
  const CASES: { name: string; files: Files; includeDeclaration: boolean; expected: string[] }[] = [
    {
      name: 'link ends in every file, with the declaration',
      files: cursorAt(PROJECT, 'a.topo', 'Jobs'),
      includeDeclaration: true,
      expected: ['a.topo 2:7-2:11 Jobs', 'a.topo 4:11-4:15 Jobs', 'b.topo 2:1-2:5 Jobs'],
    },
    {
      name: 'without the declaration',
      files: cursorAt(PROJECT, 'b.topo', 'Jobs'),
      includeDeclaration: false,
      expected: ['a.topo 4:11-4:15 Jobs', 'b.topo 2:1-2:5 Jobs'],
    },
    {
      name: 'dlq values count, from a dlq value',
      files: cursorAt(PROJECT, 'a.topo', 'Dead'),
      includeDeclaration: true,
      expected: ['a.topo 2:19-2:23 Dead', 'a.topo 3:7-3:11 Dead', 'b.topo 2:30-2:34 Dead'],
    },
    {
      name: 'duplicate declarations are all listed',
      files: { 'a.topo': 'service A\nA -> B\n', 'b.topo': 'service A|\nservice B\n' },
      includeDeclaration: true,
      expected: ['a.topo 1:9-1:10 A', 'a.topo 2:1-2:2 A', 'b.topo 1:9-1:10 A'],
    },
    {
      name: 'an undeclared name: its uses',
      files: 'service A\nA -> Ghost\nA ~> Gh|ost\n',
      includeDeclaration: true,
      expected: ['main.topo 2:6-2:11 Ghost', 'main.topo 3:6-3:11 Ghost'],
    },
    {
      name: 'nothing on a keyword',
      files: 'serv|ice A\nA -> A',
      includeDeclaration: true,
      expected: [],
    },
  ];
  for (const item of CASES) {
    test(item.name, () => {
      const fixture = at(item.files);
      const found = references(fixture.result, fixture.doc, fixture.offset, item.includeDeclaration);
      assert.deepEqual(
        found.map((location) => where(fixture.files, location)),
        item.expected,
      );
    });
  }
});

describe('prepareRename', () => {
  const CASES: { name: string; files: Files; expected: string | { error: string } }[] = [
    { name: 'a declaration', files: 'service Ord|ers', expected: 'Orders' },
    { name: 'a link end', files: 'service A\nA -> Orders|', expected: 'Orders' },
    { name: 'a dlq value', files: 'queue Q { dlq: D|lq }', expected: 'Dlq' },
    { name: 'a kind keyword', files: 'ser|vice A', expected: { error: "'service' is a kind keyword: only element names can be renamed" } },
    { name: 'the group keyword', files: 'gr|oup G {}', expected: { error: "'group' is a keyword: only element names can be renamed" } },
    { name: 'a group name', files: 'group G|G {}', expected: { error: 'A group name is written only once, nothing refers to it: edit it in place' } },
    { name: 'a property key', files: 'service A { late|ncy: 1ms }', expected: { error: "'latency' is a property key, fixed by the language: only element names can be renamed" } },
    { name: 'a value', files: 'service A { latency: 1|ms }', expected: { error: 'This value is not an element name: only element names (declarations, link ends, dlq values) can be renamed' } },
    { name: 'an arrow', files: 'A -|> B', expected: { error: 'This is an arrow: put the cursor on an element name to rename it' } },
    { name: 'a label', files: 'service A "la|bel"', expected: { error: 'This is a label: edit it in place; only element names can be renamed' } },
    {
      name: 'white space',
      files: 'service A\n|\n',
      expected: { error: 'There is no element name here: put the cursor on an element name (in a declaration, a link or a dlq value) to rename it' },
    },
  ];
  for (const item of CASES) {
    test(item.name, () => {
      const fixture = at(item.files);
      const prepared = prepareRename(fixture.result, fixture.doc, fixture.offset);
      if (typeof item.expected === 'string') {
        assert.ok('placeholder' in prepared, JSON.stringify(prepared));
        assert.equal(prepared.placeholder, item.expected);
        assert.equal(fixture.doc.text.slice(prepared.start, prepared.end), item.expected);
      } else assert.deepEqual(prepared, item.expected);
    });
  }
});

describe('rename', () => {
  test('renames declarations, link ends and dlq values in every file', () => {
    const fixture = at(cursorAt(PROJECT, 'b.topo', 'Dead'));
    const renamed = rename(fixture.result, fixture.doc, fixture.offset, 'Graveyard');
    assert.ok('edits' in renamed, JSON.stringify(renamed));
    assert.deepEqual(applyEdits(fixture.files, renamed.edits), {
      'a.topo': 'service Orders { latency: 5ms }\nqueue Jobs { dlq: Graveyard }\nqueue Graveyard { monitored: true }\nOrders ~> Jobs\n',
      'b.topo': 'worker W { idempotent: true }\nJobs ~> W { retries: 1, dlq: Graveyard }\nactor U\nU -> Orders\n',
    });
  });

  test('the renamed project has the same findings, under the new name', () => {
    const fixture = at(cursorAt(PROJECT, 'a.topo', 'Orders'));
    const renamed = rename(fixture.result, fixture.doc, fixture.offset, 'Commandes');
    assert.ok('edits' in renamed);
    const before = fixture.result.findings.map((f) => `${f.path} ${f.ruleId} ${f.message.replaceAll('Orders', 'Commandes')}`);
    const after = lint(applyEdits(fixture.files, renamed.edits)).findings.map((f) => `${f.path} ${f.ruleId} ${f.message}`);
    assert.deepEqual(after, before);
  });

  test('duplicates are renamed together', () => {
    const fixture = at({ 'a.topo': 'service A\nA -> B\n', 'b.topo': 'service A|\nservice B\n' });
    const renamed = rename(fixture.result, fixture.doc, fixture.offset, 'Z');
    assert.ok('edits' in renamed);
    assert.deepEqual(applyEdits(fixture.files, renamed.edits), { 'a.topo': 'service Z\nZ -> B\n', 'b.topo': 'service Z\nservice B\n' });
  });

  test('Unicode letters make names', () => {
    const fixture = at('service Pay|ments\nA -> Payments\n');
    const renamed = rename(fixture.result, fixture.doc, fixture.offset, 'Zahlungsdienst_ü2');
    assert.ok('edits' in renamed);
    assert.equal(applyEdits(fixture.files, renamed.edits)['main.topo'], 'service Zahlungsdienst_ü2\nA -> Zahlungsdienst_ü2\n');
    assert.ok('edits' in rename(fixture.result, fixture.doc, fixture.offset, 'Ωμέγα'));
    assert.ok('edits' in rename(fixture.result, fixture.doc, fixture.offset, '_private'));
  });

  test('the same name: nothing to do', () => {
    const fixture = at('service A|\n');
    assert.deepEqual(rename(fixture.result, fixture.doc, fixture.offset, 'A'), { edits: [] });
  });

  const ERRORS: [string, string, Files, string][] = [
    ['an empty name', '', 'service A|', 'A name cannot be empty'],
    ['a digit first', '1abc', 'service A|', "'1abc' is not a valid name: a name starts with a letter or '_', followed by letters, digits or '_'"],
    ['a dash', 'order-service', 'service A|', "'order-service' is not a valid name: a name starts with a letter or '_', followed by letters, digits or '_'"],
    ['a space', 'Two Words', 'service A|', "'Two Words' is not a valid name: a name starts with a letter or '_', followed by letters, digits or '_'"],
    ['leading white space', ' A2', 'service A|', "' A2' is not a valid name: a name starts with a letter or '_', followed by letters, digits or '_'"],
    ['a comment', 'A//x', 'service A|', "'A//x' is not a valid name: a name starts with a letter or '_', followed by letters, digits or '_'"],
    ['a kind', 'service', 'service A|', "'service' is a keyword and cannot be a name (names are case-sensitive: 'Service' is allowed)"],
    ['group', 'group', 'service A|', "'group' is a keyword and cannot be a name (names are case-sensitive: 'Group' is allowed)"],
    ['true', 'true', 'service A|', "'true' is a keyword and cannot be a name (names are case-sensitive: 'True' is allowed)"],
    [
      'a name declared in another file',
      'B',
      { 'a.topo': 'service A|\n', 'b.topo': '\n\nqueue B\n' },
      "'B' is already declared, as a queue in b.topo, line 3: names are unique across the project",
    ],
    [
      'an undeclared name already in use',
      'Ghost',
      'service A|\nA -> Ghost\n',
      "'Ghost' is already used (not declared) in main.topo, line 2: renaming 'A' to it would merge them",
    ],
    ['no name under the cursor', 'B', 'serv|ice A', "'service' is a kind keyword: only element names can be renamed"],
  ];
  for (const [name, newName, files, error] of ERRORS) {
    test(`refuses ${name}`, () => {
      const fixture = at(files);
      assert.deepEqual(rename(fixture.result, fixture.doc, fixture.offset, newName), { error });
    });
  }

  test('nameProblem accepts exactly the names the lexer reads as one name', () => {
    for (const good of ['A', 'a', '_', 'Api2', 'snake_case', 'Gateway', 'Ünïcödé', '東京']) assert.equal(nameProblem(good), undefined, good);
    for (const bad of ['2A', 'a.b', 'a b', 'a\nb', '"a"', 'a%', '->', 'queue', 'false', 'x\u0000']) assert.ok(nameProblem(bad), bad);
  });
});
