// A recursive-descent parser with error recovery. It never throws: a missing
// piece becomes a zero-width node, an error in one statement never hides the
// statements after it, and a second error at the same offset is dropped.

import {
  Arrow,
  ElementNode,
  GroupNode,
  Identifier,
  KINDS,
  LinkNode,
  ListValue,
  Property,
  PropertyBlock,
  SourceFile,
  Span,
  Statement,
  StringLiteral,
  SyntaxDiagnostic,
  Value,
} from './ast';
import { Scanner, T, Token } from './lexer';
import { closest } from '../util/strings';

const MAX_LIST_DEPTH = 64;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Told of each statement as soon as it is parsed, in source order (a group before what is
 * inside it): a caller that walks every statement anyway (the model) does it while the
 * nodes are fresh, instead of walking the whole tree again.
 */
export interface ParseListener {
  /** A group whose body opens, inside `parent` (undefined: at the top of the file). */
  group(node: GroupNode, parent: GroupNode | undefined): void;
  element(node: ElementNode, group: GroupNode | undefined): void;
  link(node: LinkNode): void;
}

export function parse(text: string, listener?: ParseListener): SourceFile {
  return new Parser(text, listener).parseFile();
}

function describe(token: Token): string {
  switch (token.type) {
    case T.EOF:
      return 'the end of the file';
    case T.String:
      return 'a string';
    case T.Name:
    case T.Kind:
    case T.Group:
    case T.True:
    case T.False:
    case T.Number:
    case T.Duration:
    case T.Percent:
    case T.Error:
      return `'${token.text}'`;
    default:
      return `'${token.text}'`;
  }
}

function isArrow(token: Token): boolean {
  return token.type === T.SyncArrow || token.type === T.AsyncArrow;
}

function isKeyword(token: Token): boolean {
  return token.type === T.Kind || token.type === T.Group || token.type === T.True || token.type === T.False;
}

class Parser {
  private readonly scanner: Scanner;
  private readonly diagnostics: SyntaxDiagnostic[];
  private readonly errorOffsets = new Set<number>();
  /** The current token, the one after it once looked at, and the span of the one before. */
  private current: Token;
  private lookahead: Token | undefined;
  private previousStart = -1;
  private previousEndOffset = -1;
  /** How many tokens have been consumed. */
  private pos = 0;
  /** How many groups enclose the statement being parsed. */
  private depth = 0;
  private listDepth = 0;

  constructor(
    private readonly text: string,
    private readonly listener: ParseListener | undefined,
  ) {
    // Tokens are pulled from the scanner as the parser goes: only the current token and one of lookahead live at a time.
    this.scanner = new Scanner(text, true);
    this.diagnostics = this.scanner.diagnostics;
    this.current = this.scanner.next();
  }

  parseFile(): SourceFile {
    const statements = this.parseStatements();
    this.diagnostics.sort((a, b) => a.start - b.start);
    return { text: this.text, statements, comments: this.scanner.comments, diagnostics: this.diagnostics };
  }

  // ---- token helpers -------------------------------------------------------

  private peek(): Token {
    return this.current;
  }

  /** The token after the current one. */
  private peekNext(): Token {
    if (this.current.type === T.EOF) return this.current;
    return (this.lookahead ??= this.scanner.next());
  }

  private advance(): Token {
    const token = this.current;
    if (token.type !== T.EOF) {
      this.previousStart = token.start;
      this.previousEndOffset = token.end;
      this.current = this.lookahead ?? this.scanner.next();
      this.lookahead = undefined;
      this.pos++;
    }
    return token;
  }

  /** Consumes the current token and returns what was made of it (read the token before: its object is reused). */
  private consumed<V>(value: V): V {
    this.advance();
    return value;
  }

  private previousEnd(): number {
    return this.pos > 0 ? this.previousEndOffset : 0;
  }

  private error(span: Span, message: string): void {
    if (this.hasError(span.start)) return;
    this.errorOffsets.add(span.start);
    this.diagnostics.push({ start: span.start, end: span.end, message });
  }

