/**
 * Colours, as CSS custom properties so a notebook theme can restyle every chart. Each
 * chart reads `--cl-*` with a default from here; variants take the Okabe–Ito palette,
 * whose colours stay distinct under the common forms of colour blindness (Okabe and
 * Ito, "Color universal design", 2002), yellow left out for its contrast on white.
 */

/** Default colours of variants, in order. */
export const VARIANT_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"] as const;

/** The CSS colour of variant `i`: its theme variable with the palette's default. */
export function variantColour(i: number): string {
  const n = VARIANT_COLOURS.length;
  return `var(--cl-variant-${(i % n) + 1}, ${VARIANT_COLOURS[i % n]})`;
}
