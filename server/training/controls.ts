import type { Scene } from '../scene/index.ts';
import { isMachineType, type Intervention, type DistSpec, type MachineSpec } from '../sim/index.ts';
import type { TraineeAction, TraineeControl } from '../protocol/training.ts';

/**
 * What trainees may do on the line: only the actions a scenario lists, on the stations it lists. Each
 * allowed action becomes an ordinary intervention (so it is logged and replayable like an operator's).
 */

/** A trainee's request. */
export interface ActRequest {
  action: TraineeAction;
  station: string;
  percent?: number | undefined;
}

/** The intervention for an allowed request, or why it is not allowed. */
export function interventionFor(controls: readonly TraineeControl[], req: ActRequest, scene: Scene): Intervention | string {
  const control = controls.find((c) => c.action === req.action && (c.stations.length === 0 || c.stations.includes(req.station)));
  if (!control)
    return `this scenario does not let trainees ${req.action === 'speed' ? 'change the speed of' : req.action === 'service' ? 'start a service of' : req.action} ${req.station}`;
  const spec = scene.line.stations.find((s) => s.id === req.station);
  if (!spec || !isMachineType(spec.type)) return `${req.station} is not a machine`;
  const machine = spec as MachineSpec;
  switch (req.action) {
    case 'repair':
      return { type: 'repair', station: req.station };
    case 'service':
      return { type: 'service', station: req.station };
    case 'stop':
      return { type: 'fault', station: req.station, duration: control.duration };
    case 'speed': {
      const percents = control.percents ?? [];
      if (req.percent === undefined || !percents.includes(req.percent)) return `choose a speed of ${percents.join(', ')} %`;
      // relative to the nameplate cycle time, so repeated changes do not compound
      return { type: 'set', station: req.station, param: 'cycleTime', value: scaleDist(machine.cycleTime, 100 / req.percent) };
    }
  }
}

/** The distribution of `factor` times a sample of `d` (every time parameter scaled; shapes kept). */
export function scaleDist(d: DistSpec, factor: number): DistSpec {
  switch (d.dist) {
    case 'constant':
      return { dist: 'constant', value: d.value * factor };
    case 'exponential':
      return { dist: 'exponential', mean: d.mean * factor };
    case 'uniform':
      return { dist: 'uniform', min: d.min * factor, max: d.max * factor };
    case 'triangular':
      return { dist: 'triangular', min: d.min * factor, mode: d.mode * factor, max: d.max * factor };
    case 'normal':
      return { dist: 'normal', mean: d.mean * factor, sd: d.sd * factor };
    case 'lognormal':
      return { dist: 'lognormal', mean: d.mean * factor, sd: d.sd * factor };
    case 'weibull':
      return { dist: 'weibull', shape: d.shape, scale: d.scale * factor };
    case 'erlang':
      return { dist: 'erlang', k: d.k, mean: d.mean * factor };
    case 'empirical':
      return { dist: 'empirical', values: d.values.map((v) => v * factor), ...(d.weights ? { weights: d.weights } : {}) };
  }
}

/** A log line for an action: `Anna stopped WASH for 20 min`. */
export function describeAction(name: string, req: ActRequest, iv: Intervention): string {
  if (iv.type === 'fault')
    return `${name} stopped ${req.station}${iv.duration !== undefined ? ` for ${Math.round(iv.duration / 60)} min` : ''}`;
  if (iv.type === 'repair') return `${name} restarted ${req.station}`;
  if (iv.type === 'service') return `${name} started a service of ${req.station}`;
  return `${name} set ${req.station} to ${req.percent} % speed`;
}
