// The escaping of user text into Mermaid labels and the ids derived from names:
// nothing a user types survives raw where Mermaid gives it a meaning, and every
// string reads back as written once Mermaid's own entity handling is applied.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { idPart, label, MAX_LABEL_LENGTH, nodeId, quoted } from '../../src/language/diagram/escape';
import { DIRECTIVE, INJECTION_CORPUS, shownText } from './mermaidText';
import { assertInert, assertValidDiagram } from '../helpers/diagramValidity';
import { diagramOf } from './helpers';
import type { Diagram } from '../../src/language/diagram';

const RUNS = Number(process.env['TOPO_FUZZ_RUNS'] ?? 300);

/** What a reader should see for a user string: itself, minus what no HTML text can hold, plus the ZWNJ that keeps Mermaid's placeholders apart. */
function expectedShown(text: string): string {
  let out = '';
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    const forbidden = (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff;
    out += forbidden ? '\uFFFD' : char;
  }
  return out.replace(/ﬂ°/g, 'ﬂ\u200C°').replace(/¶ß/g, '¶\u200Cß');
}

describe('label', () => {
  for (const text of INJECTION_CORPUS) {
    test(`is inert and reads back: ${JSON.stringify(text).slice(0, 60)}`, () => {
      const escaped = label(text);
      assertInert(escaped, text);
      assert.equal(shownText(escaped), expectedShown(text));
    });
  }

  test('plain text stays as it is', () => {
    for (const text of ['Orders', 'Place order', 'PDF receipts (Receipts)', 'grpc', 'price the cart · grpc', 'Bestellung für 注文']) {
      assert.equal(label(text), text);
    }
  });

  test('the characters Mermaid reads are entity codes', () => {
    assert.equal(label('a"b'), 'a#34;b');
    assert.equal(label('<img>'), '#60;img#62;');
    assert.equal(label('%%{init}%%'), '#37;#37;{init}#37;#37;');
    assert.equal(label('x;y\nz'), 'x#59;y#10;z');
    assert.equal(label('`md`'), '#96;md#96;');
    assert.equal(label(' pad '), '#32;pad#32;');
    assert.equal(label('\u202Eevil'), '#8238;evil');
    assert.equal(label('bell\u0007'), 'bell#65533;');
  });

  test('random strings, any unicode, are inert and read back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const escaped = label(text);
        assertInert(escaped, text);
        assert.equal(shownText(escaped), expectedShown(text));
      }),
      { numRuns: RUNS },
    );
  });

  test('random strings over the characters that matter are inert and read back', () => {
    const alphabet = [...'"#%&<>\\`$:;{}[]()|-.=~*_ \n\r\tﬂ°¶ßendclickstyle0123456789'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const escaped = label(text);
        assertInert(escaped, text);
        assert.equal(shownText(escaped), expectedShown(text));
      }),
      { numRuns: RUNS },
    );
  });

  test('a long label is cut at a code point, with an ellipsis', () => {
    const long = '🚀'.repeat(MAX_LABEL_LENGTH + 50);
    const shown = shownText(label(long));
    assert.equal([...shown].length, MAX_LABEL_LENGTH);
    assert.ok(shown.endsWith('🚀…'));
    assert.equal(label('x'.repeat(MAX_LABEL_LENGTH)), 'x'.repeat(MAX_LABEL_LENGTH));
  });

  test('no label, however hostile, can form a directive once in a quoted label', () => {
    for (const text of INJECTION_CORPUS) {
      const line = `  n_A[${quoted(text)}]`;
      assert.doesNotMatch(line, DIRECTIVE);
      assert.equal(line.split('\n').length, 1);
      assert.equal(line.match(/"/g)!.length, 2, 'the label keeps its two quotes');
    }
  });
});

