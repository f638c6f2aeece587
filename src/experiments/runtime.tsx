import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ExperimentsClient } from './experimentsClient.ts';
import type { ExperimentsState, ExperimentsStore } from './store.ts';

/** The Experiments view's store and client, handed to components through one context (tests pass their own). */
export interface ExperimentsRuntime {
  store: ExperimentsStore;
  client: ExperimentsClient;
}

const Context = createContext<ExperimentsRuntime | null>(null);

/** Provides the runtime to the view. */
export function ExperimentsProvider({ runtime, children }: { runtime: ExperimentsRuntime; children: ReactNode }) {
  return <Context.Provider value={runtime}>{children}</Context.Provider>;
}

/** The runtime; throws outside an ExperimentsProvider (a wiring bug). */
export function useExperimentsRuntime(): ExperimentsRuntime {
  const rt = useContext(Context);
  if (!rt) throw new Error('useExperimentsRuntime outside <ExperimentsProvider>');
  return rt;
}

/** Subscribes a component to a slice of the Experiments store. */
export function useExperiments<T>(selector: (s: ExperimentsState) => T): T {
  return useStore(useExperimentsRuntime().store, selector);
}
