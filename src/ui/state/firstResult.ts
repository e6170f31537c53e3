/**
 * Whether the page has shown its first result: what the scenario editors wait for before
 * they load CodeMirror, so that its chunk neither delays the first chart nor competes with
 * the first run for the network and the main thread. Any run's end counts (a scenario with
 * errors too), and so does the user reaching for an editor; at the latest it opens a few
 * seconds after the page starts, for a notebook that runs nothing.
 */

/** Seconds after the page starts when the editors load even if nothing has run. */
const LATEST_MS = 4000;

let open: () => void = () => undefined;

/** Resolves once the first result is shown (or the user asks for an editor, or LATEST_MS has passed). */
export const firstResult: Promise<void> = new Promise((resolve) => {
  open = resolve;
  if (typeof window !== "undefined") setTimeout(resolve, LATEST_MS);
});

/** Marks the first result as shown; later calls do nothing. */
export function resultShown(): void {
  open();
}
