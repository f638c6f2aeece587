import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Role } from '@protocol/events.ts';
import type {
  ExperimentFileInfo,
  ExperimentFinished,
  ExperimentProgressInfo,
  ExperimentQueueWorker,
  ExperimentResultWire,
  ExperimentRunInfo,
  ExperimentScene,
} from '@protocol/experiments.ts';
import type { ConnectionStatus, Notice } from '../state/store.ts';
import { newForm, type ExperimentForm } from './definition.ts';

/**
 * State of the Experiments view: the connection and role, what the server offers (scenes, experiment files),
 * the form, the running experiment's progress, the history, and the run being looked at. Updated by the
 * experiments client (the socket side) and by the form; components read it through `useExperiments`.
 */

/** A stored run opened for reading. */
export interface OpenedRun {
  run: ExperimentRunInfo;
  text: string;
  result: ExperimentResultWire | null;
}

/** The text a form was loaded from, kept to send it unchanged (comments and all) while the form is not edited. */
export interface LoadedText {
  file: string;
  text: string;
  /** The form right after loading, as JSON: equal to the current form means "not edited". */
  form: string;
}

/** Everything the Experiments view renders. */
export interface ExperimentsState {
  connection: ConnectionStatus;
  role: Role;
  hasToken: boolean;
  scenes: ExperimentScene[];
  files: ExperimentFileInfo[];
  /** Worker threads the server runs an experiment on. */
  workers: number;
  /** On a server with `--redis`: the queue's connected `twin worker`s (experiments run there); null without. */
  queueWorkers: ExperimentQueueWorker[] | null;
  form: ExperimentForm;
  loaded: LoadedText | null;
  /** The server's refusal of the last launch (every line names a place), or null. */
  launchError: string | null;
  launching: boolean;
  /** The running experiment (anyone's), or null. */
  progress: ExperimentProgressInfo | null;
  /** Wall clock (ms) when `progress` arrived: the card counts elapsed time on from there. */
  progressAt: number;
  /** How the last run ended, for the progress card. */
  lastEnd: ExperimentFinished | null;
  history: ExperimentRunInfo[];
  opened: OpenedRun | null;
  /** KPI shown in the charts. */
  chartKpi: string;
  /** Swept factor on the x axis of the KPI-against-factor chart. */
  factor: string;
  notice: Notice | null;
}

/** The store of the Experiments view. */
export type ExperimentsStore = StoreApi<ExperimentsState>;

/** The state before the server answered. */
function initialExperimentsState(): ExperimentsState {
  return {
    connection: 'connecting',
    role: 'viewer',
    hasToken: false,
    scenes: [],
    files: [],
    workers: 0,
    queueWorkers: null,
    form: newForm(''),
    loaded: null,
    launchError: null,
    launching: false,
    progress: null,
    progressAt: 0,
    lastEnd: null,
    history: [],
    opened: null,
    chartKpi: 'throughputPerHour',
    factor: '',
    notice: null,
  };
}

/** Creates the store (one per page; tests make their own). */
export function createExperimentsStore(): ExperimentsStore {
  return createStore<ExperimentsState>(() => initialExperimentsState());
}

/** Changes the form (clears a launch error: it spoke of the form as it was). */
export function editForm(store: ExperimentsStore, edit: (form: ExperimentForm) => ExperimentForm): void {
  store.setState((s) => ({ form: edit(s.form), launchError: null }));
}
