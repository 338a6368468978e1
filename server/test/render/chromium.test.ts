// The decision every render test file takes before it starts a browser: run with the Chromium
// found, skip with the reason and the fix (a laptop), or fail in one line (CI sets
// TOPO_REQUIRE_CHROMIUM=1). Pure: no browser is started here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumStatus } from '../helpers/mermaidRenderer';

const MISSING = '/nonexistent/chromium';

test('TOPO_CHROMIUM names the browser to use', () => {
  assert.deepEqual(chromiumStatus({ TOPO_CHROMIUM: process.execPath }), { state: 'available', path: process.execPath });
});

test('without Chromium the render tests skip, saying why and how to enable them', () => {
  const status = chromiumStatus({ TOPO_CHROMIUM: MISSING });
  assert.equal(status.state, 'skip');
  assert.ok(status.state === 'skip' && status.reason.includes(MISSING) && status.reason.includes('apt-get install -y chromium'), JSON.stringify(status));
});

test('without Chromium and with TOPO_REQUIRE_CHROMIUM=1 they fail, in one line that says to install it', () => {
  const status = chromiumStatus({ TOPO_CHROMIUM: MISSING, TOPO_REQUIRE_CHROMIUM: '1' });
  assert.equal(status.state, 'fail');
  assert.ok(status.state === 'fail' && !status.reason.includes('\n') && status.reason.includes('apt-get install -y chromium'), JSON.stringify(status));
});
