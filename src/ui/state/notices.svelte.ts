/**
 * Short messages at the foot of the page. A notice goes away by itself: after 5 seconds,
 * or 12 when it carries an action (Undo) or reports an error, so that there is time to
 * read it and act. At most three are shown; a newer one pushes the oldest out. An action
 * refers to the state it was offered in, so a new notice with an action takes away the
 * older ones with actions: an Undo two changes back would undo the wrong thing.
 *
 * A notice raised while the page is hidden (another tab changed the notebook, a run in the
 * background failed) waits, its time not started, until the reader comes back to the page.
 */

export interface Notice {
  id: number;
  text: string;
  tone: "info" | "error";
  /** A button offered with the notice, e.g. "Undo". */
  action?: { label: string; run(): void };
}

/** How long a notice stays, in milliseconds. */
export const NOTICE_MS = { plain: 5_000, long: 12_000 } as const;
const SHOWN = 3;

export class Notices {
  /** The notices shown, oldest first. */
  list = $state.raw<Notice[]>([]);
  #next = 1;
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  #visible = true;

  /** Shows `text`; returns the notice's id. */
  notify = (text: string, tone: Notice["tone"] = "info", action?: Notice["action"]): number => {
    const id = this.#next++;
    const current = action ? this.list.filter((n) => !n.action) : this.list;
    const kept = current.slice(-(SHOWN - 1));
    for (const gone of this.list) if (!kept.includes(gone)) this.#forget(gone.id);
    const notice = { id, text, tone, action };
    this.list = [...kept, notice];
    if (this.#visible) this.#start(notice);
    return id;
  };

  /** Whether the page is shown; the notices raised while it was hidden start their time as it is shown again. */
  setVisible = (visible: boolean): void => {
    this.#visible = visible;
    if (visible) for (const notice of this.list) if (!this.#timers.has(notice.id)) this.#start(notice);
  };

  #start(notice: Notice): void {
    const ms = notice.action || notice.tone === "error" ? NOTICE_MS.long : NOTICE_MS.plain;
    this.#timers.set(notice.id, setTimeout(() => this.dismiss(notice.id), ms));
  }

  dismiss = (id: number): void => {
    this.#forget(id);
    this.list = this.list.filter((n) => n.id !== id);
  };

  #forget(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }
}
