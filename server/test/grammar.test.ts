// The TextMate grammar (syntaxes/topo.tmLanguage.json), tokenized by the engine VS Code
// uses: vscode-textmate over the Oniguruma regular expressions compiled to WebAssembly.
// Every sample is tokenized; chosen lines pin the scope of each token class, and no
// visible character of a sample is left with nothing but the root scope.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

const ROOT = join(__dirname, '..', '..');
const GRAMMAR = join(ROOT, 'syntaxes', 'topo.tmLanguage.json');
const SAMPLES = join(ROOT, 'samples');

interface Token {
  text: string;
  start: number;
  /** Scopes from the outermost to the innermost, without the root `source.topo`. */
  scopes: string[];
}

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => oniguruma.createOnigScanner(patterns),
      createOnigString: (text) => oniguruma.createOnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.topo' ? parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
  });
  const loaded = await registry.loadGrammar('source.topo');
  assert.ok(loaded, 'the grammar loads under source.topo');
  grammar = loaded;
});

/** Tokens per line, the state carried from line to line as the editor does. */
function tokenize(text: string): { line: string; tokens: Token[] }[] {
  let state = INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const tokens = result.tokens.map((token) => {
      assert.equal(token.scopes[0], 'source.topo');
      return { text: line.slice(token.startIndex, token.endIndex), start: token.startIndex, scopes: token.scopes.slice(1) };
    });
    return { line, tokens };
  });
}

