// The people and things the desk knows: customers' organizations and contacts, the staff, the products with
// their components and versions.

import * as l10n from '@vscode/l10n';
import { versionSortKey } from '../schema';
import type { Tx } from '../store';
import type { StaffRole } from '../vocabulary';
import { componentId, organizationId, productId, versionId, WorkflowError } from './common';

export function addOrganization(tx: Tx, input: { name: string; phone?: string; email?: string }): number {
  if (!input.name.trim()) throw new WorkflowError(l10n.t('an organization needs a name'));
  const id = organizationId(tx, input.name);
  if (input.phone !== undefined || input.email !== undefined) {
    tx.run('UPDATE organization SET phone = coalesce(?, phone), email = coalesce(?, email) WHERE id = ?', [input.phone ?? null, input.email ?? null, id]);
  }
  return id;
}

export function addContact(tx: Tx, input: { name: string; organization?: string; phone?: string; email?: string }): number {
  if (!input.name.trim()) throw new WorkflowError(l10n.t('a contact needs a name'));
  const organization = input.organization ? organizationId(tx, input.organization) : null;
  return tx.run('INSERT INTO contact (organization_id, name, phone, email, created_at) VALUES (?, ?, ?, ?, ?)', [organization, input.name.trim(), input.phone ?? null, input.email ?? null, tx.now]).lastId;
}

export function addStaff(tx: Tx, input: { login: string; name: string; role: StaffRole }): number {
  if (!/^[\w.@-]+$/.test(input.login)) throw new WorkflowError(l10n.t('{0} is not a login (letters, digits, . _ @ -)', input.login));
  if (tx.get('SELECT 1 AS found FROM staff WHERE login = ?', [input.login])) throw new WorkflowError(l10n.t('{0} is already in the desk', input.login));
  return tx.run('INSERT INTO staff (login, name, role) VALUES (?, ?, ?)', [input.login, input.name.trim(), input.role]).lastId;
}

export function addProduct(tx: Tx, input: { name: string; components?: string[]; versions?: { name: string; released?: string }[] }): number {
  const id = productId(tx, input.name);
  for (const component of input.components ?? []) componentId(tx, input.name, component);
  for (const version of input.versions ?? []) {
    const versionRow = versionId(tx, input.name, version.name);
    if (version.released) releaseVersion(tx, input.name, version.name, version.released, versionRow);
  }
  return id;
}

/** Marks a version released (on `date`). */
export function releaseVersion(tx: Tx, product: string, name: string, date: string, id = versionId(tx, product, name)): void {
  tx.run('UPDATE version SET released = 1, released_at = ?, sort_key = ? WHERE id = ?', [date, versionSortKey(name), id]);
}
