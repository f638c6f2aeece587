import type { EnergyPrices, LineSpec, RunSpec, StationId } from '../sim/index.ts';

/** Where a station stands on the floor. */
export interface Placement {
  x: number; // m
  z: number; // m
  rotation: number; // radians about the vertical axis (degrees in the file)
}

/** A loaded, validated and normalized scene: everything the engine and the 3D view need. */
export interface Scene {
  file: string;
  name: string;
  description?: string | undefined;
  line: LineSpec;
  run: RunSpec;
  energy: EnergyPrices;
  /** Position of every station on the floor (m); stations missing from the file's layout are placed automatically along x. */
  layout: Record<StationId, Placement>;
}