  /**
   * Whether an error is already reported at an offset. The scanner reports a token's own
   * errors when it reads the token, which is always before the parser can report at its start.
   */
  private hasError(start: number): boolean {
    if (this.errorOffsets.has(start)) return true;
    const lexed = this.diagnostics;
    // Scanner diagnostics not yet seen: move them into the set.
    while (this.scannedErrors < lexed.length) {
      const diagnostic = lexed[this.scannedErrors++]!;
      this.errorOffsets.add(diagnostic.start);
    }
    return this.errorOffsets.has(start);
  }

  private scannedErrors = 0;

  /** Where to report a missing piece: the next token if it is on the same line, else the previous one. */
  private missingSpan(): Span {
    const next = this.peek();
    if (next.type !== T.EOF && !next.newlineBefore) return next;
    return this.pos > 0 ? { start: this.previousStart, end: this.previousEndOffset } : { start: 0, end: 0 };
  }

  private startsStatement(token: Token): boolean {
    return token.type === T.Kind || token.type === T.Group || token.type === T.Name;
  }

  /** Skips to the next token that can begin a statement on a new line, or a closing brace. */
  private recover(): void {
    while (true) {
      const token = this.peek();
      if (token.type === T.EOF) return;
      if (token.type === T.RBrace && this.depth > 0) return;
      if (token.newlineBefore && this.startsStatement(token)) return;
      this.advance();
    }
  }

  // ---- statements ----------------------------------------------------------

  /**
   * Statements of the file. Groups are tracked on an explicit stack rather than by
   * recursion, so that any depth of nesting parses without exhausting the call stack.
   */
  private parseStatements(): Statement[] {
    const root: Statement[] = [];
    const open: GroupNode[] = [];
    const body = (): Statement[] => (open.length > 0 ? open[open.length - 1]!.body : root);
    while (true) {
      this.depth = open.length;
      const token = this.peek();
      if (token.type === T.EOF) {
        for (let i = open.length - 1; i >= 0; i--) {
          const group = open[i]!;
          this.error(group.open!, `expected '}' to close the group${group.name.text ? ` '${group.name.text}'` : ''}`);
          group.end = this.previousEnd();
        }
        return root;
      }
      if (token.type === T.RBrace) {
        const group = open.pop();
        if (group) {
          group.close = { start: token.start, end: token.end };
          group.end = token.end;
        } else {
          this.error(token, "unexpected '}': no group or property list is open here");
        }
        this.advance();
        continue;
      }
      if (token.type === T.Kind) {
        const element = this.parseElement();
        body().push(element);
        this.listener?.element(element, open.length > 0 ? open[open.length - 1] : undefined);
      } else if (token.type === T.Group) {
        const group = this.parseGroupHeader();
        body().push(group);
        if (group.open) {
          this.listener?.group(group, open.length > 0 ? open[open.length - 1] : undefined);
          open.push(group);
        }
      } else if (token.type === T.Name) {
        const link = this.parseLink();
        if (link) {
          body().push(link);
          this.listener?.link(link);
        }
      } else {
        if (token.type !== T.Error) {
          this.error(token, `expected an element, a link or a group, found ${describe(token)}`);
        }
        this.advance();
        this.recover();
      }
    }
  }

  /** `after`: the word the name follows, as the message quotes it (the keyword or the arrow). */
  private parseName(after: string): Identifier {
    const token = this.peek();
    if (token.type === T.Name) return this.consumed({ start: token.start, end: token.end, text: token.text });
    if (isKeyword(token) && !token.newlineBefore) {
      this.error(token, `'${token.text}' is a keyword and cannot be a name (names are case-sensitive: '${capitalize(token.text)}' is allowed)`);
      return this.consumed({ start: token.start, end: token.end, text: '' });
    }
    this.error(this.missingSpan(), `expected a name after '${after}'`);
    const at = this.previousEnd();
    return { start: at, end: at, text: '' };
  }

