/**
 * Marked regions of a source file: the scenario code a report shows side by side. A region is the lines between a
 * line `// #region <name>` and the next `// #endregion` that closes it (optionally `// #endregion <name>`; anything
 * after the name on a #region line is free text). Regions may nest: an #endregion closes the innermost open region,
 * and the marker lines of an inner region are left out of the outer one's code. A name may stand in several places
 * of one style (its scenario code spread over two functions, say): each is a piece of the same region.
 *
 * Nothing here throws on a badly marked file: an unclosed #region, a stray #endregion, a name nested in itself or an
 * #endregion naming another region are returned as problems, so a report can say so and go on. Pure; any caller.
 */

/** The regions a report shows, one per scenario (and two of the fault cases). */
export const REGION_NAMES = ['url-fetch', 'echo', 'cpu-offload', 'race', 'fault-http-500', 'fault-cancel-parent'] as const;
export type RegionName = (typeof REGION_NAMES)[number];

export function isRegionName(value: string): value is RegionName {
  return (REGION_NAMES as readonly string[]).includes(value);
}

export interface MarkedRegion {
  name: string;
  /** 1-based line numbers of the first and last line between the markers (endLine < startLine: an empty region). */
  startLine: number;
  endLine: number;
  /** Lines inside it that are markers of nested regions, left out of its code and its counts. */
  markerLines: number[];
  /** Set when the region is badly marked: why. Its lines are then not to be trusted as its code. */
  problem?: string;
}

export interface ParsedRegions {
  regions: MarkedRegion[];
  /** Problems that belong to no region (an #endregion with nothing open). */
  strays: string[];
}

const REGION_START = /^\s*\/\/\s*#region(?:\s+(\S+).*)?$/;
const REGION_END = /^\s*\/\/\s*#endregion(?:\s+(\S+).*)?$/;

/** Every marked region of `text`, in the order their #region lines appear. */
export function parseRegions(text: string): ParsedRegions {
  const lines = text.split(/\r?\n/);
  const regions: MarkedRegion[] = [];
  const strays: string[] = [];
  const open: MarkedRegion[] = [];
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const start = REGION_START.exec(line);
    const end = start ? null : REGION_END.exec(line);
    if (!start && !end) return;
    for (const outer of open) outer.markerLines.push(lineNo);
    if (start) {
      const name = start[1];
      const region: MarkedRegion = { name: name ?? '', startLine: lineNo + 1, endLine: lineNo, markerLines: [] };
      if (!name) region.problem = `line ${lineNo}: #region without a name`;
      else if (open.some((r) => r.name === name)) region.problem = `line ${lineNo}: #region ${name} opened again inside itself`;
      regions.push(region);
      open.push(region);
      return;
    }
    const closing = open.pop();
    if (!closing) {
      strays.push(`line ${lineNo}: #endregion with no #region open`);
      return;
    }
    closing.markerLines.pop(); // its own closing marker is not one of its lines
    closing.endLine = lineNo - 1;
    const named = end![1];
    if (named !== undefined && named !== closing.name) closing.problem ??= `line ${lineNo}: #endregion ${named} closes #region ${closing.name} (opened on line ${closing.startLine - 1})`;
  });
  for (const unclosed of open) {
    unclosed.endLine = lines.length;
    unclosed.problem ??= `line ${unclosed.startLine - 1}: #region ${unclosed.name} is never closed`;
  }
  return { regions, strays };
}

export interface NumberedLine {
  /** Its 1-based line number in the file. */
  line: number;
  text: string;
}

/**
 * A region's own lines with their line numbers: markers of nested regions left out, blank lines at either end
 * dropped, and the indentation they all share removed.
 */
export function regionLines(text: string, region: MarkedRegion): NumberedLine[] {
  const all = text.split(/\r?\n/);
  const skip = new Set(region.markerLines);
  const lines: NumberedLine[] = [];
  for (let n = region.startLine; n <= region.endLine; n++) if (!skip.has(n)) lines.push({ line: n, text: (all[n - 1] ?? '').trimEnd() });
  while (lines.length > 0 && lines[0]!.text === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.text === '') lines.pop();
  const indent = (t: string): number => /^[ \t]*/.exec(t)![0].length;
  const shared = Math.min(...lines.filter((l) => l.text !== '').map((l) => indent(l.text)));
  return Number.isFinite(shared) ? lines.map((l) => ({ line: l.line, text: l.text.slice(Math.min(shared, indent(l.text))) })) : lines;
}
