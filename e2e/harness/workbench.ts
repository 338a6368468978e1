// Drives code-server's workbench in headless Chromium the way a person would: the
// explorer, the keyboard, the Problems panel, the hover, the light bulb, the command
// palette, the preview's webview. Every wait is for something on screen (a row, a
// widget, a status bar text), with a generous timeout; there are no fixed sleeps.

import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './codeServer';

export const CHROMIUM = process.env['TOPO_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'e2e');

/** Long enough for a loaded 2-core machine; a step that takes longer is broken. */
export const STEP_TIMEOUT = 30_000;
/** The workbench's first load: 8–13 s here when the machine is quiet. */
const LOAD_TIMEOUT = 90_000;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Problem {
  severity: 'error' | 'warning' | 'info';
  code: string;
  line: number;
  column: number;
  message: string;
}

export class Workbench {
  private constructor(
    readonly page: Page,
    /** Errors the page itself logged: a crashed extension host shows here and in a notification. */
    readonly pageErrors: string[],
  ) {}

  /** A new window (its own extension host) on `folder`, ready when the explorer lists `firstFile`. */
  static async open(browser: Browser, url: string, folder: string, firstFile: string): Promise<Workbench> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(STEP_TIMEOUT);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: firstFile }).first().waitFor({ timeout: LOAD_TIMEOUT });
    return new Workbench(page, errors);
  }

  async close(): Promise<void> {
    await this.page.close();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  // ---- editors ------------------------------------------------------------------------

  /** Opens a file from the explorer (`folder/file.topo` expands the folder first), and waits for its editor. */
  async openFile(path: string): Promise<void> {
    const parts = path.split('/');
    const name = parts.pop()!;
    for (const folder of parts) {
      const row = this.explorerRow(folder);
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    }
    await this.explorerRow(name).click();
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor();
    await this.editor().locator('.view-lines').waitFor();
    await this.focusEditor();
  }

  /** The explorer's row whose name is exactly `name`. */
  private explorerRow(name: string): Locator {
    const exactly = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return this.page
      .locator('.explorer-folders-view .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly }) })
      .first();
  }

  /** The text editor (the scenarios have one; the preview's group holds a webview). */
  editor(): Locator {
    return this.page.locator('.part.editor .editor-instance .monaco-editor').first();
  }

  async focusEditor(): Promise<void> {
    // Clicking the text would move the cursor; focusing the editor's input element does not.
    // VS Code 1.13x takes keys through an EditContext element; older builds through a textarea.
    const editor = this.editor();
    await editor.locator('.native-edit-context, textarea.inputarea').first().focus();
    await this.page.locator('.part.editor .editor-instance .monaco-editor.focused').first().waitFor();
  }

  /** The cursor's position from the status bar ("Ln 12, Col 5", maybe with "(6 selected)"). */
  async cursor(): Promise<{ line: number; column: number }> {
    const text = (await this.page.locator('[id="status.editor.selection"]').textContent()) ?? '';
    const match = /Ln (\d+), Col (\d+)/.exec(text);
    if (!match) throw new Error(`no cursor position in the status bar: ${JSON.stringify(text)}`);
    return { line: Number(match[1]), column: Number(match[2]) };
  }

  async waitForCursor(line: number, column?: number): Promise<void> {
    const pattern = column === undefined ? `Ln ${line},` : `Ln ${line}, Col ${column}`;
    await this.page.locator('[id="status.editor.selection"]', { hasText: pattern }).waitFor();
  }

  /** Go to Line/Column (Ctrl+G), 1-based as the status bar shows it. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.waitForCursor(line, column);
  }

  /**
   * Waits until the breadcrumbs above the editor name `symbol`: the language server has
   * answered for this document (its symbols), so its other features are there too.
   */
  async waitForSymbolAtCursor(symbol: string): Promise<void> {
    // A symbol item's label reads "Orders (class)"; the file's own item is not a symbol.
    await this.page.locator(`.part.editor .monaco-breadcrumb-item.outline-element [aria-label^="${symbol} ("]`).first().waitFor({ timeout: STEP_TIMEOUT * 2 });
  }

  /** Types at the cursor, as keystrokes. */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 20 });
  }

  // ---- commands -----------------------------------------------------------------------

  /** Runs a command from the palette (F1) by its title, as a user picks it. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.page.locator(`.quick-input-widget .monaco-list-row[aria-label^="${title}"]`).first();
    await row.waitFor();
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  async saveAll(): Promise<void> {
    await this.runCommand('File: Save All');
    await this.page.locator('.tabs-container .tab.dirty').first().waitFor({ state: 'detached' });
  }

  // ---- the Problems panel -------------------------------------------------------------

  /**
   * Shows the Problems panel. Its list draws only the rows that fit: `maximize` gives it
   * the whole window (the editor is then hidden), `filter` types in its filter box.
   */
  async showProblems(options: { maximize?: boolean; filter?: string } = {}): Promise<void> {
    const hadEditor = await this.page.locator('.part.editor .editor-instance .monaco-editor.focused').isVisible();
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await this.page.locator('.markers-panel').waitFor();
    }
    if (options.maximize) await this.runCommand('View: Toggle Maximized Panel');
    if (options.filter !== undefined) {
      const box = this.page.locator('.markers-panel-action-filter input, .panel .viewpane-filter input').first();
      await box.fill(options.filter);
    }
    if (hadEditor && !options.maximize) await this.focusEditor();
  }

  /** Waits until the Problems tab's badge shows `count` (it updates a moment after the rows). */
  async waitForProblemBadge(count: number): Promise<void> {
    const exactly = new RegExp(`^\\s*${count}\\s*$`);
    await this.page.locator('.panel .composite-bar .action-item.checked .badge-content', { hasText: exactly }).first().waitFor();
  }

  /** Waits until the Problems panel satisfies `predicate`, and returns its problems. */
  async waitForProblems(predicate: (problems: Problem[]) => boolean, what: string): Promise<Problem[]> {
    if (!(await this.page.locator('.markers-panel').isVisible())) await this.showProblems();
    const deadline = Date.now() + STEP_TIMEOUT * 2;
    let last: Problem[] = [];
    for (;;) {
      last = await this.problems();
      if (predicate(last)) return last;
      if (Date.now() > deadline) throw new Error(`the Problems panel never showed ${what}; it shows:\n${last.map(formatProblem).join('\n')}`);
      // Each time the panel's tree changes, look again.
      await this.page
        .waitForFunction(
          (before) => (document.querySelector('.markers-panel .monaco-list-rows')?.textContent ?? '') !== before,
          await this.page.locator('.markers-panel .monaco-list-rows').textContent().catch(() => ''),
          { timeout: 5_000 },
        )
        .catch(() => undefined);
    }
  }

  /** The problems the panel lists (its rows with a severity icon; related-information rows are skipped). */
  async problems(): Promise<Problem[]> {
    const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) =>
      // No named helpers in here: this runs in the page, without the bundler's helpers.
      elements.map((row) => ({
        icon: row.querySelector('.marker-icon')?.className ?? '',
        code: row.querySelector('.marker-code')?.textContent ?? '',
        line: row.querySelector('.marker-line')?.textContent ?? '',
        message: row.querySelector('.marker-message')?.textContent ?? '',
      })),
    );
    const problems: Problem[] = [];
    for (const row of rows) {
      if (!row.icon) continue;
      const severity = /\berror\b/.test(row.icon) ? 'error' : /\bwarning\b/.test(row.icon) ? 'warning' : 'info';
      const at = /Ln (\d+), Col (\d+)/.exec(row.line);
      problems.push({ severity, code: row.code, line: Number(at?.[1] ?? 0), column: Number(at?.[2] ?? 0), message: row.message });
    }
    return problems;
  }

  // ---- hover, completion, code actions, rename ----------------------------------------

  /**
   * Rests the mouse on the text at the cursor and returns the hover's text once it shows
   * `expected` (the problems on a line show at once, the server's part a moment later).
   */
  async hoverAtCursor(expected: RegExp): Promise<string> {
    const cursor = this.editor().locator('.cursors-layer .cursor').first();
    await cursor.waitFor({ state: 'attached' });
    const box = await cursor.boundingBox();
    if (!box) throw new Error('the cursor has no place on screen');
    const hover = this.page.locator('.monaco-hover:not(.hidden)', { hasText: expected }).first();
    // A hover asked while the server (re)starts comes back empty and is not asked again
    // while the pointer rests: as a person would, move away and rest on the word again.
    const deadline = Date.now() + STEP_TIMEOUT * 2;
    for (;;) {
      await this.page.mouse.move(box.x + 4, box.y + box.height / 2);
      try {
        await hover.waitFor({ timeout: 5_000 });
        return (await hover.innerText()).trim();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await this.moveMouseAway();
      }
    }
  }

  /** Moves the mouse off the editor, so that the hover under it closes. */
  async moveMouseAway(): Promise<void> {
    await this.page.mouse.move(5, 995);
    await this.page.locator('.monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden' }).catch(() => undefined);
  }

  /** Opens completion (Ctrl+Space) and returns the labels it offers. */
  async triggerCompletion(): Promise<Locator> {
    await this.page.keyboard.press('Control+Space');
    const widget = this.page.locator('.editor-widget.suggest-widget.visible');
    await widget.locator('.monaco-list-row').first().waitFor();
    return widget;
  }

  /** Clicks the light bulb at the cursor's line and picks the action whose title contains `title`. */
  async applyQuickFix(title: string | RegExp): Promise<void> {
    // VS Code 1.13x draws the light bulb in the gutter when the line has room; else over the text.
    const bulb = this.editor().locator('[class*="codicon-gutter-lightbulb"], .lightBulbWidget .codicon').first();
    await bulb.waitFor();
    await bulb.click();
    const row = this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first();
    await row.waitFor();
    await row.click();
    await row.waitFor({ state: 'hidden' });
  }

  /** Rename Symbol (F2) at the cursor. */
  async rename(newName: string): Promise<void> {
    await this.page.keyboard.press('F2');
    const input = this.page.locator('input.rename-input').first();
    await input.waitFor();
    await input.fill(newName);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  // ---- the preview ------------------------------------------------------------------

  /** The preview page inside its webview (VS Code nests the content in a second iframe). */
  preview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Notifications on screen (an extension host crash shows as one). */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
  }
}

export function formatProblem(problem: Problem): string {
  return `${problem.line}:${problem.column} ${problem.severity} ${problem.code} ${problem.message.slice(0, 80)}`;
}
