/**
 * A minimal terminal for tests: it keeps a screen of lines and applies the control sequences progress bars use
 * (carriage return, newline as a tty's output processing makes it, cursor column/up/down, save/restore, erase in
 * line/display). Enough to see what a user would see, overprinting included.
 */
import { Writable } from 'node:stream';

export class TestTerminal extends Writable {
  readonly isTTY = true;
  readonly columns = 200;
  private raw = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.raw += chunk.toString();
    done();
  }

  /** Appends text as if written by another stream to the same terminal (stdout beside stderr). */
  print(text: string): void {
    this.raw += text;
  }

  /** The screen's lines, trailing spaces and empty trailing lines dropped. */
  screen(): string[] {
    const lines: string[][] = [[]];
    let row = 0;
    let col = 0;
    let saved = { row: 0, col: 0 };
    const line = (): string[] => (lines[row] ??= []);
    // ESC [ params letter | ESC 7 | ESC 8 | a control character | a run of plain text
    const tokens = this.raw.match(/\x1b\[[?\d;]*[A-Za-z]|\x1b[78]|[\r\n]|[^\x1b\r\n]+/g) ?? [];
    for (const t of tokens) {
      if (t === '\r') col = 0;
      else if (t === '\n') (row++, (col = 0), line());
      else if (t === '\x1b7') saved = { row, col };
      else if (t === '\x1b8') ({ row, col } = saved);
      else if (t.startsWith('\x1b[')) {
        const n = Number(t.slice(2, -1).replace('?', '')) || 0;
        const op = t.at(-1);
        if (t.includes('?')) continue; // cursor visibility, line wrapping
        if (op === 'G') col = Math.max(0, n - 1);
        else if (op === 'A') row = Math.max(0, row - (n || 1));
        else if (op === 'B') row += n || 1;
        else if (op === 'C') col += n || 1;
        else if (op === 'D') col = Math.max(0, col - (n || 1));
        else if (op === 'K') line().splice(n === 0 ? col : 0, n === 1 ? col : Infinity);
        else if (op === 'J') (line().splice(col), lines.splice(row + 1));
      } else {
        for (const ch of t) line()[col++] = ch;
      }
    }
    const text = lines.map((l) => Array.from(l, (c) => c ?? ' ').join('').trimEnd());
    while (text.length > 0 && text.at(-1) === '') text.pop();
    return text;
  }
}
