// For `npm run bench`: the extension activates in a fresh VS Code, and the time it took is recorded.

import { strict as assert } from 'node:assert';
import { activateExtension, figures } from './host';

it('activates', async () => {
  const api = await activateExtension();
  assert.ok(api.client.isRunning());
  figures.activationMs = api.activationMs;
});
