import { useTwin } from '../net/runtime.tsx';
import type { StationInfo } from '@protocol/events.ts';
import { computeLayout, type LineLayout } from './layout.ts';

// One layout per snapshot's station list, shared by the canvas and the DOM overlays that need it.
const cache = new WeakMap<StationInfo[], LineLayout>();

/** The layout of the current snapshot's stations, computed once per new station list. */
export function useLayout(): LineLayout {
  const stations = useTwin((s) => s.stations);
  let layout = cache.get(stations);
  if (!layout) {
    layout = computeLayout(stations);
    cache.set(stations, layout);
  }
  return layout;
}