  private parseOptionalLabel(): StringLiteral | undefined {
    const token = this.peek();
    if (token.type !== T.String) return undefined;
    return this.consumed({ type: 'string', start: token.start, end: token.end, value: token.text });
  }

  private parseElement(): ElementNode {
    const kindToken = this.advance();
    const kind = kindToken.text as ElementNode['kind'];
    const kindSpan = { start: kindToken.start, end: kindToken.end };
    const name = this.parseName(kind);
    const label = this.parseOptionalLabel();
    const props = this.peek().type === T.LBrace ? this.parseProps(name.text || kind) : undefined;
    return {
      type: 'element',
      kind,
      kindSpan,
      name,
      label,
      props,
      start: kindSpan.start,
      end: this.previousEnd(),
    };
  }

  /** `group Name "label" {`: the body and the closing brace are parsed by parseStatements. */
  private parseGroupHeader(): GroupNode {
    const keyword = this.advance();
    const keywordSpan = { start: keyword.start, end: keyword.end };
    const name = this.parseName('group');
    const label = this.parseOptionalLabel();
    const group: GroupNode = {
      type: 'group',
      keywordSpan,
      name,
      label,
      body: [],
      open: undefined,
      close: undefined,
      start: keywordSpan.start,
      end: this.previousEnd(),
    };
    const open = this.peek();
    if (open.type !== T.LBrace) {
      this.error(this.missingSpan(), `expected '{' after the group ${name.text ? `'${name.text}'` : 'name'}`);
      return group;
    }
    group.open = { start: open.start, end: open.end };
    group.end = open.end;
    this.advance();
    return group;
  }

  private parseLink(): LinkNode | undefined {
    const first = this.advance();
    const next = this.peek();
    if (!isArrow(next)) {
      this.reportNotALink(first, next);
      this.recover();
      return undefined;
    }
    const firstName: Identifier = { start: first.start, end: first.end, text: first.text };
    const firstArrow = this.advance();
    const firstArrowText = firstArrow.text;
    const arrow: Arrow = { start: firstArrow.start, end: firstArrow.end, sync: firstArrow.type === T.SyncArrow };
    const secondName = this.parseName(firstArrowText);
    let names: Identifier[];
    let arrows: Arrow[];
    if (!isArrow(this.peek())) {
      // One hop, the common case: arrays of exactly the size needed (a pushed-to array reserves room for 17).
      names = [firstName, secondName];
      arrows = [arrow];
    } else {
      names = [firstName, secondName];
      arrows = [arrow];
      while (isArrow(this.peek())) {
        const next = this.advance();
        const nextText = next.text;
        arrows.push({ start: next.start, end: next.end, sync: next.type === T.SyncArrow });
        names.push(this.parseName(nextText));
      }
      names = names.slice();
      arrows = arrows.slice();
    }
    const label = this.parseOptionalLabel();
    const props = this.peek().type === T.LBrace ? this.parseProps(undefined) : undefined;
    return { type: 'link', names, arrows, label, props, start: firstName.start, end: this.previousEnd() };
  }

  private reportNotALink(first: Token, next: Token): void {
    const lower = first.text.toLowerCase();
    if ((KINDS as readonly string[]).includes(lower) || lower === 'group') {
      this.error(first, `unknown kind '${first.text}': keywords are lowercase, did you mean '${lower}'?`);
      return;
    }
    if (next.type === T.Name && !next.newlineBefore) {
      const suggestion = closest(first.text, KINDS);
      this.error(
        first,
        suggestion
          ? `unknown kind '${first.text}': did you mean '${suggestion}'?`
          : `unknown kind '${first.text}': expected one of ${KINDS.join(', ')}`,
      );
      return;
    }
    this.error(next.type === T.EOF || next.newlineBefore ? first : next, `expected '->' or '~>' after '${first.text}'`);
  }

  // ---- properties ----------------------------------------------------------

