// Big JSON reports written in pieces (see `prettyJson`): the json and sarif formats.

/** A list whose entries are made one at a time, when `prettyJson` writes them. */
export class LazyList<T, U> {
  constructor(
    readonly items: readonly T[],
    readonly make: (item: T) => U,
  ) {}
}

export function lazyList<T, U>(items: readonly T[], make: (item: T) => U): LazyList<T, U> {
  return new LazyList(items, make);
}

/** A value made only when `prettyJson` reaches it, after what comes before it is written (never undefined). */
export class LazyValue<T> {
  constructor(readonly make: () => T) {}
}

export function lazyValue<T>(make: () => T): LazyValue<T> {
  return new LazyValue(make);
}

/**
 * Exactly the text of `JSON.stringify(value, null, 2)` for plain objects, arrays and JSON
 * values, with lazy lists written as arrays and lazy values as what they make: in pieces, one
 * per entry of a lazy list, each entry made just before its piece and dropped after. An
 * object is written key by key when one of its own values is lazy; anything else whole, by
 * JSON.stringify: a lazy part must be an object's own value or a lazy list's entry (or inside one).
 */
export function* prettyJson(value: unknown, indent = ''): Generator<string> {
  const inner = `${indent}  `;
  if (value instanceof LazyValue) {
    yield* prettyJson(value.make(), indent);
    return;
  }
  if (value instanceof LazyList) {
    if (value.items.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.items.length; i++) {
      yield `${i ? ',' : ''}\n${inner}`;
      yield* prettyJson(value.make(value.items[i]), inner);
    }
    yield `\n${indent}]`;
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.values(value).some((item) => item instanceof LazyList || item instanceof LazyValue)) {
    // (As in an array, where JSON.stringify writes undefined as null.)
    const text = JSON.stringify(value, null, 2) ?? 'null';
    // JSON escapes line breaks inside strings: every one left is the layout's.
    yield indent && text.includes('\n') ? text.replaceAll('\n', `\n${indent}`) : text;
    return;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    const [key, item] = entries[i]!;
    yield `${i ? ',' : ''}\n${inner}${JSON.stringify(key)}: `;
    yield* prettyJson(item, inner);
  }
  yield `\n${indent}}`;
}
