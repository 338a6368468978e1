import { appendStatement } from './edits';
import type { Fix, Rule } from './types';
import { closest, withArticle } from '../util/strings';

/**
 * Did-you-mean answers for one set of declared names (null: none close), kept while the
 * project's names stay the same (the same lookup map: see Model.byName): while a file is
 * edited, its unknown names are looked up again after every keystroke.
 */
class Suggestions extends Map<string, string | null> {
  private list: string[] | undefined;
  /** Per name: how often each character (by bucket) occurs in it, lowercased (see `closest`). */
  private counts: Uint8Array | undefined;
  private lengths: Int32Array | undefined;

  constructor(private readonly byName: ReadonlyMap<string, unknown>) {
    super();
  }

  /** The closest declared name, as `closest` finds it among all of them. */
  suggest(word: string): string | null {
    let suggestion = this.get(word);
    if (suggestion === undefined) this.set(word, (suggestion = closest(word, this.candidates(word)) ?? null));
    return suggestion;
  }

  /**
   * The names that can be close enough to `word` for `closest`, in their order: an edit
   * distance is at least the longer length less the characters the two have in common,
   * so the others cannot be. `closest` then compares the few left, not every name.
   */
  private candidates(word: string): string[] {
    const names = (this.list ??= [...this.byName.keys()]);
    const max = Math.max(1, Math.floor(word.length / 3));
    const lower = word.toLowerCase();
    if (lower.length > MAX_COUNTED) return names;
    if (!this.counts) {
      this.counts = new Uint8Array(names.length * BUCKETS);
      this.lengths = new Int32Array(names.length);
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!.toLowerCase();
        this.lengths[i] = name.length;
        if (name.length <= MAX_COUNTED) for (let k = 0; k < name.length; k++) this.counts[i * BUCKETS + bucket(name.charCodeAt(k))]!++;
      }
    }
    const mine = new Uint8Array(BUCKETS);
    for (let k = 0; k < lower.length; k++) mine[bucket(lower.charCodeAt(k))]!++;
    const counts = this.counts;
    const lengths = this.lengths!;
    const kept: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const length = lengths[i]!;
      if (length > MAX_COUNTED) {
        kept.push(names[i]!);
        continue;
      }
      if (Math.abs(length - lower.length) > max) continue;
      let common = 0;
      for (let b = 0; b < BUCKETS; b++) common += Math.min(mine[b]!, counts[i * BUCKETS + b]!);
      if (Math.max(length, lower.length) - common <= max) kept.push(names[i]!);
    }
    return kept;
  }
}

/** Characters are counted in buckets (several characters may share one: the bound stays a bound), up to this length. */
const BUCKETS = 64;
const MAX_COUNTED = 255;

function bucket(code: number): number {
  return code < 48 ? 63 : code <= 57 ? code - 48 : code >= 97 && code <= 122 ? code - 87 : code === 95 ? 36 : 37 + (code % 26);
}

const SUGGESTIONS = new WeakMap<ReadonlyMap<string, unknown>, Suggestions>();

function suggestionsFor(byName: ReadonlyMap<string, unknown>): Suggestions {
  let suggestions = SUGGESTIONS.get(byName);
  if (!suggestions) SUGGESTIONS.set(byName, (suggestions = new Suggestions(byName)));
  return suggestions;
}

export const unknownElement: Rule = {
  meta: {
    id: 'unknown-element',
    description: 'A link or a dlq property names an element that is not declared anywhere in the project.',
    category: 'language',
    defaultSeverity: 'error',
    options: {},
    fixable: true,
  },
  check({ model, report, wants }) {
    const suggestions = suggestionsFor(model.byName);
    const references = model.references;
    // Names in links come first, with their targets also as numbers; `dlq` values after them.
    const linkTargets = model.linkReferenceTarget;
    for (let i = 0; i < references.length; i++) {
      if (i < linkTargets.length && linkTargets[i]! >= 0) continue;
      const reference = references[i]!;
      if (reference.target || !wants(reference.doc)) continue;
      const name = reference.name.text;
      const suggestion = suggestions.suggest(name);
      const kind = reference.context === 'dlq' ? 'queue' : 'service';
      const fixes: Fix[] = [];
      if (suggestion !== null) {
        fixes.push({
          title: `Change to '${suggestion}'`,
          edits: [{ path: reference.doc.path, start: reference.name.start, end: reference.name.end, newText: suggestion }],
        });
      }
      fixes.push({ title: `Declare '${name}' as ${withArticle(kind)}`, edits: [appendStatement(reference.doc, `${kind} ${name}`)] });
      report({
        doc: reference.doc,
        span: reference.name,
        message: `unknown element '${name}'${suggestion !== null ? `: did you mean '${suggestion}'?` : ': declare it, for example `' + kind + ' ' + name + '`'}`,
        fixes,
      });
    }
  },
};
