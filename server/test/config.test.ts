// topo.json: validation against the rules' metadata, and the JSON schema generated from it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { ConfigError, parseConfig } from '../src/language/config/config';
import { configSchema } from '../src/language/config/schema';
import { RULES } from '../src/language/rules/registry';

const SCHEMA_PATH = join(__dirname, '..', '..', 'schemas', 'topo.schema.json');

function configError(text: string): ConfigError {
  try {
    parseConfig(text, RULES);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail(`expected a ConfigError for ${text}`);
}

test('severities and options are applied over the defaults', () => {
  const config = parseConfig('{ "rules": { "sync-chain-depth": ["error", { "maxDepth": 5 }], "dual-write": "off", "missing-dlq": ["info"] } }', RULES);
  assert.deepEqual(config.get('sync-chain-depth'), { severity: 'error', options: { maxDepth: 5 } });
  assert.equal(config.get('dual-write')!.severity, 'off');
  assert.equal(config.get('missing-dlq')!.severity, 'info');
  assert.deepEqual(config.get('retry-amplification'), { severity: 'warning', options: { max: 10 } });
  assert.equal(config.has('syntax-error'), false, 'language checks are not configurable');
});

test('errors name the key and its position', () => {
  const error = configError('{\n  "rules": {\n    "sync-fan-out": ["info", { "max": 0 }]\n  }\n}');
  assert.equal(error.key, 'rules.sync-fan-out[1].max');
  assert.equal(error.message, 'expected a whole number of at least 1, got 0');
  assert.deepEqual([error.line, error.column], [3, 32]);
  assert.equal(configError('[]').message, 'expected an object such as { "rules": { … } }');
  assert.equal(configError('{ "rules": [] }').message, '"rules" must be an object of rule ids to settings');
  assert.match(configError('{ "rules": { "missing-dlq": [] } }').message, /expected "severity" or \["severity", \{ options \}\], got an array of 0/);
  assert.match(configError('{ "rules": { "orphan-element": ["info", { "x": 1 }] } }').message, /unknown option "x"; "orphan-element" takes no options/);
  assert.match(configError('{ // comment\n}').message, /invalid JSON: comments are not allowed in topo.json/);
  assert.match(configError('{ "rules": {}, }').message, /invalid JSON: /);
});

test('a byte-order mark is accepted', () => {
  assert.equal(parseConfig('\ufeff{ "rules": { "dual-write": "off" } }', RULES).get('dual-write')!.severity, 'off');
});

test('schemas/topo.schema.json is the schema generated from the rules (TOPO_UPDATE_SCHEMA=1 rewrites it)', () => {
  const generated = JSON.stringify(configSchema(RULES), null, 2) + '\n';
  if (process.env['TOPO_UPDATE_SCHEMA']) writeFileSync(SCHEMA_PATH, generated);
  assert.equal(readFileSync(SCHEMA_PATH, 'utf8'), generated);
});

test('the schema accepts what parseConfig accepts and rejects what it rejects', () => {
  const validate = new Ajv({ strict: false }).compile(configSchema(RULES));
  const cases = [
    '{}',
    '{ "$schema": "./schemas/topo.schema.json", "rules": { "sync-chain-depth": ["error", { "maxDepth": 4 }], "dual-write": "off" } }',
    '{ "rules": { "missing-dlq": ["info"] } }',
    '{ "rules": { "missing-dlq": "loud" } }',
    '{ "rules": { "nope": "off" } }',
    '{ "rules": { "sync-chain-depth": ["error", { "maxDepth": 0 }] } }',
    '{ "rules": { "sync-chain-depth": ["error", { "depth": 3 }] } }',
    '{ "rulez": {} }',
  ];
  for (const text of cases) {
    let accepted = true;
    try {
      parseConfig(text, RULES);
    } catch {
      accepted = false;
    }
    assert.equal(validate(JSON.parse(text)), accepted, text);
  }
});
