// The JSON schema of topo.json, generated from the rules' metadata so that it can
// never drift from what parseConfig accepts. Editors use it for completion and
// validation; `schemas/topo.schema.json` is its checked-in copy.

import type { Rule } from '../rules/types';

export function configSchema(rules: readonly Rule[]): Record<string, unknown> {
  const severity = { enum: ['error', 'warning', 'info', 'off'], description: 'error fails the build; warning and info are reported; off disables the rule' };
  const properties: Record<string, unknown> = {};
  for (const rule of rules) {
    if (rule.meta.category === 'language') continue;
    const options = Object.entries(rule.meta.options);
    const description = `${rule.meta.description} Default: ${rule.meta.defaultSeverity}.`;
    if (options.length === 0) {
      properties[rule.meta.id] = {
        description,
        oneOf: [severity, { type: 'array', items: [severity], minItems: 1, maxItems: 1 }],
      };
      continue;
    }
    const optionProperties: Record<string, unknown> = {};
    for (const [name, spec] of options) {
      optionProperties[name] = { type: 'integer', minimum: spec.minimum, default: spec.default, description: spec.description };
    }
    properties[rule.meta.id] = {
      description,
      oneOf: [
        severity,
        {
          type: 'array',
          items: [severity, { type: 'object', properties: optionProperties, additionalProperties: false }],
          minItems: 1,
          maxItems: 2,
        },
      ],
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/topo-lang/topo/blob/main/schemas/topo.schema.json',
    title: 'Topo project configuration (topo.json)',
    description: 'Marks the root of a Topo project and sets the severity and options of its rules.',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      rules: { type: 'object', description: 'Rule id to severity, or [severity, options].', properties, additionalProperties: false },
    },
    additionalProperties: false,
  };
}
