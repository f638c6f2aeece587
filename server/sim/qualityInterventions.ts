import type { MachineSpec, SequenceSpec } from './spec.ts';
import type { Intervention, InterventionError } from './interventions.ts';
import type { Station, World } from './model/world.ts';

/** Live changes of quality and product mix: inspection rates, defect rates, a source's mix and release order. */
export function setQuality(
  w: World,
  st: Station,
  iv: Extract<Intervention, { param: 'detect' | 'falseReject' | 'defects' | 'mix' | 'sequence' }>,
): InterventionError {
  void w;
  void st;
  return `${iv.param} cannot be changed live yet`;
}

export type { SequenceSpec, MachineSpec };
