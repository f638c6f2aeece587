import { createContext, useContext, useState, type ReactNode } from 'react';

/**
 * Station labels are plain DOM elements in an overlay above the canvas (crisp text, one React tree, no font
 * download, no draw calls). The overlay registers each label's element here by station index; a projector
 * inside the canvas moves them every frame by writing `style.transform`, so labels never re-render React
 * to follow the camera.
 */

/** Label elements by station index. */
export interface LabelLayer { elements: Array<HTMLElement | null> }

const LabelLayerContext = createContext<LabelLayer | null>(null);

/** Provides one label layer to the overlay and the canvas (R3F bridges the context into the scene). */
export function LabelLayerProvider({ children }: { children: ReactNode }) {
  const [layer] = useState<LabelLayer>(() => ({ elements: [] }));
  return <LabelLayerContext.Provider value={layer}>{children}</LabelLayerContext.Provider>;
}

/** The label layer; a private empty one outside a provider (a scene rendered without labels, in tests). */
export function useLabelLayer(): LabelLayer {
  const layer = useContext(LabelLayerContext);
  const [fallback] = useState<LabelLayer>(() => ({ elements: [] }));
  return layer ?? fallback;
}
