/**
 * The plot's inner size (inside the margins), which `PlotArea` sets and every mark reads,
 * as LayerCake hands its `width` and `height` to layers through `getContext`.
 */
import { createContext } from "svelte";

export interface PlotSize {
  /** Inner width and height of the plot in pixels, without the margins. */
  readonly width: number;
  readonly height: number;
}

export const [getPlotSize, setPlotSize] = createContext<PlotSize>();
