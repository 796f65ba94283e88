/**
 * Text widths for laying out charts without a canvas. Vega measures labels to place axes, legends and titles; with no
 * canvas (we add no native module for it) it guesses 0.8 em a character, which makes charts loose and cuts labels
 * short. These are DejaVu Sans advance widths (em), the font the charts name first; Verdana, the fallback, is a
 * little wider, hence the margin.
 */
const ADVANCE: Record<string, number> = {
  ' ': 0.318, '!': 0.401, '"': 0.46, '#': 0.838, $: 0.636, '%': 0.95, '&': 0.78, "'": 0.275, '(': 0.39, ')': 0.39, '*': 0.5,
  '+': 0.838, ',': 0.318, '-': 0.361, '.': 0.318, '/': 0.337, ':': 0.337, ';': 0.337, '<': 0.838, '=': 0.838, '>': 0.838,
  '?': 0.531, '@': 1, A: 0.684, B: 0.686, C: 0.698, D: 0.77, E: 0.632, F: 0.575, G: 0.775, H: 0.752, I: 0.295, J: 0.295,
  K: 0.656, L: 0.557, M: 0.863, N: 0.748, O: 0.787, P: 0.603, Q: 0.787, R: 0.695, S: 0.635, T: 0.611, U: 0.732, V: 0.684,
  W: 0.989, X: 0.685, Y: 0.611, Z: 0.685, '[': 0.39, '\\': 0.337, ']': 0.39, '^': 0.838, _: 0.5, '`': 0.5, a: 0.613,
  b: 0.635, c: 0.55, d: 0.635, e: 0.615, f: 0.352, g: 0.635, h: 0.634, i: 0.278, j: 0.278, k: 0.579, l: 0.278, m: 0.974,
  n: 0.634, o: 0.612, p: 0.635, q: 0.635, r: 0.411, s: 0.521, t: 0.392, u: 0.634, v: 0.592, w: 0.818, x: 0.592, y: 0.592,
  z: 0.525, '{': 0.636, '|': 0.337, '}': 0.636, '~': 0.838, '−': 0.838, '…': 1, '×': 0.838, '±': 0.838, 'µ': 0.636,
  '·': 0.318, '–': 0.5, '—': 1, '→': 0.838,
};
const DIGIT = 0.636;
const OTHER = 0.7;
const FALLBACK_MARGIN = 1.05;
const BOLD = 1.1;

/** Width in pixels of `text` at `fontSize` px. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += ADVANCE[ch] ?? (ch >= '0' && ch <= '9' ? DIGIT : OTHER);
  return em * fontSize * FALLBACK_MARGIN * (bold ? BOLD : 1);
}
