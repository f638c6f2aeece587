/**
 * The engine's public surface: everything outside server/sim/ imports from here and from nowhere else in the
 * folder (a lint rule holds it), so the engine's internals (world, units, calendar, streams) stay its own.
 */
export { createSimulation, type SimOptions, type Simulation } from './simulation.ts';
export type { SimObserver } from './observer.ts';
export type { LineState, UnitStart } from './lineState.ts';
export { lineStateOf } from './lineStateOf.ts';
export { checkLineState } from './initialCheck.ts';
export { createMirror, type Mirror, type MirrorEvent, type MirrorOptions } from './mirror.ts';
export { SimulationError, LIVELOCK_STEP } from './guard.ts';
export type { PartInPlace, SimView, StationView } from './view.ts';
export type { Intervention, InterventionError } from './interventions.ts';
export type {
  ChangeoverReport,
  CrewReport,
  MaintenanceCost,
  MaintenanceReport,
  OeeFactors,
  ProductReport,
  QualityReport,
  SimReport,
  StationQuality,
  StationReport,
} from './kpi.ts';
export { erfc, meanOf } from './distributions.ts';
export { isMachineSpec, storeCapacity } from './spec.ts';
export { releaseMix } from './model/products.ts';
export type {
  BufferSpec,
  ConveyorSpec,
  DistSpec,
  EnergyPrices,
  FailureSpec,
  LineSpec,
  MachineSpec,
  MaintenanceCostSpec,
  MaintenanceSpec,
  PowerSpec,
  PowerChange,
  RoutingRule,
  RunSpec,
  SetupSpec,
  ShiftWindow,
  SinkSpec,
  SourceSpec,
  StationSpec,
  CrewSpec,
  MaintenancePolicy,
  SignalSpec,
  WearSpec,
  ChangeoverSpec,
  InspectionSpec,
  ProductSpec,
  SequenceSpec,
  MeterSpec,
  TariffWindow,
} from './spec.ts';
export {
  MACHINE_STATES,
  isMachineType,
  PART_DEFECTIVE,
  PART_REJECTED,
  PART_REWORKED,
  MAX_PRODUCTS,
  PART_TAG_PRODUCT,
  type MachineType,
  type KW,
  type KWh,
  type MachineState,
  type Seconds,
  type StateCode,
  type StationId,
  type StationType,
} from './types.ts';
