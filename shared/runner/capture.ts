// Output kept within a bound: everything up to the limit; beyond it, the first and the last half of the limit
// with a marker between. Invariant: memory held never exceeds `limit` bytes, whatever arrives; small outputs
// (nearly all of them) cost no more than their own chunks.

/** Per stream: 1 MiB (spec §5). */
export const STREAM_LIMIT = 1024 * 1024;

export class BoundedCapture {
  /** While everything fits: the chunks as they came. */
  private chunks: Buffer[] = [];
  private head?: Buffer;
  /** Once the limit is passed: a ring of the most recent bytes. */
  private tail?: Buffer;
  private tailStart = 0;
  private tailLength = 0;
  /** Every byte ever written, kept or not. */
  total = 0;

  constructor(private readonly limit = STREAM_LIMIT) {}

  write(chunk: Uint8Array): void {
    this.total += chunk.length;
    if (!this.tail) {
      this.chunks.push(Buffer.from(chunk));
      if (this.total <= this.limit) return;
      // Past the limit: keep the head, and from now on only a ring of the tail.
      const all = Buffer.concat(this.chunks);
      this.chunks = [];
      this.head = all.subarray(0, Math.ceil(this.limit / 2));
      this.tail = Buffer.alloc(Math.floor(this.limit / 2));
      this.ring(all.subarray(this.head.length));
      return;
    }
    this.ring(chunk);
  }

  private ring(bytes: Uint8Array): void {
    const tail = this.tail!;
    const capacity = tail.length;
    // Only the last `capacity` bytes can survive; at most two copies: up to the ring's end, then from its start.
    const rest = bytes.length > capacity ? bytes.subarray(bytes.length - capacity) : bytes;
    const at = (this.tailStart + this.tailLength) % capacity;
    const first = Math.min(rest.length, capacity - at);
    tail.set(rest.subarray(0, first), at);
    tail.set(rest.subarray(first), 0);
    const length = this.tailLength + rest.length;
    if (length > capacity) {
      this.tailStart = (this.tailStart + length - capacity) % capacity;
      this.tailLength = capacity;
    } else this.tailLength = length;
  }

  /** Bytes dropped between head and tail. */
  get omitted(): number {
    return this.tail ? this.total - this.head!.length - this.tailLength : 0;
  }

  /** The kept bytes: head, then (when something was dropped) the marker, then tail. */
  bytes(): Buffer {
    if (!this.tail) return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const wrapped = Math.max(0, this.tailStart + this.tailLength - this.tail.length);
    return Buffer.concat([
      this.head!,
      Buffer.from(omissionMarker(this.omitted)),
      this.tail.subarray(this.tailStart, this.tailStart + this.tailLength - wrapped),
      this.tail.subarray(0, wrapped),
    ]);
  }
}

/** The text that stands for dropped output; deterministic, so fingerprints stay comparable. */
export function omissionMarker(bytes: number): string {
  return `\n[… ${bytes} bytes omitted …]\n`;
}
