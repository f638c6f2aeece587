import { createContext, useContext, useState, type ReactNode } from 'react';

/**
 * Station labels are plain DOM elements in an overlay above the canvas (crisp text, one React tree, no font
 * download, no draw calls). The overlay registers each label's element here by station index; a projector
 * inside the canvas moves them every frame by writing `style.transform`, so labels never re-render React
 * to follow the camera.
 */

/** Label elements by station index: the overlay registers them, the projector reads them. */
export interface LabelLayer {
  /** The element of station `index`'s label (null once it unmounts). */
  register(index: number, el: HTMLElement | null): void;
  /** The element of station `index`'s label, if it is mounted. */
  element(index: number): HTMLElement | null;
}

function createLabelLayer(): LabelLayer {
  const elements: Array<HTMLElement | null> = [];
  return {
    register: (index, el) => {
      elements[index] = el;
    },
    element: (index) => elements[index] ?? null,
  };
}

const LabelLayerContext = createContext<LabelLayer | null>(null);

/** Provides one label layer to the overlay and the canvas (R3F bridges the context into the scene). */
export function LabelLayerProvider({ children }: { children: ReactNode }) {
  const [layer] = useState(createLabelLayer);
  return <LabelLayerContext.Provider value={layer}>{children}</LabelLayerContext.Provider>;
}

/** The label layer; a private empty one outside a provider (a scene rendered without labels, in tests). */
export function useLabelLayer(): LabelLayer {
  const layer = useContext(LabelLayerContext);
  const [fallback] = useState(createLabelLayer);
  return layer ?? fallback;
}
