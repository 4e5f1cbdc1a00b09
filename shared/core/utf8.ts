// Decoding a script's bytes. The adapters read files; the core only ever sees bytes handed to it.

import type { Span } from './text';

/** A U+FFFD in the text that stands for `bytes` invalid bytes of the original. */
export interface InvalidBytes extends Span {
  bytes: number;
}

export interface DecodedText {
  /** The text, without a leading byte-order mark. */
  text: string;
  /** The bytes began with a UTF-8 byte-order mark: write it back when saving. */
  bom: boolean;
  /** Where the text holds a U+FFFD that replaced invalid bytes (one span per maximal invalid subpart). */
  invalid: InvalidBytes[];
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Decodes UTF-8 as the WHATWG decoder does (a bad sequence becomes one U+FFFD) and reports where that
 * happened, so that a genuine U+FFFD in the file is not mistaken for a decoding error.
 * A leading BOM is taken off, as editors do, so that columns on the first line agree with theirs.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: strict.decode(body), bom, invalid: [] };
  } catch {
    return { ...decodeSlowly(body), bom };
  }
}

/** Encodes text as UTF-8, with the byte-order mark when the original had one. */
export function encodeUtf8(text: string, bom: boolean): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

function decodeSlowly(bytes: Uint8Array): { text: string; invalid: InvalidBytes[] } {
  let text = '';
  const invalid: InvalidBytes[] = [];
  let runStart = 0; // start of the current run of valid bytes
  let i = 0;
  const flushValid = (end: number): void => {
    if (end > runStart) text += lenient.decode(bytes.subarray(runStart, end));
  };
  const bad = (from: number, to: number): void => {
    flushValid(from);
    invalid.push({ start: text.length, end: text.length + 1, bytes: to - from });
    text += '\uFFFD';
    runStart = to;
  };
  while (i < bytes.length) {
    const b = bytes[i];
    let needed = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) needed = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      needed = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      needed = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      bad(i, i + 1);
      i++;
      continue;
    }
    let j = i + 1;
    let seen = 0;
    while (seen < needed && j < bytes.length && bytes[j] >= lower && bytes[j] <= upper) {
      lower = 0x80;
      upper = 0xbf;
      seen++;
      j++;
    }
    if (seen < needed) {
      // A maximal subpart of a sequence is replaced by one U+FFFD; the byte that broke it is read again.
      bad(i, j);
      i = j;
      continue;
    }
    i = j;
  }
  flushValid(bytes.length);
  return { text, invalid };
}

/**
 * The offset in the original bytes of a text offset: UTF-8 lengths, corrected where a U+FFFD (3 bytes)
 * stands for invalid bytes of another length.
 */
export function byteOffset(decoded: DecodedText, offset: number): number {
  let bytes = (decoded.bom ? 3 : 0) + utf8Length(decoded.text, offset);
  for (const span of decoded.invalid) if (span.start < offset) bytes += span.bytes - 3;
  return bytes;
}

/** Bytes of the UTF-8 encoding of `text` up to `end` (a lone surrogate counts as U+FFFD: 3 bytes). */
function utf8Length(text: string, end: number): number {
  let bytes = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