describe('ids', () => {
  test('an id is the name behind a prefix when the name is ASCII letters and digits', () => {
    assert.equal(nodeId('Orders'), 'n_Orders');
    assert.equal(nodeId('Api2'), 'n_Api2');
  });

  test('ids are from a safe alphabet and never a Mermaid keyword', () => {
    const keywords = ['end', 'graph', 'flowchart', 'subgraph', 'class', 'classDef', 'click', 'style', 'linkStyle', 'default', 'direction', 'call', 'href', 'participant', 'actor', 'note', 'Note', 'loop', 'alt', 'opt', 'par', 'and', 'else', 'rect', 'activate', 'deactivate', 'box', 'create', 'destroy', 'critical', 'break', 'autonumber', 'title', 'as', 'over', 'links', 'properties'];
    for (const keyword of keywords) {
      const id = nodeId(keyword);
      assert.match(id, /^n_[A-Za-z0-9_]+$/);
      assert.ok(!keywords.includes(id));
    }
  });

  test('underscores and other characters are encoded so that distinct names never share an id', () => {
    assert.equal(idPart('Order_Events'), 'Order__Events');
    assert.equal(idPart('注文'), '_6ce8__6587_');
    assert.equal(idPart('Bestellung_ü'), 'Bestellung___fc_');
    assert.notEqual(nodeId('a_b'), nodeId('a__b'));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), (a, b) => {
        assert.match(nodeId(a), /^n_[A-Za-z0-9_]*$/);
        if (a !== b) assert.notEqual(nodeId(a), nodeId(b));
        assert.equal(decodeIdPart(idPart(a)), a);
      }),
      { numRuns: RUNS },
    );
  });

  test('ids are stable: the same name gives the same id', () => {
    for (const name of ['Orders', 'x_y', 'Ünïcödé', '注文']) assert.equal(nodeId(name), nodeId(`${name}`));
  });
});

describe('the whole-diagram check (helpers/diagramValidity.ts, used by the property tests and the fuzz corpus)', () => {
  const project = 'client Web "Shop <1>"\ngroup G "Back" {\n  service Api { latency: 5ms }\n}\ndatabase Db\nWeb -> Api "buy" { timeout: 1s }\nApi -> Db { timeout: 1s }\nqueue Q\nApi ~> Q\n';
  const topology = diagramOf(project, { view: 'topology' });
  const sequence = diagramOf(project, { view: 'sequence', entry: 'Web' });
  const withText = (diagram: Diagram, text: string): Diagram => ({ ...diagram, text, size: { ...diagram.size, textLength: text.length } });

  test('passes the diagrams the generator writes', () => {
    assertValidDiagram(topology);
    assertValidDiagram(sequence);
  });

  test('rejects what Mermaid would read as syntax, and lines the generator never writes', () => {
    const cases: [string, Diagram, RegExp][] = [
      ['a raw < in a label', withText(topology, topology.text.replace('#60;1#62;', '<1>')), /raw special character/],
      ['a raw quote that ends a label early', withText(topology, topology.text.replace('"buy"', '"b"uy"')), /not a line the flowchart generator writes/],
      ['an init directive', withText(topology, `${topology.text}%%{init: {"securityLevel": "loose"}}%%\n`), /directive/],
      ['a click line', withText(topology, `${topology.text}  click n_Web call alert(1)\n`), /not a line the flowchart generator writes/],
      ['a style line', withText(topology, `${topology.text}  style n_Web fill:#f00\n`), /not a line the flowchart generator writes/],
      ['an edge to a node nobody declared', withText(topology, topology.text.replace('n_Api --> n_Db', 'n_Api --> n_Nobody')), /n_Nobody is declared/],
      ['an unclosed subgraph', withText(topology, topology.text.replace('  end\n', '')), /every subgraph is closed/],
      ['a bidi override left raw', withText(topology, topology.text.replace('"buy"', '"\u202Ebuy"')), /invisible format character/],
      ['a raw semicolon in a message', withText(sequence, sequence.text.replace('n_Web->>+n_Api: buy', 'n_Web->>+n_Api: buy; Note over n_Web: x')), /raw special character/],
      ['a message from an undeclared participant', withText(sequence, sequence.text.replace('n_Web->>+n_Api', 'n_Evil->>+n_Api')), /n_Evil is declared as a participant/],
      ['a reply from a participant that was not called', withText(sequence, sequence.text.replace('n_Db-->>-n_Api', 'n_Q-->>-n_Api')), /deactivated while inactive/],
      ['a size that does not count the text', { ...topology, size: { ...topology.size, textLength: 1 } }, /the size counts the text/],
    ];
    for (const [what, diagram, error] of cases) assert.throws(() => assertValidDiagram(diagram), error, what);
  });
});

/** The inverse of idPart, to show the encoding loses nothing (so it is injective). */
function decodeIdPart(id: string): string {
  let out = '';
  for (let i = 0; i < id.length; ) {
    if (id[i] !== '_') {
      out += id[i++];
      continue;
    }
    if (id[i + 1] === '_') {
      out += '_';
      i += 2;
      continue;
    }
    const close = id.indexOf('_', i + 1);
    assert.ok(close > i + 1, `an escape closes in ${id}`);
    out += String.fromCodePoint(parseInt(id.slice(i + 1, close), 16));
    i = close + 1;
  }
  return out;
}
