/**
 * Presenting: the notebook shown one cell a screen, with no editors or controls, moved on
 * by the keyboard (NotebookView.svelte) and started from the header's Present button. The
 * class `presenting` goes on the root element, outside the <main> the report copies, and
 * app.css applies it on screens only, so printing and the report are as before.
 */
export const presenting = $state({ on: false, at: 0 });

/** Starts presenting at cell `at`. */
export function startPresenting(at = 0): void {
  presenting.at = at;
  presenting.on = true;
  document.documentElement.classList.add("presenting");
}

export function stopPresenting(): void {
  presenting.on = false;
  document.documentElement.classList.remove("presenting");
}
