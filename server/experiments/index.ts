/** What-if experiments: variants x sweeps x replications with common random numbers, compared, ranked and kept. */
export { loadExperiment, readExperimentSource } from './load.ts';
export {
  prepareExperiment,
  type DesignPoint,
  type ExperimentDesign,
  type ExperimentSource,
  type ExperimentSettings,
  type Factor,
} from './design.ts';
export { runExperiment, type ExperimentOptions, type ExperimentProgress, type ExperimentResult, type OptimizeSummary } from './run.ts';
export { createInlineExecutor, createWorkerPool, type JobExecutor } from './pool.ts';
export { ExperimentError, ExperimentInterrupted } from './errors.ts';
export type { ResumeChoice, StreamMode } from './persist.ts';
