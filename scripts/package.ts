// Packages the extension into a .vsix with @vscode/vsce, offline: `npm run package` builds first (esbuild.mjs),
// then runs this. What goes in is .vscodeignore's allow-list; test/package.test.ts checks the exact list and the
// end-to-end suite (test/e2e/vsix.test.ts) installs the result into a real VS Code.

import { createVSIX } from '@vscode/vsce';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The repository root (this file runs as out/scripts/package.js). */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

export interface Packaged {
  /** Absolute path of the .vsix. */
  path: string;
  bytes: number;
  /** Its entries, as the zip lists them (`extension/…` plus vsce's own manifest files). */
  entries: string[];
}

/** The file name vsce gives the package by default, and `npm run package` writes: repro-desk-<version>.vsix. */
export function vsixName(root = PACKAGE_ROOT): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  return `${manifest.name}-${manifest.version}.vsix`;
}

/**
 * Packages the already-built extension (dist/ must be current) into `out` (default: the root's
 * repro-desk-<version>.vsix). `quiet` drops vsce's own listing of the files (the tests check the list themselves);
 * its warnings and errors still show.
 */
export async function packageVsix(options: { out?: string; quiet?: boolean } = {}): Promise<Packaged> {
  const out = options.out ?? join(PACKAGE_ROOT, vsixName());
  // vsce has no option for it: it prints its information with console.log.
  const log = console.log;
  if (options.quiet) console.log = () => undefined;
  try {
    await writeVsix(out);
  } finally {
    console.log = log;
  }
  return { path: resolve(out), bytes: statSync(out).size, entries: zipEntries(out) };
}

async function writeVsix(out: string): Promise<void> {
  await createVSIX({
    cwd: PACKAGE_ROOT,
    packagePath: out,
    // Everything the extension runs is bundled into dist/ (only `vscode` is external): no node_modules.
    dependencies: false,
    // The manifest says "license": "MIT" but the repository has no LICENSE file; without this vsce asks on stdin.
    skipLicense: true,
    // The README's links are relative to the repository (docs/, examples/); vsce would make them absolute against a
    // GitHub or GitLab repository, and refuses to package when it cannot tell where that is (ours is not public).
    rewriteRelativeLinks: false,
  });
}

/**
 * The names of a zip's entries, from its central directory (a .vsix is a zip). Read by hand: the format's index
 * is a few fixed-size records, and vsce's own reader is not part of its API.
 */
export function zipEntries(path: string): string[] {
  const zip = readFileSync(path);
  // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB, at the very end.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${path} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  const names: string[] = [];
  for (let at = zip.readUInt32LE(end + 16), i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: broken central directory`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** "1.23 MB": the size as a person reads it (decimal units, as npm and vsce print them). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

async function main(): Promise<void> {
  const packaged = await packageVsix();
  const files = packaged.entries.filter((e) => e.startsWith('extension/')).length;
  console.log(`${relative(process.cwd(), packaged.path) || packaged.path}: ${formatSize(packaged.bytes)} (${packaged.bytes} bytes), ${files} files of the extension, ${packaged.entries.length} entries in all`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
