// Passwords kept out of the extension's log (client/src/redact.ts) and put into the team desk's URL only for the
// connection (shared/desk/open.ts withPassword): the log channel is a real object with the LogOutputChannel's
// writers; the URL is read back by node-postgres's own parser.

import { strict as assert } from 'node:assert';
import { parse } from 'pg-connection-string';
import type * as vscode from 'vscode';
import { redact, redacting } from '../../client/src/redact';
import { displayUrl } from '../../shared/desk/engines/postgres/problems';
import { withPassword } from '../../shared/desk/open';

const SECRET = 'p@ss:w/rd "ё"\\';

describe('passwords out of the log, and into the connection only', () => {
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

  it('withPassword: node-postgres reads the password back; the URL as shown holds none', () => {
    const urls = ['postgresql://boris@/desk?host=%2Ftmp%2Fs', 'postgresql://boris:old@db.example:5433/desk?sslmode=disable', 'postgres://db.example/desk'];
    for (const url of urls) {
      const full = withPassword(url, SECRET);
      const read = parse(full);
      assert.equal(read.password, SECRET, full);
      assert.equal(read.user ?? '', parse(url).user ?? '', full);
      assert.equal(read.database, 'desk');
      assert.ok(!displayUrl(full).includes(encodeURIComponent(SECRET)) && !displayUrl(full).includes(SECRET), displayUrl(full));
    }
  });
});
