// Table-driven rule tests in the manner of ESLint's RuleTester: valid cases
// produce no finding of the rule; invalid cases produce exactly the listed
// findings, at the exact ranges, with the messages and fixed outputs given.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Files, RuleConfig, applyEdits, describeFinding, lint, spanText, textOf } from './project';
import { RULE_BY_ID } from '../../src/language/rules/registry';

export interface ExpectedFinding {
  /** The file of the finding; defaults to main.topo. */
  path?: string;
  /** "line:col-endLine:endCol", 1-based, end exclusive. */
  at: string;
  /** The exact message, or a pattern it must match. */
  message?: string | RegExp;
  /** The text of each related location's range, in order. */
  related?: string[];
  /**
   * The files after applying the finding's first fix (its own, not "suppress"):
   * a string for main.topo, or a map of path to text. `null` asserts the finding has no fix of its own.
   */
  fixed?: Files | null;
}

export interface ValidCase {
  name: string;
  files: Files;
  options?: Record<string, number>;
}

export interface InvalidCase extends ValidCase {
  findings: ExpectedFinding[];
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

export function ruleTester(ruleId: string, cases: RuleCases): void {
  const rule = RULE_BY_ID.get(ruleId);
  describe(`rule ${ruleId}`, () => {
    test('is registered', () => assert.ok(rule, `${ruleId} is not in the registry`));
    const configFor = (options?: Record<string, number>): RuleConfig => ({
      [ruleId]: { severity: rule?.meta.defaultSeverity === 'off' ? 'warning' : undefined, options },
    });
    for (const item of cases.valid) {
      test(`valid: ${item.name}`, () => {
        const found = lint(item.files, rule?.meta.category === 'risk' ? configFor(item.options) : {}).findings.filter((f) => f.ruleId === ruleId);
        assert.deepEqual(found.map((f) => describeFinding(item.files, f)), []);
      });
    }
    for (const item of cases.invalid) {
      test(`invalid: ${item.name}`, () => {
        const found = lint(item.files, rule?.meta.category === 'risk' ? configFor(item.options) : {}).findings.filter((f) => f.ruleId === ruleId);
        assert.equal(found.length, item.findings.length, `expected ${item.findings.length} finding(s), got:\n${found.map((f) => describeFinding(item.files, f)).join('\n')}`);
        item.findings.forEach((expected, i) => {
          const finding = found[i]!;
          const path = expected.path ?? 'main.topo';
          assert.equal(finding.path, path, 'path');
          assert.equal(spanText(textOf(item.files, path), finding.start, finding.end), expected.at, `range of: ${finding.message}`);
          if (typeof expected.message === 'string') assert.equal(finding.message, expected.message);
          else if (expected.message) assert.match(finding.message, expected.message);
          if (expected.related) {
            assert.deepEqual(
              finding.related.map((r) => textOf(item.files, r.path).slice(r.start, r.end)),
              expected.related,
              'related locations',
            );
          }
          const ownFixes = finding.fixes.filter((fix) => !fix.suppression);
          if (expected.fixed === null) assert.equal(ownFixes.length, 0, 'expected no fix');
          else if (expected.fixed !== undefined) {
            assert.ok(ownFixes.length > 0, 'expected a fix');
            const fixed = applyEdits(item.files, ownFixes[0]!.edits);
            const want = typeof expected.fixed === 'string' ? { 'main.topo': expected.fixed } : expected.fixed;
            for (const [file, text] of Object.entries(want)) assert.equal(fixed[file], text, `fixed ${file}`);
            // A fix must produce a file that parses and no longer has the finding.
            const after = lint(fixed, rule?.meta.category === 'risk' ? configFor(item.options) : {}).findings;
            assert.deepEqual(after.filter((f) => f.ruleId === 'syntax-error').map((f) => f.message), [], 'the fixed file parses');
            assert.ok(
              !after.some((f) => f.ruleId === ruleId && f.path === finding.path && f.start === finding.start && f.message === finding.message),
              'the fix removes the finding',
            );
          }
        });
      });
    }
  });
}
