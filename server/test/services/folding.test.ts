// Folding ranges: each shown as "firstLine-lastLine kind" (1-based, both folded
// lines included) and the text it starts with.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldingRanges } from '../../src/language/services/folding';
import { LineIndex } from '../../src/language/util/lineIndex';
import { project } from './fixture';

function render(text: string): string[] {
  const lines = new LineIndex(text);
  return foldingRanges(project(text).doc()).map((range) => {
    assert.ok(0 <= range.start && range.start < range.end && range.end <= text.length, 'inside the document');
    const first = lines.lineOf(range.start) + 1;
    const last = lines.lineOf(range.end) + 1;
    return `${first}-${last}${range.kind ? ` ${range.kind}` : ''} ${JSON.stringify(text.slice(range.start, Math.min(range.end, range.start + 12)))}`;
  });
}

const CASES: { name: string; lines: string[]; expected: string[] }[] = [
  {
    name: 'groups, property blocks, lists and comments; the closing line stays visible',
    lines: [
      '// header one', //           1
      '// header two', //           2
      '', //                        3
      '/* block', //                4
      '   comment */', //           5
      'group Shop {', //            6
      '  service Api {', //         7
      '    latency: 5ms,', //       8
      '    tags: [', //             9
      '      "a",', //              10
      '      "b",', //              11
      '    ]', //                   12
      '  }', //                     13
      '  // inside', //             14
      '}', //                       15
      'service One { latency: 1ms }', // 16
      'A -> B {', //                17
      '  timeout: 1s', //           18
      '}', //                       19
    ],
    expected: [
      '1-2 comment "// header on"',
      '4-5 comment "/* block\\n   "',
      '6-14 "{\\n  service "',
      '7-12 "{\\n    latenc"',
      '9-11 "[\\n      \\"a\\","',
      '17-18 "{\\n  timeout:"',
    ],
  },
  {
    name: 'a blank line or code ends a run of line comments; a trailing comment does not join one',
    lines: ['// a', '// b', '', '// c', 'service A // d', '// e', '// f'],
    expected: ['1-2 comment "// a\\n// b"', '6-7 comment "// e\\n// f"'],
  },
  {
    name: 'region markers',
    lines: ['// #region checkout', 'service A', 'service B', '// #endregion', '// #endregion without a start'],
    expected: ['1-4 region "// #region c"'],
  },
  {
    name: 'unclosed groups and blocks fold to the end of what they hold',
    lines: ['group G {', '  service A {', '    latency: 1ms', '', ''],
    expected: ['1-3 "{\\n  service "', '2-3 "{\\n    latenc"'],
  },
  {
    name: 'nothing folds on one line',
    lines: ['group G { service A { latency: 1ms, tags: ["x"] } }', '/* one line */'],
    expected: [],
  },
];

describe('foldingRanges', () => {
  for (const item of CASES) {
    test(item.name, () => assert.deepEqual(render(item.lines.join('\n')), item.expected));
  }
  test('CRLF line ends', () => {
    assert.deepEqual(render('group G {\r\n  service A\r\n}\r\n'), ['1-2 "{\\r\\n  service"']);
  });
});
