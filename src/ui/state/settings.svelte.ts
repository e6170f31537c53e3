/** Page settings that are remembered between visits. */
import { loadFlag, saveFlag } from "./storage.ts";

/** Pause after the last keystroke before an autorun, in ms. */
export const AUTORUN_DELAY = 800;

export class Settings {
  #autorun = $state(loadFlag("autorun", true));

  /** Run a scenario cell shortly after each edit. Default on. */
  get autorun(): boolean {
    return this.#autorun;
  }

  set autorun(value: boolean) {
    this.#autorun = value;
    saveFlag("autorun", value);
  }
}
