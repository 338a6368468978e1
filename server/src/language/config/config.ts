// topo.json: rule severities and options, validated against the rules' metadata
// with errors that name the bad key. Pure: the host reads the file.

import type { Rule, SeveritySetting } from '../rules/types';
import { closest } from '../util/strings';
import { LineIndex } from '../util/lineIndex';
import { ParseError, Node as JsonNode, findNodeAtLocation, parseTree, printParseErrorCode } from 'jsonc-parser';

export interface RuleSetting {
  severity: SeveritySetting;
  options: Record<string, number>;
}

/** Effective settings for every configurable rule. */
export type ResolvedConfig = ReadonlyMap<string, RuleSetting>;

export class ConfigError extends Error {
  constructor(
    message: string,
    /** The JSON path of the bad key, e.g. rules.sync-chain-depth. */
    readonly key: string | undefined,
    /** 1-based line and column of the problem in topo.json, when known. */
    public line?: number,
    public column?: number,
  ) {
    super(message);
  }
}

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];
const TOP_LEVEL_KEYS = ['$schema', 'rules'];

export function defaultConfig(rules: readonly Rule[]): Map<string, RuleSetting> {
  const config = new Map<string, RuleSetting>();
  for (const rule of rules) {
    if (rule.meta.category === 'language') continue;
    const options: Record<string, number> = {};
    for (const [name, spec] of Object.entries(rule.meta.options)) options[name] = spec.default;
    config.set(rule.meta.id, { severity: rule.meta.defaultSeverity, options });
  }
  return config;
}

/** Parses and validates topo.json text; throws ConfigError with a one-line message. */
export function parseConfig(source: string, rules: readonly Rule[]): Map<string, RuleSetting> {
  // A byte-order mark is invisible to the user: drop it, and count columns without it.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    const at = new LineIndex(text).positionAt(first?.offset ?? 0);
    throw new ConfigError(
      `invalid JSON: ${first ? describeParseError(printParseErrorCode(first.error)) : 'the file is empty'}`,
      undefined,
      at.line + 1,
      at.character + 1,
    );
  }
  try {
    return validateConfig(JSON.parse(text), rules);
  } catch (error) {
    if (error instanceof ConfigError && error.key !== undefined) {
      const node = locate(tree, error.key);
      if (node) {
        const at = new LineIndex(text).positionAt(node.offset);
        error.line = at.line + 1;
        error.column = at.character + 1;
      }
    }
    throw error;
  }
}

function validateConfig(json: unknown, rules: readonly Rule[]): Map<string, RuleSetting> {
  const config = defaultConfig(rules);
  if (!isObject(json)) throw new ConfigError('expected an object such as { "rules": { … } }', undefined);
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      const suggestion = closest(key, TOP_LEVEL_KEYS);
      throw new ConfigError(`unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: topo.json takes "rules"`, key);
    }
  }
  const ruleSettings = json['rules'];
  if (ruleSettings === undefined) return config;
  if (!isObject(ruleSettings)) throw new ConfigError('"rules" must be an object of rule ids to settings', 'rules');
  for (const [id, value] of Object.entries(ruleSettings)) applyRuleSetting(config, rules, id, value, `rules.${id}`);
  return config;
}

/** Applies `--rule ID=SEVERITY` style overrides; throws ConfigError. */
export function applyRuleSetting(config: Map<string, RuleSetting>, rules: readonly Rule[], id: string, value: unknown, key: string): void {
  const rule = rules.find((candidate) => candidate.meta.id === id);
  if (!rule) {
    const suggestion = closest(id, rules.map((candidate) => candidate.meta.id));
    throw new ConfigError(`unknown rule "${id}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; \`topo rules\` lists them`, key);
  }
  if (rule.meta.category === 'language') {
    throw new ConfigError(`"${id}" is a language check: it is always an error and cannot be configured`, key);
  }
  const setting = config.get(id)!;
  let severity: unknown = value;
  let options: unknown;
  if (Array.isArray(value)) {
    if (value.length < 1 || value.length > 2) {
      throw new ConfigError(`expected "severity" or ["severity", { options }], got an array of ${value.length}`, key);
    }
    [severity, options] = value;
  }
  if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) {
    throw new ConfigError(`severity must be one of ${SEVERITIES.map((s) => `"${s}"`).join(', ')}, got ${JSON.stringify(severity)}`, key);
  }
  setting.severity = severity as SeveritySetting;
  if (options === undefined) return;
  if (!isObject(options)) throw new ConfigError('options must be an object', `${key}[1]`);
  const specs = rule.meta.options;
  for (const [name, optionValue] of Object.entries(options)) {
    const spec = specs[name];
    const optionKey = `${key}[1].${name}`;
    if (!spec) {
      const known = Object.keys(specs);
      const suggestion = closest(name, known);
      throw new ConfigError(
        `unknown option "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; ${
          known.length ? `"${id}" takes ${known.map((k) => `"${k}"`).join(', ')}` : `"${id}" takes no options`
        }`,
        optionKey,
      );
    }
    if (typeof optionValue !== 'number' || !Number.isInteger(optionValue) || optionValue < spec.minimum) {
      throw new ConfigError(`expected a whole number of at least ${spec.minimum}, got ${JSON.stringify(optionValue)}`, optionKey);
    }
    setting.options[name] = optionValue;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PARSE_ERROR_WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in topo.json',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

function describeParseError(code: string): string {
  return PARSE_ERROR_WORDS[code] ?? code;
}

/** The node of a key path such as rules.sync-chain-depth[1].maxDepth (its property name, for an object key). */
function locate(tree: JsonNode, key: string): JsonNode | undefined {
  const path: (string | number)[] = [];
  const [head, ...rest] = key.split(/(?=\[)/);
  const dot = head!.indexOf('.');
  if (dot < 0) path.push(head!);
  else path.push(head!.slice(0, dot), head!.slice(dot + 1));
  for (const part of rest) {
    const match = /^\[(\d+)\](?:\.(.+))?$/.exec(part);
    if (!match) break;
    path.push(Number(match[1]));
    if (match[2]) path.push(match[2]);
  }
  const node = findNodeAtLocation(tree, path);
  // Point at the key rather than the value when the node is an object property's value.
  if (node?.parent?.type === 'property' && typeof path.at(-1) === 'string') return node.parent.children?.[0] ?? node;
  return node;
}
