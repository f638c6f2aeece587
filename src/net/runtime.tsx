import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { TwinClient } from './twinClient.ts';
import type { FrameBuffer } from '../state/frameBuffer.ts';
import type { TwinState, TwinStore } from '../state/store.ts';

/**
 * The app's three long-lived objects, handed to components through one context: the slow store, the fast
 * frame buffer and the server client. Tests render components with their own runtime.
 */

/** Store, frame buffer and client of one running app. */
export interface TwinRuntime {
  store: TwinStore;
  frames: FrameBuffer;
  client: TwinClient;
}

const RuntimeContext = createContext<TwinRuntime | null>(null);

/** Provides the runtime to the tree (R3F's Canvas bridges it into the 3D scene). */
export function TwinProvider({ runtime, children }: { runtime: TwinRuntime; children: ReactNode }) {
  return <RuntimeContext.Provider value={runtime}>{children}</RuntimeContext.Provider>;
}

/** The runtime; throws outside a TwinProvider (a wiring bug, not a runtime condition). */
export function useRuntime(): TwinRuntime {
  const rt = useContext(RuntimeContext);
  if (!rt) throw new Error('useRuntime outside <TwinProvider>');
  return rt;
}

/** Subscribes a component to a slice of the slow store (re-renders when the slice changes). */
export function useTwin<T>(selector: (s: TwinState) => T): T {
  return useStore(useRuntime().store, selector);
}