function samplePaths(): string[] {
  return readdirSync(SAMPLES, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.topo'))
    .sort()
    .map((path) => join(SAMPLES, path));
}

const tokenized = new Map<string, ReturnType<typeof tokenize>>();
function sample(path: string): ReturnType<typeof tokenize> {
  let lines = tokenized.get(path);
  if (!lines) tokenized.set(path, (lines = tokenize(readFileSync(join(SAMPLES, path), 'utf8'))));
  return lines;
}

/**
 * The scopes of the token that is exactly `needle`, found on the first line that contains
 * `where` (at or after `where`). A needle that does not fall on token boundaries fails.
 */
function scopesIn(lines: ReturnType<typeof tokenize>, where: string, needle: string): string[] {
  const found = lines.find(({ line }) => line.includes(where));
  assert.ok(found, `a line containing ${JSON.stringify(where)}`);
  const at = found.line.indexOf(needle, found.line.indexOf(where));
  assert.ok(at >= 0, `${JSON.stringify(needle)} on the line ${JSON.stringify(found.line)}`);
  const token = found.tokens.find((t) => t.start === at && t.text === needle);
  const near = found.tokens.filter((t) => t.start < at + needle.length && t.start + t.text.length > at);
  assert.ok(token, `${JSON.stringify(needle)} is one token in ${JSON.stringify(found.line)}; got ${JSON.stringify(near)}`);
  return token.scopes;
}

// [sample, a snippet that picks the line, the token, its scopes without the root]
const PROPERTY = 'meta.property.topo';
const STRING = 'string.quoted.double.topo';
const CASES: [string, string, string, string[]][] = [
  // the ten kinds, and the names they declare
  ['checkout/checkout.topo', 'actor Customer', 'actor', ['storage.type.kind.topo']],
  ['checkout/checkout.topo', 'client Web', 'client', ['storage.type.kind.topo']],
  ['checkout/checkout.topo', 'gateway Api', 'gateway', ['storage.type.kind.topo']],
  ['checkout/checkout.topo', 'service Orders', 'service', ['storage.type.kind.topo']],
  ['checkout/checkout.topo', 'worker Emailer', 'worker', ['storage.type.kind.topo']],
  ['checkout/checkout.topo', 'database OrdersDb', 'database', ['storage.type.kind.topo']],
  ['checkout/checkout.topo', 'cache PriceCache', 'cache', ['storage.type.kind.topo']],
  ['checkout/checkout.topo', 'queue PaymentRequests {', 'queue', ['storage.type.kind.topo']],
  ['checkout/checkout.topo', 'topic OrderEvents', 'topic', ['storage.type.kind.topo']],
  ['checkout/checkout.topo', 'external Stripe', 'external', ['storage.type.kind.topo']],
  ['checkout/checkout.topo', 'gateway Api', 'Api', ['entity.name.type.element.topo']],
  ['checkout/checkout.topo', 'external Stripe', 'Stripe', ['entity.name.type.element.topo']],
  ['checkout/checkout.topo', 'gateway Api', '"', [STRING, 'punctuation.definition.string.begin.topo']],
  ['checkout/checkout.topo', 'gateway Api', 'API gateway', [STRING]],
  // groups, nested too
  ['checkout/checkout.topo', 'group Storefront', 'group', ['keyword.other.group.topo']],
  ['checkout/checkout.topo', 'group Storefront', 'Storefront', ['entity.name.namespace.group.topo']],
  ['clean/checkout.topo', '  group OrderTaking', 'OrderTaking', ['entity.name.namespace.group.topo']],
  ['checkout/checkout.topo', 'group Storefront', '{', ['punctuation.section.block.begin.topo']],
  // links: the names they join and both arrows, told apart
  ['checkout/checkout.topo', 'Api -> Orders {', 'Api', ['variable.other.element.topo']],
  ['checkout/checkout.topo', 'Api -> Orders {', 'Orders', ['variable.other.element.topo']],
  ['checkout/checkout.topo', 'Api -> Orders {', '->', ['keyword.operator.arrow.sync.topo']],
  ['checkout/checkout.topo', 'Orders ~> PaymentRequests', '~>', ['keyword.operator.arrow.async.topo']],
  ['checkout/checkout.topo', 'Orders -> Pricing -> Promotions "price', 'Promotions', ['variable.other.element.topo']],
  ['video-pipeline/pipeline.topo', 'Studio -> UploadApi ~> UploadEvents', '->', ['keyword.operator.arrow.sync.topo']],
  ['video-pipeline/pipeline.topo', 'Studio -> UploadApi ~> UploadEvents', '~>', ['keyword.operator.arrow.async.topo']],
  ['video-pipeline/pipeline.topo', 'Studio -> UploadApi ~> UploadEvents', 'new upload', [STRING]],
  ['video-pipeline/pipeline.topo', 'Studio -> UploadApi ~> UploadEvents', '"', [STRING, 'punctuation.definition.string.begin.topo']],
  // properties: keys, separators, and each kind of value
  ['checkout/checkout.topo', 'Api -> Orders {', '{', ['punctuation.section.block.begin.topo']],
  ['checkout/checkout.topo', 'Api -> Orders {', '}', ['punctuation.section.block.end.topo']],
  ['checkout/checkout.topo', 'Api -> Orders {', ',', ['punctuation.separator.comma.topo']],
  ['checkout/checkout.topo', 'Api -> Orders {', 'timeout', [PROPERTY, 'support.type.property-name.topo']],
  ['checkout/checkout.topo', 'Api -> Orders {', ':', ['meta.property.protocol.topo', 'punctuation.separator.key-value.topo']],
  ['checkout/checkout.topo', 'Api -> Orders {', 'grpc', ['meta.property.protocol.topo', 'support.constant.protocol.topo']],
  ['checkout/checkout.topo', 'Pricing -> PriceCache', '"', ['meta.property.protocol.topo', STRING, 'punctuation.definition.string.begin.topo']],
  ['checkout/checkout.topo', 'Pricing -> PriceCache', 'RESP', ['meta.property.protocol.topo', STRING]],
  ['checkout/checkout.topo', 'Orders -> Inventory', 'strong', ['meta.property.consistency.topo', 'constant.language.consistency.topo']],
  ['video-pipeline/pipeline.topo', 'mark renditions ready', 'eventual', ['meta.property.consistency.topo', 'constant.language.consistency.topo']],
  // durations in every unit, the unit scoped on its own
  ['checkout/checkout.topo', 'Api -> Orders {', '800', [PROPERTY, 'constant.numeric.duration.topo']],
  ['checkout/checkout.topo', 'Api -> Orders {', 'ms', [PROPERTY, 'constant.numeric.duration.topo', 'keyword.other.unit.duration.topo']],
  ['checkout/checkout.topo', 'timeout: 3s', '3', [PROPERTY, 'constant.numeric.duration.topo']],
  ['checkout/checkout.topo', 'timeout: 3s', 's', [PROPERTY, 'constant.numeric.duration.topo', 'keyword.other.unit.duration.topo']],
  ['video-pipeline/pipeline.topo', 'delay: 1.5s', '1.5', [PROPERTY, 'constant.numeric.duration.topo']],
  ['video-pipeline/pipeline.topo', 'delay: 2m', 'm', [PROPERTY, 'constant.numeric.duration.topo', 'keyword.other.unit.duration.topo']],
  ['video-pipeline/pipeline.topo', 'delay: 1h', 'h', [PROPERTY, 'constant.numeric.duration.topo', 'keyword.other.unit.duration.topo']],
  // percents, plain numbers, booleans, names as values, lists
  ['checkout/checkout.topo', 'gateway Api', '99.99', [PROPERTY, 'constant.numeric.percent.topo']],
  ['checkout/checkout.topo', 'gateway Api', '%', [PROPERTY, 'constant.numeric.percent.topo', 'keyword.other.unit.percent.topo']],
  ['checkout/checkout.topo', 'PaymentRequests ~> Payments', '5', [PROPERTY, 'constant.numeric.decimal.topo']],
  ['checkout/checkout.topo', 'worker Emailer', 'false', [PROPERTY, 'constant.language.boolean.topo']],
  ['checkout/checkout.topo', 'worker Emailer', 'true', [PROPERTY, 'constant.language.boolean.topo']],
  ['checkout/checkout.topo', 'topic OrderEvents', 'OrderEventsDlq', [PROPERTY, 'variable.other.element.topo']],
  ['checkout/checkout.topo', 'actor Customer', '[', [PROPERTY, 'meta.list.topo', 'punctuation.section.brackets.begin.topo']],
  ['checkout/checkout.topo', 'actor Customer', 'b2c', [PROPERTY, 'meta.list.topo', STRING]],
  ['checkout/checkout.topo', 'actor Customer', ',', [PROPERTY, 'meta.list.topo', 'punctuation.separator.comma.topo']],
  ['checkout/checkout.topo', 'actor Customer', ']', [PROPERTY, 'meta.list.topo', 'punctuation.section.brackets.end.topo']],
  ['microservices/edge.topo', 'client SellerPortal', 'partners', [PROPERTY, 'meta.list.topo', STRING]],
  // strings and their escapes
  ['checkout/checkout.topo', 'source of truth', '\\"', [PROPERTY, STRING, 'constant.character.escape.topo']],
  ['checkout/checkout.topo', 'reserves stock, prices the cart', '\\n', [PROPERTY, STRING, 'constant.character.escape.topo']],
  ['checkout/checkout.topo', 'a line break in a template', '\\\\', [PROPERTY, STRING, 'constant.character.escape.topo']],
  ['video-pipeline/pipeline.topo', 'Writes HLS renditions', '\\t', [PROPERTY, STRING, 'constant.character.escape.topo']],
  ['checkout/checkout.topo', 'Web -> Api', 'Place order', [STRING]],
  // comments: line, block over several lines, and inside a property block
  ['checkout/checkout.topo', "// ---- the shopper's", '//', ['comment.line.double-slash.topo', 'punctuation.definition.comment.topo']],
  ['checkout/checkout.topo', "// ---- the shopper's", " ---- the shopper's synchronous path --------------------------------------", ['comment.line.double-slash.topo']],
  ['checkout/checkout.topo', '  // RISK (latency-budget)', ' RISK (latency-budget): the synchronous path below adds up to more than', ['comment.line.double-slash.topo']],
  ['checkout/checkout.topo', '/* Entries start', '/*', ['comment.block.topo', 'punctuation.definition.comment.begin.topo']],
  ['checkout/checkout.topo', '   web storefront, so the request', '   web storefront, so the request, its budget and its SLO are the storefront\'s;', ['comment.block.topo']],
  ['checkout/checkout.topo', 'the confirmation e-mail). */', '*/', ['comment.block.topo', 'punctuation.definition.comment.end.topo']],
  ['microservices/edge.topo', ' * This file: who comes in', ' * This file: who comes in, and through which door.', ['comment.block.topo']],
  // suppression directives
  ['microservices/billing.topo', 'topo-ignore-next-line', 'topo-ignore-next-line', ['comment.line.double-slash.topo', 'meta.directive.suppression.topo', 'keyword.control.directive.suppression.topo']],
  ['microservices/billing.topo', 'topo-ignore-next-line', 'missing-timeout', ['comment.line.double-slash.topo', 'meta.directive.suppression.topo', 'constant.other.rule-id.topo']],
  ['microservices/billing.topo', 'topo-ignore-next-line', '--', ['comment.line.double-slash.topo', 'meta.directive.suppression.topo', 'punctuation.separator.reason.topo']],
  ['microservices/billing.topo', 'topo-ignore-next-line', ' the Adyen SDK puts a 3s deadline on every call (ADR-12)', ['comment.line.double-slash.topo', 'meta.directive.suppression.topo', 'comment.line.reason.topo']],
];

test('each token class has its scope on chosen sample lines', async (t) => {
  for (const [path, where, needle, expected] of CASES) {
    await t.test(`${path}: ${JSON.stringify(needle)} in ${JSON.stringify(where)} is ${expected.at(-1)}`, () => {
      assert.deepEqual(scopesIn(sample(path), where, needle), expected);
    });
  }
});

test('every visible character of every sample has a scope beyond source.topo', () => {
  const paths = samplePaths();
  assert.ok(paths.length >= 5, `samples found: ${paths.length}`);
  for (const path of paths) {
    const unscoped = sample(relative(SAMPLES, path)).flatMap(({ line, tokens }, index) =>
      tokens.filter((t) => t.scopes.length === 0 && /\S/.test(t.text)).map((t) => `${index + 1}:${t.start + 1} ${JSON.stringify(t.text)} in ${JSON.stringify(line)}`),
    );
    assert.deepEqual(unscoped, [], relative(ROOT, path));
  }
});

test('every sample is tokenized with each token class present, and every block comment closed', () => {
  const classes = [
    'storage.type.kind.topo',
    'entity.name.type.element.topo',
    'variable.other.element.topo',
    'keyword.operator.arrow.sync.topo',
    'keyword.operator.arrow.async.topo',
    'support.type.property-name.topo',
  ];
  for (const path of samplePaths()) {
    const lines = sample(relative(SAMPLES, path));
    const seen = new Set(lines.flatMap(({ tokens }) => tokens.flatMap((t) => t.scopes)));
    for (const scope of classes) assert.ok(seen.has(scope), `${relative(ROOT, path)} has a ${scope}`);
    // Ends at the root: no comment, string or list left open that would colour the rest.
    const last = lines.at(-1)!;
    assert.ok(last.tokens.every((t) => t.scopes.length === 0), `${relative(ROOT, path)} ends outside any construct`);
  }
});

// Cases no sample holds: each is a line (or lines) and the tokens it must give.
test('Unicode names, as the lexer accepts them', () => {
  const lines = tokenize('service Überweisung "Zahlung"\nKasse -> 注文 ~> Überweisung\nqueue Jobs { dlq: Ошибки }');
  assert.deepEqual(scopesIn(lines, 'service', 'Überweisung'), ['entity.name.type.element.topo']);
  assert.deepEqual(scopesIn(lines, 'Kasse', 'Kasse'), ['variable.other.element.topo']);
  assert.deepEqual(scopesIn(lines, 'Kasse', '注文'), ['variable.other.element.topo']);
  assert.deepEqual(scopesIn(lines, 'Kasse', 'Überweisung'), ['variable.other.element.topo']);
  assert.deepEqual(scopesIn(lines, 'dlq', 'Ошибки'), [PROPERTY, 'variable.other.element.topo']);
});

test('keywords are lowercase and whole words: Gateway and service_x are names', () => {
  const lines = tokenize('Gateway -> service_x\nservice gateway');
  assert.deepEqual(scopesIn(lines, 'Gateway', 'Gateway'), ['variable.other.element.topo']);
  assert.deepEqual(scopesIn(lines, 'Gateway', 'service_x'), ['variable.other.element.topo']);
  // a keyword where a name belongs is not coloured as a declared name
  assert.deepEqual(scopesIn(lines, 'service gateway', 'gateway'), ['storage.type.kind.topo']);
});

test('suppressions: topo-ignore-file, several rule ids, and a directive the server would not read', () => {
  const lines = tokenize(
    '// topo-ignore-file orphan-element, missing-retry\n//topo-ignore-next-line missing-dlq--replayed\n// topo-ignore-filex orphan-element',
  );
  const directive = ['comment.line.double-slash.topo', 'meta.directive.suppression.topo'];
  assert.deepEqual(scopesIn(lines, 'topo-ignore-file ', 'topo-ignore-file'), [...directive, 'keyword.control.directive.suppression.topo']);
  assert.deepEqual(scopesIn(lines, 'topo-ignore-file ', 'orphan-element'), [...directive, 'constant.other.rule-id.topo']);
  assert.deepEqual(scopesIn(lines, 'topo-ignore-file ', ','), [...directive, 'punctuation.separator.comma.topo']);
  assert.deepEqual(scopesIn(lines, 'topo-ignore-file ', 'missing-retry'), [...directive, 'constant.other.rule-id.topo']);
  assert.deepEqual(scopesIn(lines, '//topo-ignore-next-line', 'topo-ignore-next-line'), [...directive, 'keyword.control.directive.suppression.topo']);
  assert.deepEqual(scopesIn(lines, '//topo-ignore-next-line', 'missing-dlq'), [...directive, 'constant.other.rule-id.topo']);
  assert.deepEqual(scopesIn(lines, '//topo-ignore-next-line', 'replayed'), [...directive, 'comment.line.reason.topo']);
  assert.deepEqual(scopesIn(lines, '// topo-ignore-filex', ' topo-ignore-filex orphan-element'), ['comment.line.double-slash.topo']);
});

test('mistakes are marked where the lexer reports them, and do not spill onto the next line', () => {
  const lines = tokenize('service A "bad \\x escape" { latency: 5sec }\nA -> B "unterminated\nB -> C');
  assert.deepEqual(scopesIn(lines, 'bad', '\\x'), [STRING, 'invalid.illegal.unknown-escape.topo']);
  assert.deepEqual(scopesIn(lines, 'bad', '5sec'), [PROPERTY, 'invalid.illegal.duration.topo']);
  assert.deepEqual(scopesIn(lines, 'unterminated', 'unterminated'), [STRING]);
  assert.deepEqual(scopesIn(lines, 'B -> C', 'B'), ['variable.other.element.topo']);
  assert.deepEqual(scopesIn(lines, 'B -> C', '->'), ['keyword.operator.arrow.sync.topo']);
});

test('a list across lines, and comments inside properties', () => {
  const lines = tokenize('client Web {\n  tags: [\n    "web", // the storefront\n    eu,\n  ]\n  budget: 2s /* p95 */, slo: 99%\n}');
  assert.deepEqual(scopesIn(lines, '"web"', 'web'), [PROPERTY, 'meta.list.topo', STRING]);
  assert.deepEqual(scopesIn(lines, '"web"', ' the storefront'), [PROPERTY, 'meta.list.topo', 'comment.line.double-slash.topo']);
  assert.deepEqual(scopesIn(lines, '    eu,', 'eu'), [PROPERTY, 'meta.list.topo', 'variable.other.element.topo']);
  assert.deepEqual(scopesIn(lines, '    eu,', ','), [PROPERTY, 'meta.list.topo', 'punctuation.separator.comma.topo']);
  assert.deepEqual(scopesIn(lines, '  ]', ']'), [PROPERTY, 'meta.list.topo', 'punctuation.section.brackets.end.topo']);
  assert.deepEqual(scopesIn(lines, 'budget', ' p95 '), [PROPERTY, 'comment.block.topo']);
  assert.deepEqual(scopesIn(lines, 'budget', 'slo'), [PROPERTY, 'support.type.property-name.topo']);
  assert.deepEqual(scopesIn(lines, '}', '}'), ['punctuation.section.block.end.topo']);
});
