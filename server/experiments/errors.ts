/** A problem with how an experiment was asked for (an unknown KPI, a run that cannot be resumed): bad input, not a bug. */
export class ExperimentError extends Error {
  override name = 'ExperimentError';
}

/** The run was stopped through its AbortSignal; the jobs finished before that are stored. */
export class ExperimentInterrupted extends Error {
  override name = 'ExperimentInterrupted';

  constructor(
    /** Stored run id, or undefined when nothing is stored. */
    readonly runId: number | undefined,
    /** Jobs whose results are kept (reused plus computed before the stop). */
    readonly kept: number,
    /** Jobs planned so far. */
    readonly total: number,
  ) {
    super(`experiment interrupted after ${kept} of ${total} jobs`);
  }
}

/** A job threw (bad input the design checks could not see, such as a line the engine stops): the same job fails the same way anywhere. */
export class JobFailedError extends Error {
  override name = 'JobFailedError';

  constructor(
    message: string,
    /** The job's key: point and replication. */
    readonly key: string,
    /** What the job threw, without its stack. */
    readonly reason: string,
  ) {
    super(message);
  }
}
