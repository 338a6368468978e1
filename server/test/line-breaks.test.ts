// Line breaks as LSP and editors count them: LF, CRLF (one break, not two) and a lone CR.
// The lexer, LineIndex, the services, the rules' fixes and the CLI's positions agree on
// them (fuzz regression case 015-cr-only.topo). The formatter's side is in format.test.ts;
// the server's, over JSON-RPC, in lsp/lineBreaks.test.ts.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lex, type Token } from '../src/language/syntax/lexer';
import { parse } from '../src/language/syntax/parser';
import type { ElementNode } from '../src/language/syntax/ast';
import { LineIndex, firstLineBreak, lineBreakIn, lineBreakLength, lineEndAt, lineStartAt } from '../src/language/util/lineIndex';
import { semanticTokens } from '../src/language/services/semanticTokens';
import { foldingRanges } from '../src/language/services/folding';
import { complete } from '../src/language/services/completion';
import { applyEdits, lint } from './helpers/project';
import { assertProperty } from './helpers/property';
import { tempProject, topo } from './helpers/cli';
import { at, checkTokens, project } from './services/fixture';

const RUNS = Number(process.env['TOPO_FUZZ_RUNS'] ?? 300);

/** Each token as "text" or "⏎text" when a line break comes before it (the end of file left out). */
function tokens(text: string): string[] {
  return lex(text)
    .tokens.filter((token: Token) => token.start < token.end)
    .map((token) => `${token.newlineBefore ? '⏎' : ''}${text.slice(token.start, token.end)}`);
}

describe('the lexer', () => {
  test('a line comment ends at a lone CR, at CRLF and at LF, and the statement after it is read', () => {
    for (const eol of ['\r', '\r\n', '\n']) {
      const text = `// a note${eol}service A // another${eol}service B`;
      const { comments } = lex(text);
      assert.deepEqual(
        comments.map((comment) => comment.text),
        [' a note', ' another'],
        JSON.stringify(eol),
      );
      for (const comment of comments) assert.doesNotMatch(text.slice(comment.start, comment.end), /[\r\n]/);
      assert.deepEqual(tokens(text), ['⏎service', 'A', '⏎service', 'B'], JSON.stringify(eol));
      assert.deepEqual(parse(text).diagnostics, []);
    }
  });

  test('a lone CR sets newlineBefore, alone, between tokens and inside a block comment', () => {
    assert.deepEqual(tokens('service A\rservice B'), ['⏎service', 'A', '⏎service', 'B']);
    assert.deepEqual(tokens('service A /* a\rb */ service B'), ['⏎service', 'A', '⏎service', 'B']);
    assert.deepEqual(tokens('service A /* a b */ service B'), ['⏎service', 'A', 'service', 'B']);
    assert.deepEqual(tokens('service A /* open\r'), ['⏎service', 'A']);
    // CR and LF of a CRLF, or CR then LF apart: a line break all the same.
    assert.deepEqual(tokens('A\r\n->\n\rB'), ['⏎A', '⏎->', '⏎B']);
  });

  test('a lone CR separates properties like a newline, and ends a string', () => {
    const file = parse('service A {\r  latency: 5ms\r  idempotent: true\r}\rservice B');
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual((file.statements[0] as ElementNode).props!.properties.map((property) => property.key.text), ['latency', 'idempotent']);
    const broken = parse('service A "open\rservice B');
    assert.deepEqual(
      broken.diagnostics.map((d) => d.message),
      ['unterminated string: add a closing \'"\' on the same line'],
    );
    assert.deepEqual(broken.statements.map((statement) => (statement as ElementNode).name.text), ['A', 'B']);
  });
});

