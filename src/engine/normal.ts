/** Φ and Φ⁻¹ for the page's charts, which read them here; they live in src/math/normal.ts. */
export { Phi, PhiInv } from "../math/normal.ts";
