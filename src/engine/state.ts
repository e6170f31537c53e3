/** Account states of MODEL.md section 4 (Dk is D1 + k − 1) and the per-account flags of a path. */
export const State = { off: 0, C: 1, R: 2, F: 3, W: 4, P: 5, D1: 8 } as const;

export const Flag = {
  /** Forbearance was offered in this path (it is offered once). */
  offered: 1,
  /** Back from a holiday with its PD × redefaultMultiplier: its own threshold is in `own`. */
  redefault: 2,
  /** Changed in this path: restored from the book's columns before the next path. */
  dirty: 4,
  /** A current account of a credit line that revolves (pays interest); else a transactor (docs/model.md §4.6). */
  revolver: 8,
} as const;
