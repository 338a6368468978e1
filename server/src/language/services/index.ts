// The editor features of the language service: pure functions over the core's
// objects (LintResult, TopoDocument) and UTF-16 offsets, returning plain data with
// offsets and paths. No LSP types, no vscode, no fs: the LSP server converts
// offsets to positions at its edge.

export { hover, type Hover } from './hover';
export { complete, elementDocumentation, PROTOCOLS, type CompletionItem, type CompletionKind, type CompletionList, type CompletionContext } from './completion';
export { definition, references, prepareRename, rename, nameProblem, type Location, type PrepareRenameResult, type RenameResult } from './navigation';
export { documentSymbols, workspaceSymbols, WORKSPACE_SYMBOL_LIMIT, type DocumentSymbol, type WorkspaceSymbol } from './symbols';
export { semanticTokens, TOKEN_TYPES, TOKEN_MODIFIERS, KIND_CLASS_TOKEN, type SemanticToken, type TokenType, type TokenModifier } from './semanticTokens';
export { foldingRanges, type FoldingRange } from './folding';
export { escapeMarkdown } from './markdown';
