// The VS Code extension holds together: package.json's contributions point at files that
// exist and agree with each other, the client registers what the manifest promises, and
// the .vsix that `npm run package` makes carries exactly what the extension runs.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join, posix } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const ROOT = join(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const json = (path: string): any => JSON.parse(read(path));

const pkg = json('package.json');
const contributes = pkg.contributes;

/** `./a/b` → `a/b`: manifest paths are relative to the extension's folder. */
const plain = (path: string): string => posix.normalize(path).replace(/^\.\//, '');

/** Every file the manifest names, for VS Code to load at run time. */
function referencedFiles(manifest: any): string[] {
  const files = [manifest.main, manifest.icon];
  for (const language of manifest.contributes.languages) {
    files.push(language.configuration, language.icon.light, language.icon.dark);
  }
  for (const grammar of manifest.contributes.grammars) files.push(grammar.path);
  for (const validation of manifest.contributes.jsonValidation) files.push(validation.url);
  return [...new Set(files.map(plain))];
}

/** The smallest version a range such as `^1.120.0` or `>=1.91.0` admits, as [major, minor]. */
function minimum(range: string): [number, number] {
  const match = /^(?:\^|~|>=)?\s*(\d+)\.(\d+)\.(?:\d+|x)$/.exec(range.trim());
  assert.ok(match, `a simple version range: ${range}`);
  return [Number(match[1]), Number(match[2])];
}
const atLeast = ([a, b]: [number, number], [c, d]: [number, number]): boolean => a > c || (a === c && b >= d);

test('every file that package.json names exists (main once built)', () => {
  ensureBuilt();
  for (const file of referencedFiles(pkg)) assert.ok(existsSync(join(ROOT, file)), `${file} exists`);
  assert.match(pkg.main, /^\.\/dist\/extension\.js$/);
  assert.match(pkg.icon, /\.png$/, 'the Marketplace wants a PNG icon, not an SVG');
  const png = readFileSync(join(ROOT, pkg.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [256, 256], 'the icon is 256×256');
});

test('the language, its grammar, its configuration and the topo.json schema agree', () => {
  const [language] = contributes.languages;
  assert.equal(contributes.languages.length, 1);
  assert.equal(language.id, 'topo');
  assert.deepEqual(language.extensions, ['.topo']);
  const [grammar] = contributes.grammars;
  assert.equal(grammar.language, 'topo');
  assert.equal(grammar.scopeName, 'source.topo');
  const tmLanguage = json(plain(grammar.path));
  assert.equal(tmLanguage.scopeName, grammar.scopeName);
  for (const include of JSON.stringify(tmLanguage).matchAll(/"include":"#([^"]+)"/g)) {
    assert.ok(tmLanguage.repository[include[1]!], `the grammar's repository has #${include[1]}`);
  }
  const [validation] = contributes.jsonValidation;
  assert.equal(validation.fileMatch, 'topo.json');
  const schema = json(plain(validation.url));
  assert.equal(schema.type, 'object');
  assert.ok(schema.properties.rules, 'the schema describes "rules"');
});

test('the language configuration: comments, brackets, auto-closing, indentation, words', () => {
  const config = json(plain(contributes.languages[0].configuration));
  assert.deepEqual(config.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
  assert.deepEqual(config.brackets, [['{', '}'], ['[', ']']]);
  const quote = config.autoClosingPairs.find((pair: any) => pair.open === '"');
  assert.deepEqual(quote.notIn, ['string', 'comment']);
  for (const [open, close] of config.brackets) {
    assert.ok(config.autoClosingPairs.some((pair: any) => pair.open === open && pair.close === close), `${open} closes`);
    assert.ok(config.surroundingPairs.some(([a, b]: string[]) => a === open && b === close), `${open} surrounds`);
  }

  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const line of ['group Storefront "Storefront" {', 'service Orders {', '  tags: [', 'service A "a } b" {', 'A -> B { // one per line']) {
    assert.match(line, increase, `indent after ${JSON.stringify(line)}`);
  }
  for (const line of ['service Orders { latency: 40ms }', 'tags: ["a", "b"]', '// see the { above', 'service A { description: "a { b" }', 'A -> B']) {
    assert.doesNotMatch(line, increase, `no indent after ${JSON.stringify(line)}`);
  }
  assert.match('  }', decrease);
  assert.match(']', decrease);
  assert.doesNotMatch('  service A', decrease);

  // VS Code keeps the pattern's flags and adds 'g'; names use letters of any script (as the lexer).
  const word = new RegExp(config.wordPattern.pattern, `${config.wordPattern.flags}g`);
  const words = (text: string): string[] => [...text.matchAll(word)].map((m) => m[0]);
  assert.deepEqual(words('Orders->Inventory ~> Überweisung_2'), ['Orders', 'Inventory', 'Überweisung_2']);
  assert.deepEqual(words('{ latency: 1.5s, availability: 99.95%, retries: 3 }'), ['latency', '1.5s', 'availability', '99.95%', 'retries', '3']);
  assert.deepEqual(words('// topo-ignore-next-line missing-dlq, 注文'), ['topo-ignore-next-line', 'missing-dlq', '注文']);

  for (const rule of config.onEnterRules) {
    for (const key of ['beforeText', 'afterText', 'previousLineText']) if (rule[key]) new RegExp(rule[key]);
  }
  const continues = (line: string): boolean => config.onEnterRules.some((rule: any) => new RegExp(rule.beforeText).test(line));
  assert.ok(continues('/*'), 'a block comment opened on its own line continues with " * "');
  assert.ok(continues(' * the next line'), 'a " * " line continues');
  // Enter after a line comment starts a line of code: a suppression directive comes right before one.
  assert.ok(!continues('// topo-ignore-next-line missing-dlq'));
});

test('the client registers every contributed command and reads the topo settings', () => {
  const source = read('client/src/extension.ts');
  const registered = [...source.matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1]);
  const contributed = contributes.commands.map((command: any) => command.command);
  assert.deepEqual([...registered].sort(), [...contributed].sort());
  assert.ok(contributed.includes('topo.restartServer'));
  for (const command of contributes.commands) assert.equal(command.category, 'Topo');
  // vscode-languageclient reads `<id>.trace.server`: the client's id must be the settings' section.
  assert.match(source, /new LanguageClient\(\s*'topo',/);
  assert.deepEqual(Object.keys(contributes.configuration.properties), ['topo.trace.server']);
  assert.deepEqual(contributes.configuration.properties['topo.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.match(source, /asAbsolutePath\('dist\/server\.js'\)/, 'the client starts the bundled server');
});

test('activation covers .topo files and topo.json projects', () => {
  assert.deepEqual([...pkg.activationEvents].sort(), ['onLanguage:topo', 'workspaceContains:**/*.topo', 'workspaceContains:**/topo.json']);
});

test('engines.vscode is past the webview CVE and satisfies the language client and the vscode types', () => {
  const engine = minimum(pkg.engines.vscode);
  assert.ok(atLeast(engine, [1, 120]), `${pkg.engines.vscode}: CVE-2026-41611 reaches VS Code 1.119.0`);
  const client = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vscode-languageclient', 'package.json'), 'utf8'));
  assert.ok(atLeast(engine, minimum(client.engines.vscode)), `vscode-languageclient needs ${client.engines.vscode}`);
  // vsce refuses a package whose @types/vscode is newer than engines.vscode (major.minor).
  assert.ok(atLeast(engine, minimum(pkg.devDependencies['@types/vscode'])), `@types/vscode ${pkg.devDependencies['@types/vscode']}`);
});

test('workspace trust and virtual workspaces are declared, and explained in docs', () => {
  const { untrustedWorkspaces, virtualWorkspaces } = pkg.capabilities;
  for (const capability of [untrustedWorkspaces, virtualWorkspaces]) {
    assert.ok([true, false, 'limited'].includes(capability.supported));
    if (capability.supported === 'limited') assert.ok(capability.description?.length > 20, 'a limited capability says what is limited');
  }
  const doc = read('docs/workspace-trust.md');
  assert.ok(doc.includes(`"supported": ${JSON.stringify(untrustedWorkspaces.supported)}`), 'the doc names the declared value');
});

test('the bundles need nothing but Node and vscode at run time (so --no-dependencies is safe)', () => {
  ensureBuilt();
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
  for (const [bundle, allowed] of [['dist/extension.js', ['vscode']], ['dist/server.js', []]] as const) {
    const required = new Set([...read(bundle).matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    const foreign = [...required].filter((name) => !builtins.has(name) && !(allowed as readonly string[]).includes(name));
    assert.deepEqual(foreign, [], `${bundle} requires only Node built-ins${allowed.length ? ` and ${allowed.join(', ')}` : ''}`);
  }
});

// ---- the .vsix ----------------------------------------------------------------------

interface ZipEntry {
  name: string;
  size: number;
  content(): Buffer;
}

/** The entries of a zip file, read from its central directory. */
function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      size,
      content: () => {
        const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const raw = zip.subarray(data, data + compressed);
        return method === 8 ? inflateRawSync(raw) : raw;
      },
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** Builds only when a bundle is missing: under `npm test` the build is done, and other test files are running them. */
function ensureBuilt(): void {
  if (['dist/extension.js', 'dist/server.js'].every((file) => existsSync(join(ROOT, file)))) return;
  const run = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, `npm run build\n${run.stdout}${run.stderr}`);
}

let vsix: ZipEntry[];
let vsixSize: number;

before(() => {
  // `npm run package` is `npm run build && vsce package …`: the build is ensured above, and the
  // vsce step runs as the script writes it, into a temporary folder instead of ./topo.vsix.
  const [build, packaging] = pkg.scripts.package.split(' && ');
  assert.equal(build, 'npm run build');
  assert.match(packaging, /^vsce package --no-dependencies --out topo\.vsix$/);
  ensureBuilt();
  const folder = mkdtempSync(join(tmpdir(), 'topo-vsix-'));
  const out = join(folder, 'topo.vsix');
  const run = spawnSync(packaging.replace('topo.vsix', JSON.stringify(out)), {
    cwd: ROOT,
    shell: true,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env['PATH']}` },
  });
  assert.equal(run.status, 0, `vsce package\n${run.stdout}${run.stderr}`);
  const zip = readFileSync(out);
  rmSync(folder, { recursive: true, force: true });
  vsixSize = zip.length;
  vsix = readZip(zip);
});

test('the .vsix carries the bundles, grammar, schema, language configuration, icon, readme and licence', () => {
  const names = vsix.map((entry) => entry.name);
  for (const file of [
    'extension/package.json',
    'extension/dist/extension.js',
    'extension/dist/server.js',
    'extension/dist/preview.js',
    'extension/syntaxes/topo.tmLanguage.json',
    'extension/schemas/topo.schema.json',
    'extension/language-configuration.json',
    'extension/media/icon.png',
    'extension/readme.md',
    'extension/LICENSE.txt',
    'extension.vsixmanifest',
  ]) {
    assert.ok(names.includes(file), `${file} in the .vsix (it has: ${names.join(', ')})`);
  }
  // Mermaid, bundled into the preview's script for offline rendering, is most of it.
  assert.ok(vsixSize < 3_000_000, `the .vsix stays small: ${vsixSize} bytes`);
});

test('the .vsix leaves out node_modules, sources, tests, sourcemaps and samples', () => {
  const unwanted = vsix
    .map((entry) => entry.name)
    .filter((name) => /(^|\/)node_modules\/|\.ts$|\.map$|^extension\/(server|client|samples|scripts|docs)\/|\.topo$|^extension\/dist\/cli\.js$/.test(name));
  assert.deepEqual(unwanted, []);
});

test("the packaged manifest's references all resolve inside the .vsix, and the packaged client is this one", () => {
  const byName = new Map(vsix.map((entry) => [entry.name, entry]));
  const manifest = JSON.parse(byName.get('extension/package.json')!.content().toString('utf8'));
  for (const file of referencedFiles(manifest)) assert.ok(byName.has(`extension/${file}`), `${file} is packaged`);
  assert.ok(byName.get('extension/syntaxes/topo.tmLanguage.json')!.content().equals(readFileSync(join(ROOT, 'syntaxes', 'topo.tmLanguage.json'))));
  // The bundles are compared by what they hold, not byte for byte: another test file may rebuild them meanwhile.
  const extension = byName.get('extension/dist/extension.js')!.content().toString('utf8');
  for (const command of manifest.contributes.commands) assert.ok(extension.includes(`"${command.command}"`), `the packaged client registers ${command.command}`);
  assert.ok(extension.includes('"dist/server.js"'), 'the packaged client starts dist/server.js');
  assert.ok(byName.get('extension/dist/server.js')!.size > 10_000, 'the packaged server is a bundle');
});
