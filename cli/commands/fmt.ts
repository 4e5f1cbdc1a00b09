// `repro fmt`: rewrites scripts in the one style (spec §6b), or with --check lists those that need it.

import * as l10n from '@vscode/l10n';
import { formatScan } from '../../shared/core/format';
import { scan } from '../../shared/core/parse';
import { encodeUtf8 } from '../../shared/core/utf8';
import { positionAt } from '../../shared/core/text';
import { hasOption } from '../args';
import { EXIT, UsageError, type Subcommand } from '../context';
import { writeFileDurably } from '../../shared/durable';
import { loadScripts, type LoadedScript } from '../scripts';

export const fmtCommand: Subcommand = {
  name: 'fmt',
  usage: 'repro fmt FILE|DIR… [--check]',
  summary: 'formats repro scripts in the one style',
  details: 'Files are rewritten in place (atomically); - formats standard input to standard output. With --check, nothing is written: the files that need formatting are listed. Comments and the archive are kept byte for byte, as is every line with a syntax error.',
  exitStatus: '0: done, or already formatted; 1: --check found a file to format, or a file is not valid UTF-8 and was left alone; 2: a usage error or an unreadable file',
  options: [{ name: '--check', summary: 'writes nothing; lists the files that need formatting' }],
  run(ctx, args) {
    const loaded = loadScripts(ctx, args.positionals);
    if (!Array.isArray(loaded)) return loaded;
    const checkOnly = hasOption(args, '--check');
    let status: number = EXIT.ok;
    for (const item of loaded) {
      const formatted = formattedBytes(item);
      if (typeof formatted === 'string') {
        ctx.stderr(formatted + '\n');
        status = EXIT.failed;
        continue;
      }
      const changed = Buffer.compare(Buffer.from(formatted), Buffer.from(item.bytes)) !== 0;
      if (checkOnly) {
        if (changed) {
          ctx.stdout(item.input.display + '\n');
          status = EXIT.failed;
        }
      } else if (!item.input.path) {
        ctx.stdout(formatted);
      } else if (changed) {
        try {
          writeFileDurably(item.input.path, formatted);
        } catch (error) {
          return new UsageError(l10n.t('{0}: cannot write: {1}', item.input.display, (error as NodeJS.ErrnoException).code ?? String(error)));
        }
      }
    }
    return status;
  },
};

/**
 * The formatted file as bytes, or why it cannot be formatted. Invalid UTF-8 in the script part would be lost
 * by re-encoding, so such a file is left alone; archive files may hold any bytes and are copied as they were.
 */
function formattedBytes({ input, bytes, decoded }: LoadedScript): Uint8Array | string {
  const scanned = scan(decoded.text);
  const { text, lineStarts, archive } = scanned.frame;
  const archiveStart = archive?.start ?? text.length;
  const firstInvalid = decoded.invalid.find((span) => span.start < archiveStart);
  if (firstInvalid) {
    const at = positionAt(lineStarts, firstInvalid.start);
    return l10n.t('{0}:{1}:{2}: not formatted: the script is not valid UTF-8 there, and rewriting it would lose those bytes', input.display, at.line + 1, at.character + 1);
  }
  const formatted = formatScan(scanned);
  const archiveLength = text.length - archiveStart;
  const scriptPart = encodeUtf8(formatted.slice(0, formatted.length - archiveLength), decoded.bom);
  // The script part is valid UTF-8, so its byte length locates the archive in the original bytes.
  const archiveByteStart = (decoded.bom ? 3 : 0) + Buffer.byteLength(text.slice(0, archiveStart));
  return Buffer.concat([scriptPart, bytes.subarray(archiveByteStart)]);
}
