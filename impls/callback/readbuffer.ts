/**
 * The IOStream's read buffer: the chunks Node handed us, kept as a list rather than concatenated on arrival.
 *
 * Most reads are satisfied by a prefix of the first chunk and leave as a `subarray` view, with no copy. A read that spans
 * chunks is copied once into a buffer of exactly its size. Node never reuses a 'data' chunk, so views stay valid.
 */
export class ReadBuffer {
  private chunks: Buffer[] = [];
  /** Index of the first unconsumed chunk; consumed slots are dropped in batches, not with shift() each time. */
  private head = 0;
  /** Bytes of chunks[head] already consumed. */
  private offset = 0;
  size = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** Removes and returns the first `n` bytes (n <= size). */
  take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[this.head]!;
    const available = first.length - this.offset;
    if (this.offset === 0 && n === first.length) {
      // The common case on a busy stream: one read takes exactly one chunk, which is handed out as it came.
      this.advance(n);
      return first;
    }
    if (n <= available) {
      const out = first.subarray(this.offset, this.offset + n);
      this.advance(n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[this.head]!;
      const take = Math.min(n - filled, chunk.length - this.offset);
      chunk.copy(out, filled, this.offset, this.offset + take);
      filled += take;
      this.advance(take);
    }
    return out;
  }

  /**
   * Position of `needle` at or after `from`, or -1. A search across chunk boundaries first merges the buffer into one
   * chunk; the caller remembers how far it has searched so a long line is not rescanned from the start.
   */
  indexOf(needle: Buffer, from: number): number {
    if (this.size === 0) return -1;
    const first = this.chunks[this.head]!;
    const firstEnd = first.length - this.offset;
    const inFirst = first.subarray(this.offset).indexOf(needle, from);
    if (inFirst !== -1 || this.chunks.length - this.head === 1) return inFirst;
    // Not in the first chunk; from here on the search needs contiguous bytes.
    this.coalesce();
    return this.chunks[0]!.indexOf(needle, Math.max(from, firstEnd - needle.length + 1, 0));
  }

  private coalesce(): void {
    const merged = this.take(this.size);
    this.chunks = [merged];
    this.head = 0;
    this.offset = 0;
    this.size = merged.length;
  }

  private advance(n: number): void {
    this.offset += n;
    this.size -= n;
    if (this.offset === this.chunks[this.head]!.length) {
      this.head++;
      this.offset = 0;
      if (this.head === this.chunks.length) {
        this.chunks = [];
        this.head = 0;
      } else if (this.head >= 1024) {
        this.chunks = this.chunks.slice(this.head);
        this.head = 0;
      }
    }
  }
}