describe('LineIndex', () => {
  test('lines of a CR-only, a CRLF and a mixed text', () => {
    const cases: [string, string[]][] = [
      ['a\rbc\r\rd', ['a', 'bc', '', 'd']],
      ['a\r\nbc\r\n', ['a', 'bc', '']],
      ['a\r\nb\nc\rd\n\re\r\r\nf', ['a', 'b', 'c', 'd', '', 'e', '', 'f']],
      ['\r', ['', '']],
      ['', ['']],
    ];
    for (const [text, lines] of cases) {
      const index = new LineIndex(text);
      assert.equal(index.lineCount, lines.length, JSON.stringify(text));
      assert.deepEqual(
        Array.from({ length: index.lineCount }, (_, line) => index.lineText(line)),
        lines,
        JSON.stringify(text),
      );
    }
  });

  test('positions and offsets in a CR-only text', () => {
    const text = 'service A\rservice B\r// a note\rA -> B\r';
    const lines = new LineIndex(text);
    const arrow = text.indexOf('->');
    assert.deepEqual(lines.positionAt(arrow), { line: 3, character: 2 });
    assert.equal(lines.offsetAt({ line: 3, character: 2 }), arrow);
    assert.equal(lines.lineOf(text.indexOf('// a note')), 2);
    // A character past the end of a line stops before its line break.
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 'service A'.length);
    assert.deepEqual(lines.positionAt(text.length), { line: 4, character: 0 });
    assert.equal(lines.lineEnd(2), text.indexOf('\rA ->'));
  });

  test('an offset between the CR and the LF of a CRLF is the end of its line, as in LSP', () => {
    const lines = new LineIndex('ab\r\ncd');
    assert.deepEqual(lines.positionAt(3), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
    assert.equal(lines.offsetAt({ line: 0, character: 3 }), 2);
  });

  test('property: every position and offset agrees with the text documents of LSP (vscode-languageserver-textdocument)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\r', '\n', '\r\n', 'é', '😀'), maxLength: 40 });
    assertProperty(
      fc.property(text, (text) => {
        const lines = new LineIndex(text);
        const document = TextDocument.create('file:///a.topo', 'topo', 1, text);
        assert.equal(lines.lineCount, document.lineCount);
        for (let offset = 0; offset <= text.length; offset++) {
          assert.deepEqual(lines.positionAt(offset), document.positionAt(offset), `positionAt(${offset})`);
        }
        for (let line = 0; line <= lines.lineCount; line++) {
          for (let character = 0; character <= 45; character++) {
            assert.equal(lines.offsetAt({ line, character }), document.offsetAt({ line, character }), `offsetAt(${line}:${character})`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('the line-break helpers', () => {
    const text = 'ab\r\ncd\ref\ngh';
    assert.deepEqual([0, 2, 3, 6, 9, 12].map((offset) => lineBreakLength(text, offset)), [0, 2, 1, 1, 1, 0]);
    assert.equal(lineBreakIn(text, 0, text.length), 2);
    assert.equal(lineBreakIn(text, 4, text.length), 6);
    assert.equal(lineBreakIn(text, 4, 6), -1);
    assert.deepEqual([0, 1, 4, 5, 7, 10, 12].map((offset) => lineStartAt(text, offset)), [0, 0, 4, 4, 7, 10, 10]);
    assert.deepEqual([0, 4, 7, 10].map((offset) => lineEndAt(text, offset)), [2, 6, 9, 12]);
    assert.deepEqual(['a\r\nb\n', 'a\rb\r\n', 'a\nb\r', 'ab'].map(firstLineBreak), ['\r\n', '\r', '\n', undefined]);
  });
});

describe('the services and the rules in a file with lone CRs', () => {
  test('a block comment is one semantic token per line, split at CR, CRLF and LF', () => {
    const text = '/* one\rtwo\r\nthree\nfour */\rservice A // end\r';
    const { result, doc } = project(text);
    const found = semanticTokens(doc(), result);
    checkTokens(text, found);
    assert.deepEqual(
      found.map((token) => `[${text.slice(token.start, token.start + token.length)}] ${[token.type, ...token.modifiers].join('.')}`),
      ['[/* one] comment', '[two] comment', '[three] comment', '[four */] comment', '[service] keyword', '[A] class.declaration', '[// end] comment'],
    );
  });

  test('folding ranges count lines broken by a lone CR', () => {
    const text = 'group G {\r  service A {\r    latency: 5ms\r  }\r}\r// one\r// two\r';
    const lines = new LineIndex(text);
    const ranges = foldingRanges(project(text).doc()).map((range) => `${lines.lineOf(range.start) + 1}-${lines.lineOf(range.end) + 1}${range.kind ? ` ${range.kind}` : ''}`);
    assert.deepEqual(ranges, ['1-4', '2-3', '6-7 comment']);
  });

  test('completion at the start of a line after a lone CR offers what it offers after an LF', () => {
    for (const cursor of ['service A\n|', 'service A {\n  latency: 5ms\n  |\n}', 'A -> B\n|']) {
      const labels = (text: string) => {
        const { result, doc, offset } = at(text);
        return complete(result, doc, offset).items.map((item) => item.label);
      };
      assert.deepEqual(labels(cursor.replaceAll('\n', '\r')), labels(cursor), JSON.stringify(cursor));
    }
  });

  test('a topo-ignore-next-line comment silences the line after a lone CR', () => {
    const text = 'service A\rservice B\r// topo-ignore-next-line missing-timeout -- tolerated\rA -> B\rB -> A { timeout: 1s }\r';
    const findings = lint(text).findings.map((finding) => finding.ruleId);
    assert.ok(!findings.includes('missing-timeout'), findings.join(', '));
    assert.ok(!findings.includes('unused-suppression'), findings.join(', '));
  });

  test('removing an unused suppression alone on its line removes that line only', () => {
    const cases: [string, string][] = [
      ['\r\r// topo-ignore-next-line missing-timeout\rservice B\r', '\r\rservice B\r'],
      ['service A\r\r  // topo-ignore-next-line missing-timeout\rservice B\r', 'service A\r\rservice B\r'],
      ['service A\r\n// topo-ignore-next-line missing-timeout\r\nservice B\r\n', 'service A\r\nservice B\r\n'],
      ['service A\n// topo-ignore-next-line missing-timeout', 'service A\n'],
    ];
    for (const [text, expected] of cases) {
      const finding = lint(text).findings.find((f) => f.ruleId === 'unused-suppression');
      assert.ok(finding, JSON.stringify(text));
      const fix = finding.fixes.find((f) => f.title === 'Remove the unused suppression')!;
      assert.equal(applyEdits(text, fix.edits)['main.topo'], expected, JSON.stringify(text));
    }
  });

  test("a fix that adds a property to a broken block takes the indentation of the last property's line", () => {
    const text = 'service A\rservice B\rgroup G {\r    A -> B {\r        retries: 1\r    }\r}\r';
    const finding = lint(text).findings.find((f) => f.ruleId === 'missing-timeout')!;
    const fix = finding.fixes.find((f) => f.title.startsWith('Add '))!;
    assert.deepEqual(
      fix.edits.map((edit) => edit.newText),
      ['\n        timeout: 1s'],
    );
  });
});

describe('the CLI reports positions by the lines an editor shows', () => {
  test('a CR-only file and a mixed file, in the stylish and json formats', () => {
    const root = tempProject({
      'cr.topo': 'service A\rservice B\r// a note\rA -> B\r',
      'mixed.topo': 'service C\r\nservice D\r// x\nC -> D { timeout: 1s }\r\n  D ~> C "done"\n',
    });
    const stylish = topo(['lint'], root);
    assert.equal(stylish.status, 0, stylish.stderr);
    assert.equal(
      stylish.stdout,
      [
        'cr.topo',
        "  4:1  warning  'A' calls 'B' synchronously without a timeout: if 'B' hangs, 'A' hangs with it  missing-timeout",
        '',
        'mixed.topo',
        "  5:3  warning  'C' receives messages from 'D' without a dead-letter queue: a message that keeps failing is lost or redelivered forever; set 'dlq' on the link  missing-dlq",
        "  5:3  info     'C' receives messages from 'D' without retries: a single transient failure (a restart, a timeout) dead-letters or drops the message; set 'retries' on the link  missing-retry",
        '',
        '⚠ 3 problems (0 errors, 2 warnings, 1 info) in 2 files',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(topo(['lint', '--format', 'json'], root).stdout) as {
      files: { path: string; findings: { ruleId: string; range: unknown; fixes: { edits: { range: unknown }[] }[] }[] }[];
    };
    const cr = json.files.find((file) => file.path === 'cr.topo')!;
    assert.deepEqual(cr.findings[0]!.range, { start: { line: 4, column: 1 }, end: { line: 4, column: 7 } });
    assert.deepEqual(cr.findings[0]!.fixes[0]!.edits[0]!.range, { start: { line: 4, column: 7 }, end: { line: 4, column: 7 } });
    const mixed = json.files.find((file) => file.path === 'mixed.topo')!;
    assert.deepEqual(
      mixed.findings.map((finding) => finding.range),
      [
        { start: { line: 5, column: 3 }, end: { line: 5, column: 9 } },
        { start: { line: 5, column: 3 }, end: { line: 5, column: 9 } },
      ],
    );
  });

  test('topo fmt names the line and column of a syntax error in a CR-only file', () => {
    const root = tempProject({ 'a.topo': 'service A\rservice B {\r  latency: 5 ms\r}\r' });
    const run = topo(['fmt', '--check'], root);
    assert.match(run.stderr, /^topo: a\.topo:3:12: not formatted/m);
  });
});
