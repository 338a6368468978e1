// Conversions at the edge: core offsets and findings to LSP positions and diagnostics.

import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  DiagnosticRelatedInformation,
  DiagnosticSeverity,
  DiagnosticTag,
  Range,
  TextEdit as LspTextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { Finding, Fix } from '../language/rules/types';
import { ruleDocsUrl } from '../language/rules/types';
import type { LineIndex } from '../language/util/lineIndex';
import { isVirtualKey, type Project, type Workspace } from './workspace';

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

/** A workspace key (a file path, or the URI of a document that is not a file) as a URI. */
export function pathToUri(path: string): string {
  if (isVirtualKey(path)) return path;
  // Asked for every diagnostic's related locations: URI.file is slow, and a project has few paths.
  let uri = fileUris.get(path);
  if (uri === undefined) {
    if (fileUris.size >= MAX_CACHED_URIS) fileUris.clear();
    fileUris.set(path, (uri = URI.file(path).toString()));
  }
  return uri;
}

const fileUris = new Map<string, string>();
const MAX_CACHED_URIS = 10_000;

/** The workspace key of a URI: its file path, or the URI itself for a document that is not a file. */
export function uriToPath(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : uri;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toDiagnostic(workspace: Workspace, project: Project, lines: LineIndex, finding: Finding): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  for (const item of finding.related) {
    const path = project.absolute(item.path);
    const file = workspace.getFile(path);
    if (!file) continue;
    related.push({ location: { uri: pathToUri(path), range: toRange(file.lines, item.start, item.end) }, message: item.message });
  }
  const diagnostic: Diagnostic = {
    range: toRange(lines, finding.start, finding.end),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: 'topo',
    message: finding.message,
  };
  if (related.length) diagnostic.relatedInformation = related;
  if (finding.ruleId === 'unused-suppression') diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

export function toWorkspaceEdit(workspace: Workspace, project: Project, edits: Fix['edits']): WorkspaceEdit | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    const path = project.absolute(edit.path);
    const file = workspace.getFile(path);
    if (!file) return undefined;
    (changes[pathToUri(path)] ??= []).push({ range: toRange(file.lines, edit.start, edit.end), newText: edit.newText });
  }
  return { changes };
}

export function toCodeAction(workspace: Workspace, project: Project, fix: Fix, diagnostic: Diagnostic, preferred: boolean): CodeAction | undefined {
  const edit = toWorkspaceEdit(workspace, project, fix.edits);
  if (!edit) return undefined;
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
  if (preferred) action.isPreferred = true;
  return action;
}
