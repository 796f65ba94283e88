/**
 * A written chart as the report links it. Kept apart from write.ts, which loads vega, so that rendering the markdown
 * (and the CLI that does it) never loads the charting library.
 */
export interface ChartFile {
  /** Relative to the report's directory, with forward slashes. */
  path: string;
  title: string;
  alt: string;
  /** The scenario group it belongs to, if any. */
  groupId?: string;
  /** What vega warned about while drawing it (none expected). */
  warnings: string[];
}

/** A chart as a markdown image: `![alt](path)`, with the alt text's brackets escaped and the path URL-safe. */
export function chartMarkdown(chart: ChartFile): string {
  const alt = chart.alt.replace(/[[\]\\]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
  return `![${alt}](${encodeURI(chart.path)})`;
}
