/**
 * Renders a Vega-Lite spec to an SVG string in Node, headless: vega-lite compiles it to Vega, a Vega View with no
 * renderer runs the dataflow, and toSVG() serialises the scene. No canvas and no browser are needed. Every chart
 * goes through here, so they share one look (fonts, sizes, palette).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { textWidth } from './text-width.ts';

/** Vega's text measurer, which it lets a host replace (its typings do not declare it). */
interface TextMetrics {
  width: (item: { fontSize?: number; fontWeight?: string | number; limit?: number }, text: string | null | undefined) => number;
}

let metricsInstalled = false;
function installTextMetrics(): void {
  if (metricsInstalled) return;
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  metrics.width = (item, text) => {
    const value = text == null ? '' : String(text).trim();
    const bold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600);
    return textWidth(value, item.fontSize ?? 11, bold);
  };
  metricsInstalled = true;
}

/** Axis labels in SI units (20k, 1.5M) that print zero as 0, not "0k". */
export const SI_AXIS_LABELS = { labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')" } as const;

export const FONT = 'DejaVu Sans, Verdana, sans-serif';

/** The shared look: readable sizes, a white background (the SVG may be shown on a dark page), no chart border. */
export const CHART_CONFIG = {
  font: FONT,
  background: 'white',
  padding: 12,
  view: { stroke: null },
  title: { fontSize: 15, subtitleFontSize: 11.5, subtitleColor: '#444', anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11.5, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 260, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11.5, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 320, symbolSize: 120 },
  header: { labelFontSize: 12, titleFontSize: 12 },
} as const;

/** Collects what vega-lite and vega warn about (a log scale dropping zeros, a field missing), instead of printing it. */
function collectingLogger(warnings: string[]): vega.LoggerInterface {
  let level = vega.Warn;
  const logger: vega.LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      warnings.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  } as vega.LoggerInterface;
  return logger;
}

/** The SVG, and anything the libraries warned about while making it (a chart test expects none). */
export async function renderSvg(spec: TopLevelSpec): Promise<{ svg: string; warnings: string[] }> {
  installTextMetrics();
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const own = (spec.config ?? {}) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...CHART_CONFIG };
  // One level deep, so that a chart can change one axis setting without dropping the shared ones.
  for (const [k, v] of Object.entries(own)) merged[k] = typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...(merged[k] as object), ...v } : v;
  const withConfig = { ...spec, config: merged } as TopLevelSpec;
  const compiled = compile(withConfig, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    return { svg: await view.toSVG(), warnings };
  } finally {
    view.finalize();
  }
}
