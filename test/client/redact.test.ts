// Passwords kept out of the extension's log (client/src/redact.ts): every writer of the log channel (an object
// with the LogOutputChannel's members), the protocol trace's JSON included.

import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { redact, redacting } from '../../client/src/redact';

const SECRET = 'p@ss:w/rd "ё"\\';

describe('passwords out of the log', () => {
  it('redact: the secret as written and as JSON writes it', () => {
    assert.equal(redact(`typed ${SECRET} then ${JSON.stringify({ password: SECRET })}`, [SECRET]), 'typed •••••• then {"password":"••••••"}');
    assert.equal(redact('nothing here', [SECRET, '']), 'nothing here');
  });

  it("redacting: every writer of the channel, an Error's stack included; other members pass through", () => {
    const written: unknown[][] = [];
    const channel = {
      name: 'Repro Desk',
      logLevel: 2,
      ...Object.fromEntries(['append', 'appendLine', 'replace', 'trace', 'debug', 'info', 'warn', 'error'].map((m) => [m, (...args: unknown[]) => written.push([m, ...args])])),
      show: () => written.push(['show']),
    } as unknown as vscode.LogOutputChannel;
    const secrets = new Set<string>();
    const log = redacting(channel, () => secrets);
    log.info(`before ${SECRET}`);
    secrets.add(SECRET);
    log.trace(`Result: ${JSON.stringify({ password: SECRET })}`);
    log.error(new Error(`failed with ${SECRET}`));
    log.appendLine(SECRET);
    log.show();
    assert.equal(log.name, 'Repro Desk');
    assert.equal(log.logLevel, 2);
    assert.deepEqual(written.slice(0, 2), [['info', `before ${SECRET}`], ['trace', 'Result: {"password":"••••••"}']]);
    assert.match(String(written[2][1]), /^Error: failed with ••••••\n/);
    assert.deepEqual(written.slice(3), [['appendLine', '••••••'], ['show']]);
  });
});