  /** `owner`: the element's name (or kind) the block belongs to; undefined for a link. */
  private parseProps(owner: string | undefined): PropertyBlock {
    const openToken = this.advance();
    const open: Span = { start: openToken.start, end: openToken.end };
    const block: PropertyBlock = { start: open.start, end: open.end, properties: [], closed: false };
    while (true) {
      const token = this.peek();
      if (token.type === T.RBrace) {
        this.advance();
        block.closed = true;
        break;
      }
      if (
        token.type === T.EOF ||
        (token.newlineBefore && (token.type === T.Kind || token.type === T.Group)) ||
        (token.type === T.Name && isArrow(this.peekNext()))
      ) {
        this.error(open, `expected '}' to close the properties of ${owner === undefined ? 'the link' : `'${owner}'`}`);
        break;
      }
      if (token.type === T.Comma) {
        this.error(token, "unexpected ',': expected a property name or '}'");
        this.advance();
        continue;
      }
      if (isKeyword(token) && this.peekNext().type === T.Colon) {
        this.error(token, `'${token.text}' is a keyword and cannot be a property name`);
        block.properties.push(this.parseProperty());
        this.skipSeparator(block);
        continue;
      }
      if (token.type !== T.Name) {
        if (token.type !== T.Error) {
          this.error(
            token,
            isKeyword(token)
              ? `'${token.text}' is a keyword and cannot be a property name`
              : `expected a property name or '}', found ${describe(token)}`,
          );
        }
        this.advance();
        continue;
      }
      block.properties.push(this.parseProperty());
      this.skipSeparator(block);
    }
    block.end = this.previousEnd();
    // An exact-size copy: a pushed-to array reserves room for 17 entries, and there are tens of thousands of blocks.
    if (block.properties.length > 0) block.properties = block.properties.slice();
    return block;
  }

  /** After a property: a comma, a new line or the closing brace; anything else is reported and skipped. */
  private skipSeparator(block: PropertyBlock): void {
    const separator = this.peek();
    if (separator.type === T.Comma) {
      this.advance();
    } else if (separator.type !== T.RBrace && !separator.newlineBefore && separator.type !== T.EOF) {
      this.error(separator, `expected ',' or '}' after the property '${block.properties.at(-1)!.key.text}', found ${describe(separator)}`);
      // Skip the rest of this property: to a comma, a closing brace or a new line.
      while (true) {
        const t = this.peek();
        if (t.type === T.EOF || t.type === T.RBrace || t.newlineBefore) break;
        this.advance();
        if (t.type === T.Comma) break;
      }
    }
  }

  private parseProperty(): Property {
    const keyToken = this.advance();
    const key: Identifier = { start: keyToken.start, end: keyToken.end, text: keyToken.text };
    const property: Property = { start: key.start, end: key.end, key, value: undefined };
    const colon = this.peek();
    if (colon.type === T.Colon) {
      this.advance();
    } else {
      this.error(this.missingSpan(), `expected ':' after the property name '${key.text}'`);
      if (colon.newlineBefore || !startsValue(colon)) return property;
    }
    const valueToken = this.peek();
    if (valueToken.newlineBefore && valueToken.type === T.Name && this.peekNext().type === T.Colon) {
      // `key:` then a new line with `other: ...`: the value is missing.
      this.error({ start: key.start, end: this.previousEnd() }, `expected a value after '${key.text}:'`);
      property.end = this.previousEnd();
      return property;
    }
    property.value = this.parseValue(key.text);
    property.end = this.previousEnd();
    return property;
  }

