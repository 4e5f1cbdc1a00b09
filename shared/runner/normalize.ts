// Output normalization (spec §5), in the stated order: decode UTF-8 (bad bytes become U+FFFD), CRLF to LF,
// strip ANSI escapes, the real WORK path becomes `$WORK`, each `port` value becomes `${NAME}`, then the
// `mask` rules in order. Checks, captures and the transcript see only normalized text.

const decoder = new TextDecoder('utf-8', { fatal: false });

/** CSI and OSC sequences, and the two-character escapes. */
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export interface MaskRule {
  pattern: RegExp;
  replacement: string;
}

export class Normalizer {
  private readonly ports: { value: string; name: string }[] = [];
  private readonly masks: MaskRule[] = [];

  /** `workPaths`: every spelling of WORK (as created, and resolved through symlinks), longest first. */
  constructor(private readonly workPaths: readonly string[]) {}

  addPort(value: number, name: string): void {
    this.ports.push({ value: String(value), name });
  }

  /** A `mask` rule: from here on, every match is replaced (the `g` flag is implied). */
  addMask(source: string, flags: string, replacement: string): void {
    this.masks.push({ pattern: new RegExp(source, flags.includes('g') ? flags : flags + 'g'), replacement });
  }

  text(input: Uint8Array | string): string {
    if (input.length === 0) return '';
    let text = typeof input === 'string' ? input : decoder.decode(input);
    text = text.replace(/\r\n/g, '\n').replace(ANSI, '');
    for (const path of this.workPaths) text = text.split(path).join('$WORK');
    for (const { value, name } of this.ports) text = text.replace(new RegExp(`(?<![0-9])${value}(?![0-9])`, 'g'), '${' + name + '}');
    for (const { pattern, replacement } of this.masks) text = text.replace(pattern, replacement);
    return text;
  }
}
