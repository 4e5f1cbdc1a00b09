// For `npm run bench`: the extension activates in a fresh VS Code, and the time from activation to its language
// server ready is recorded.

import { strict as assert } from 'node:assert';
import { activateExtension, figures } from './host';

it('activates', async () => {
  const api = await activateExtension();
  figures.activationMs = await api.languageServerReady;
  assert.ok(api.client.isRunning());
});