  private parseValue(key: string): Value | undefined {
    const token = this.peek();
    const { start, end } = token;
    switch (token.type) {
      case T.String:
        return this.consumed({ type: 'string', start, end, value: token.text });
      case T.Duration:
        return this.consumed({ type: 'duration', start, end, ms: token.value, raw: token.text });
      case T.Percent:
        return this.consumed({ type: 'percent', start, end, value: token.value, raw: token.text });
      case T.Number: {
        const number = { text: token.text, value: token.value };
        this.advance();
        const unit = this.peek();
        if (!unit.newlineBefore && unit.type === T.Name && UNIT_MS[unit.text] !== undefined) {
          // `5 ms`: one mistake, reported once, and the value still means 5ms.
          const unitText = unit.text;
          const unitEnd = unit.end;
          this.advance();
          this.error({ start, end: unitEnd }, `write '${number.text}${unitText}' without a space between the number and its unit`);
          return { type: 'duration', start, end: unitEnd, ms: number.value * UNIT_MS[unitText]!, raw: `${number.text}${unitText}` };
        }
        if (!unit.newlineBefore && unit.type === T.Error && unit.text === '%') {
          // `99.9 %`: the lexer reported the stray '%'; read the value as the percentage it means.
          const unitEnd = unit.end;
          this.advance();
          return { type: 'percent', start, end: unitEnd, value: number.value, raw: `${number.text}%` };
        }
        return { type: 'number', start, end, value: number.value, raw: number.text };
      }
      case T.True:
      case T.False:
        return this.consumed({ type: 'boolean', start, end, value: token.type === T.True });
      case T.Name:
        return this.consumed({ type: 'name', start, end, text: token.text });
      case T.LBracket:
        return this.parseList(key);
      case T.Error: {
        // Already reported by the lexer. A value glued to it (`-5ms`, `.5s`) belongs to the same mistake.
        this.advance();
        const glued = this.peek();
        if (glued.start === end && startsValue(glued)) this.advance();
        return undefined;
      }
      default:
        this.error(this.missingSpan(), `expected a value after '${key}:'`);
        return undefined;
    }
  }

  private parseList(key: string): ListValue {
    const openToken = this.advance();
    const open: Span = { start: openToken.start, end: openToken.end };
    if (++this.listDepth > MAX_LIST_DEPTH) {
      this.error(open, `lists nested more than ${MAX_LIST_DEPTH} deep in '${key}'`);
      this.skipBalanced();
      this.listDepth--;
      return { type: 'list', start: open.start, end: this.previousEnd(), items: [] };
    }
    const list: ListValue = { type: 'list', start: open.start, end: open.end, items: [] };
    while (true) {
      const token = this.peek();
      if (token.type === T.RBracket) {
        this.advance();
        break;
      }
      if (token.type === T.EOF || token.type === T.RBrace || (token.newlineBefore && (token.type === T.Kind || token.type === T.Group))) {
        this.error(open, `expected ']' to close the list of '${key}'`);
        break;
      }
      if (token.type === T.Comma) {
        this.error(token, "unexpected ',': expected a value or ']'");
        this.advance();
        continue;
      }
      const before = this.pos;
      const item = this.parseValue(key);
      if (item) list.items.push(item);
      if (this.pos === before) this.advance();
      const separator = this.peek();
      if (separator.type === T.Comma) this.advance();
      else if (separator.type !== T.RBracket && separator.type !== T.EOF && separator.type !== T.RBrace) {
        this.error(separator, `expected ',' or ']' in the list of '${key}', found ${describe(separator)}`);
      }
    }
    list.end = this.previousEnd();
    if (list.items.length > 0) list.items = list.items.slice();
    this.listDepth--;
    return list;
  }

  /** After an opening '[': skips to just past its matching ']' (or to the end of the property list). */
  private skipBalanced(): void {
    let depth = 1;
    while (depth > 0) {
      const token = this.peek();
      if (token.type === T.EOF || token.type === T.RBrace) return;
      this.advance();
      if (token.type === T.LBracket) depth++;
      else if (token.type === T.RBracket) depth--;
    }
  }
}

function startsValue(token: Token): boolean {
  switch (token.type) {
    case T.String:
    case T.Duration:
    case T.Percent:
    case T.Number:
    case T.True:
    case T.False:
    case T.LBracket:
      return true;
    default:
      return false;
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
