import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { TrainingClient, TrainingStore, TrainingView } from '../net/trainingClient.ts';

/** The training store and client, handed to the trainer console and the trainee view through one context. */

/** Store and client of the training side of one connection. */
export interface TrainingRuntime {
  store: TrainingStore;
  client: TrainingClient;
}

const Context = createContext<TrainingRuntime | null>(null);

/** Provides the training runtime to the tree. */
export function TrainingProvider({ runtime, children }: { runtime: TrainingRuntime; children: ReactNode }) {
  return <Context.Provider value={runtime}>{children}</Context.Provider>;
}

/** The training runtime; throws outside a TrainingProvider (a wiring bug). */
export function useTrainingRuntime(): TrainingRuntime {
  const rt = useContext(Context);
  if (!rt) throw new Error('useTrainingRuntime outside <TrainingProvider>');
  return rt;
}

/** Subscribes to a slice of the training store. */
export function useTraining<T>(selector: (s: TrainingView) => T): T {
  return useStore(useTrainingRuntime().store, selector);
}
