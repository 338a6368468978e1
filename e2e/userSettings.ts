// The settings of a test profile, for the code-server suite and the VS Code API suite
// alike: nothing opens, updates or phones home on its own, and nothing saves on its own.

export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  // The browser build autosaves by default: a test's typing would land on disk at once.
  'files.autoSave': 'off',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'workbench.editor.enablePreview': false,
  'git.enabled': false,
};
