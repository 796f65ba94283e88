import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

const MAX_DEPTH = 64;

/**
 * mkdir -p, one level at a time. Node 20's mkdir({ recursive: true }) never returns for some paths (/proc/x spins
 * a thread-pool thread forever), so the recursion is ours, bounded by the path's depth.
 */
export async function makeDirs(dir: string, depth = 0): Promise<void> {
  try {
    await mkdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (!(await stat(dir)).isDirectory()) throw new Error(`${dir} exists and is not a directory`);
      return;
    }
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir || depth >= MAX_DEPTH) throw err;
    await makeDirs(parent, depth + 1);
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again; // made meanwhile by someone else: fine
    });
  }
}
