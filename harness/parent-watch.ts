/**
 * Noticing that whoever started this process is gone. `npm run bench` and `npx testbed` start the testbed under a
 * shell; a SIGTERM to npm (what `timeout` and a cancelled CI job send) kills npm and that shell at once, and the
 * testbed lives on, reparented. Its parent pid changing is the one sign of that, so it is polled (cheaply, unref'd:
 * the poll alone never keeps the process alive).
 */
export function onParentGone(callback: () => void, intervalMs = 250): () => void {
  const original = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === original) return;
    clearInterval(timer);
    callback();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
