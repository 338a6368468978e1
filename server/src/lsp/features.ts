// The LSP handlers of the editor features: each adapts one pure service of
// server/src/language/services (or the formatter) to LSP types at the edge.

import {
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  FoldingRangeKind,
  Hover,
  InsertTextFormat,
  Location,
  MarkupKind,
  Range,
  SemanticTokensBuilder,
  SymbolKind,
  TextEdit,
  WorkspaceEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver';
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import type { Kind } from '../language/syntax/ast';
import * as services from '../language/services';
import { formatEdits } from '../language/format/formatter';
import { kindClass } from '../language/model/properties';
import { pathToUri, toRange, toWorkspaceEdit } from './convert';
import type { RequestContext } from './server';
import type { Project, Workspace } from './workspace';

const COMPLETION_KIND: Record<services.CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  kind: CompletionItemKind.Keyword,
  element: CompletionItemKind.Reference,
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

export function symbolKindOf(kind: Kind | undefined): SymbolKind {
  if (!kind) return SymbolKind.Namespace;
  switch (kindClass(kind)) {
    case 'entry':
      return SymbolKind.Interface;
    case 'service-like':
      return SymbolKind.Class;
    case 'store':
      return SymbolKind.Struct;
    case 'channel':
      return SymbolKind.Event;
  }
}

function location(workspace: Workspace, project: Project, item: services.Location): Location | undefined {
  const path = project.absolute(item.path);
  const file = workspace.getFile(path);
  return file ? { uri: pathToUri(path), range: toRange(file.lines, item.start, item.end) } : undefined;
}

export function hover({ file, result }: RequestContext, offset: number): Hover | null {
  const found = services.hover(result, file.doc, offset);
  if (!found) return null;
  return { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: toRange(file.lines, found.start, found.end) };
}

/** What the client lets a completion list leave out (LSP 3.17 `completionList.itemDefaults`). */
export interface CompletionShape {
  /** One `editRange` for the list instead of a text edit per item. */
  editRangeDefault: boolean;
}

/** What `completionItem/resolve` needs to find an element item's documentation. */
interface ElementItemData {
  uri: string;
  element: string;
}

/**
 * The completion list at `offset`. A big project offers thousands of element names after an
 * arrow: their documentation is left to `completionItem/resolve` (asked for the highlighted
 * item only), and where the client allows it the items share one edit range.
 */
export function completion({ file, result }: RequestContext, offset: number, uri: string, shape: CompletionShape): CompletionList {
  const list = services.complete(result, file.doc, offset);
  const first = list.items[0];
  const shared = shape.editRangeDefault && first !== undefined && list.items.every((item) => item.replaceStart === first.replaceStart && item.replaceEnd === first.replaceEnd);
  const editRange: Range | undefined = shared ? toRange(file.lines, first.replaceStart, first.replaceEnd) : undefined;
  const items = list.items.map((item): CompletionItem => {
    const completion: CompletionItem = { label: item.label, kind: COMPLETION_KIND[item.kind] };
    if (editRange) {
      if (item.insertText !== item.label) completion.textEditText = item.insertText;
    } else {
      completion.textEdit = { range: toRange(file.lines, item.replaceStart, item.replaceEnd), newText: item.insertText };
    }
    if (item.isSnippet || !editRange) completion.insertTextFormat = item.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText;
    if (item.detail) completion.detail = item.detail;
    if (item.element) completion.data = { uri, element: item.element.name } satisfies ElementItemData;
    else if (item.documentation) completion.documentation = { kind: MarkupKind.Markdown, value: item.documentation };
    if (item.sortText) completion.sortText = item.sortText;
    return completion;
  });
  const completionList: CompletionList = { isIncomplete: false, items };
  if (editRange) completionList.itemDefaults = { editRange, insertTextFormat: InsertTextFormat.PlainText };
  return completionList;
}

/** `completionItem/resolve`: an element item's documentation, from the project as it is now. */
export function resolveCompletion(item: CompletionItem, resultOf: (uri: string) => RequestContext['result'] | undefined): CompletionItem {
  const data = item.data as Partial<ElementItemData> | undefined;
  if (item.documentation || typeof data?.uri !== 'string' || typeof data.element !== 'string') return item;
  const element = resultOf(data.uri)?.model.byName.get(data.element);
  if (!element) return item;
  return { ...item, documentation: { kind: MarkupKind.Markdown, value: services.elementDocumentation(element) } };
}

export function definition({ file, project, result }: RequestContext, workspace: Workspace, offset: number): Location | null {
  const found = services.definition(result, file.doc, offset);
  return (found && location(workspace, project, found)) ?? null;
}

export function references({ file, project, result }: RequestContext, workspace: Workspace, offset: number, includeDeclaration: boolean): Location[] {
  return services
    .references(result, file.doc, offset, includeDeclaration)
    .map((item) => location(workspace, project, item))
    .filter((item): item is Location => item !== undefined);
}

export function prepareRename({ file, result }: RequestContext, offset: number): { range: Range; placeholder: string } | ResponseError<void> {
  const found = services.prepareRename(result, file.doc, offset);
  if ('error' in found) return new ResponseError(ErrorCodes.InvalidRequest, found.error);
  return { range: toRange(file.lines, found.start, found.end), placeholder: found.placeholder };
}

export function rename({ file, project, result }: RequestContext, workspace: Workspace, offset: number, newName: string): WorkspaceEdit | ResponseError<void> {
  const found = services.rename(result, file.doc, offset, newName);
  if ('error' in found) return new ResponseError(ErrorCodes.InvalidRequest, found.error);
  return toWorkspaceEdit(workspace, project, found.edits) ?? new ResponseError(ErrorCodes.InternalError, 'a file of the project is not loaded');
}

export function documentSymbols({ file }: RequestContext): DocumentSymbol[] {
  const convert = (symbol: services.DocumentSymbol): DocumentSymbol => ({
    name: symbol.name || '(missing name)',
    detail: symbol.detail,
    kind: symbol.kind === 'group' ? SymbolKind.Namespace : symbol.kind === 'link' ? (symbol.arrow === '~>' ? SymbolKind.Event : SymbolKind.Function) : symbolKindOf(symbol.elementKind),
    range: toRange(file.lines, symbol.start, symbol.end),
    selectionRange: toRange(file.lines, symbol.selectionStart, symbol.selectionEnd),
    children: symbol.children.map(convert),
  });
  return services.documentSymbols(file.doc).map(convert);
}

export function workspaceSymbols(workspace: Workspace, query: string): WorkspaceSymbol[] {
  const symbols: WorkspaceSymbol[] = [];
  for (const project of workspace.allProjects()) {
    const result = workspace.resultOf(project);
    for (const symbol of services.workspaceSymbols(result, query)) {
      const found = location(workspace, project, symbol);
      if (!found) continue;
      const item: WorkspaceSymbol = { name: symbol.name, kind: symbol.kind === 'group' ? SymbolKind.Namespace : symbolKindOf(symbol.elementKind), location: found };
      if (symbol.container) item.containerName = symbol.container;
      symbols.push(item);
    }
  }
  return symbols.slice(0, services.WORKSPACE_SYMBOL_LIMIT);
}

export const SEMANTIC_TOKENS_LEGEND = { tokenTypes: [...services.TOKEN_TYPES], tokenModifiers: [...services.TOKEN_MODIFIERS] };

export function semanticTokens({ file, result }: RequestContext): { data: number[] } {
  const builder = new SemanticTokensBuilder();
  for (const token of services.semanticTokens(file.doc, result)) {
    const at = file.lines.positionAt(token.start);
    let modifiers = 0;
    for (const modifier of token.modifiers) modifiers |= 1 << services.TOKEN_MODIFIERS.indexOf(modifier);
    builder.push(at.line, at.character, token.length, services.TOKEN_TYPES.indexOf(token.type), modifiers);
  }
  return builder.build();
}

export function foldingRanges({ file }: RequestContext): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const range of services.foldingRanges(file.doc)) {
    const startLine = file.lines.lineOf(range.start);
    const endLine = file.lines.lineOf(range.end);
    if (endLine <= startLine) continue;
    const folding: FoldingRange = { startLine, endLine };
    if (range.kind === 'comment') folding.kind = FoldingRangeKind.Comment;
    else if (range.kind === 'region') folding.kind = FoldingRangeKind.Region;
    ranges.push(folding);
  }
  return ranges;
}

/**
 * Formatting refuses a file with syntax errors (an empty edit list): nothing is ever
 * half-formatted. The layout is canonical, the same as `topo fmt`: the editor's tab
 * size does not change it.
 */
export function formatting({ file }: RequestContext): TextEdit[] {
  const result = formatEdits(file.doc.file);
  if (!result.ok) return [];
  return result.edits.map((edit) => ({ range: toRange(file.lines, edit.start, edit.end), newText: edit.newText }));
}
