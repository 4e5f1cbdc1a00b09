// What node-postgres is given to connect: the URL's parameters, then those of a libpq connection service
// (`?service=NAME` or PGSERVICE, from PGSERVICEFILE or ~/.pg_service.conf, else the system's pg_service.conf),
// then what node-postgres itself takes from PG* variables and ~/.pgpass for whatever is still missing: libpq's
// order, so a team's shared service file works as it does for psql.
// Why not `connectionString`: node-postgres lets its parse of the URL (an empty password included) win over
// every separate option, so a password from VS Code's SecretStorage would never reach it.

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClientConfig } from 'pg';
import { parse } from 'pg-connection-string';
import type { ConnectionSettings } from './protocol';

/** Where libpq looks for the system's service file on Debian when PGSYSCONFDIR is not set. */
const SYSTEM_CONF_DIR = '/etc/postgresql-common';

/** The parameters of service `name`: the user's file first; the system's only if the user's has no such service. */
export function serviceParameters(name: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  const files = [env.PGSERVICEFILE ?? join(homedir(), '.pg_service.conf'), join(env.PGSYSCONFDIR ?? SYSTEM_CONF_DIR, 'pg_service.conf')];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const found = readService(readFileSync(file, 'utf8'), name);
    if (found) return found;
  }
  return undefined;
}

/** One section of a pg_service.conf (INI: `[name]`, `key=value`, `#` comments). */
export function readService(text: string, name: string): Record<string, string> | undefined {
  let section: string | undefined;
  let found: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      section = header[1].trim();
      if (section === name) found ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (section === name && found && eq > 0) found[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return found;
}

const given = (value: unknown): value is string | number | boolean | object => value !== '' && value !== null && value !== undefined;

export function clientConfig(settings: ConnectionSettings, env: NodeJS.ProcessEnv = process.env): ClientConfig {
  // libpq's meaning of sslmode (require: encrypted, the certificate not checked), as the README says; a URL
  // that chose otherwise with its own uselibpqcompat keeps its choice.
  const libpq = /[?&]uselibpqcompat=/i.test(settings.url) ? {} : { useLibpqCompat: true };
  const { service: serviceName, sslmode, ssl, host, port, database, user, password, ...rest } = parse(settings.url, libpq) as Record<string, string | undefined> & { ssl?: ClientConfig['ssl'] };
  const name = given(serviceName) ? serviceName : env.PGSERVICE;
  const service = name ? serviceParameters(name, env) : undefined;
  if (name && !service) throw Object.assign(new Error(`definition of service "${name}" not found`), { code: 'ESERVICE' });
  const from = service ?? {};
  const options = Object.fromEntries(Object.entries(rest).filter(([, v]) => given(v)));
  return {
    ...options,
    host: given(host) ? host : from.host,
    port: Number(given(port) ? port : from.port) || undefined,
    database: given(database) ? database : from.dbname,
    user: given(user) ? user : from.user,
    // Undefined leaves node-postgres to PGPASSWORD, then ~/.pgpass.
    password: given(password) ? password : (settings.password ?? from.password),
    ssl: given(sslmode) ? ssl : from.sslmode ? (parse(`postgresql://?sslmode=${encodeURIComponent(from.sslmode)}`, { useLibpqCompat: true }) as { ssl?: ClientConfig['ssl'] }).ssl : undefined,
    application_name: settings.application,
    connectionTimeoutMillis: 10000,
  };
}
