// Positions and line breaks. Offsets index the script's JavaScript string (UTF-16 code units), so that
// positions agree with LSP's default encoding and with every editor built on it.

/** A position: both numbers 0-based; `character` counts UTF-16 code units, as LSP does. */
export interface Position {
  line: number;
  character: number;
}

/** A range with an exclusive end, as in LSP. */
export interface Range {
  start: Position;
  end: Position;
}

/** A half-open span of string offsets `[start, end)`. The AST stores spans; ranges are made on demand. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Offsets at which each line starts. A line ends at LF, CRLF or a lone CR: the same rule as LSP and
 * VS Code's TextDocument, so the CLI and the editor number lines identically.
 */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  let from = 0;
  // indexOf is far faster than a per-character loop. The next CR is remembered, not searched for on every
  // line: in a file without CRs each search would scan to the end, and the whole split would be quadratic.
  let cr = text.indexOf('\r');
  for (;;) {
    const lf = text.indexOf('\n', from);
    if (cr >= 0 && cr < from) cr = text.indexOf('\r', from);
    if (lf < 0 && cr < 0) break;
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      const next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      starts.push(next);
      from = next;
    } else {
      starts.push(lf + 1);
      from = lf + 1;
    }
  }
  return starts;
}

/** Index of the line that holds `offset` (binary search over line starts). */
export function lineOfOffset(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function positionAt(lineStarts: readonly number[], offset: number): Position {
  const line = lineOfOffset(lineStarts, offset);
  return { line, character: offset - lineStarts[line] };
}

export function offsetAt(lineStarts: readonly number[], text: string, position: Position): number {
  if (position.line < 0) return 0;
  if (position.line >= lineStarts.length) return text.length;
  const start = lineStarts[position.line];
  const end = position.line + 1 < lineStarts.length ? lineStarts[position.line + 1] : text.length;
  return Math.min(start + Math.max(0, position.character), end);
}

export function rangeOf(lineStarts: readonly number[], span: Span): Range {
  return { start: positionAt(lineStarts, span.start), end: positionAt(lineStarts, span.end) };
}

/** End of the line's content: the offset of its line break, or of the end of the text. */
export function lineContentEnd(text: string, lineStarts: readonly number[], line: number): number {
  let end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
  if (end > lineStarts[line] && text.charCodeAt(end - 1) === 10) end--;
  if (end > lineStarts[line] && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** How many characters two texts share from their start (where an edit begins). */
export function sameUntil(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  // Blocks first (comparing slices is native code); one character at a time only in the block that differs.
  for (const block = 1024; i + block <= n && a.slice(i, i + block) === b.slice(i, i + block); i += block);
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
