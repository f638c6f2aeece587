import type { MachineState } from './states.ts';

/**
 * The KPI report of one run as it leaves the server: `twin run --json` prints it, experiments aggregate it, and the
 * browser's Experiments view reads it. The engine's report must stay assignable to it (the experiment handlers'
 * acknowledgements are typed with it, so the compiler holds the two together). Times in seconds, energy in kWh.
 */

/** ISO 22400 OEE and its factors. */
export interface OeeWire {
  availability: number;
  performance: number;
  quality: number;
  oee: number;
}

/** One station's KPIs (machine-only figures are 0 for other station types). */
export interface StationKpisWire {
  type: string;
  stateShare: Record<MachineState, number>;
  oee: OeeWire;
  processed: number;
  good: number;
  scrap: number;
  reworked: number;
  failures: number;
  injectedFaults: number;
  mtbfObserved: number;
  mttrObserved: number;
  energyKWh: number;
  bottleneckShare: number;
  bottleneckSole: number;
  bottleneckShifting: number;
  meanActivePeriod: number;
  levelMean: number;
  levelMax: number;
  /** Machines with wear, a maintenance policy or a crew (docs/maintenance.md). */
  maintenance?: MaintenanceWire;
  /** Stations that make defects, inspect or repair. */
  quality?: { defectsMade: number; detected: number; missed: number; falseRejects: number; repaired: number };
  /** Machines with product changeovers: count and unit-seconds of setup per product pair, keyed "A->B". */
  changeovers?: Record<string, { count: number; time: number }>;
}

/** Defects through the line (issue 13): escapes reach a sink; first-pass and final yield are shares of parts ended. */
export interface QualityWire {
  defectsMade: number;
  detected: number;
  falseRejects: number;
  escapes: number;
  escapePpm: number;
  firstPassYield: number;
  finalYield: number;
  repaired: number;
}

/** One product's output over the measured period. */
export interface ProductWire {
  good: number;
  scrap: number;
  throughputPerHour: number;
  leadTimeMean: number;
}

/** Failures, services and warnings of one machine; warnings scored on the run-to-failure twin when a policy acts. */
export interface MaintenanceWire {
  randomFailures: number;
  wearOutFailures: number;
  services: number;
  warnings: number;
  warningsRight: number;
  falseAlarms: number;
  precision: number;
  recall: number;
  meanLeadTime: number;
  failuresAvoided: number;
  /** Down time waiting for a technician, unit-seconds. */
  waitingForCrew: number;
  scoredOn: 'run' | 'run-to-failure twin';
  /** Only when the machine's maintenance is priced. */
  cost?: MaintenanceCostWire;
}

/** Maintenance cost over the measured period (docs/maintenance.md): unit-hours and money in the scene's currency. */
export interface MaintenanceCostWire {
  technicianHours: number;
  downtimeHours: number;
  technician: number;
  spareParts: number;
  downtime: number;
  total: number;
}

/** A maintenance crew over the measured period. */
export interface CrewWire {
  size: number;
  utilisation: number;
  jobs: number;
  meanWait: number;
  /** Jobs waiting for a technician now. */
  waiting: number;
  /** Technicians at work now (the live crew panel). */
  busy: number;
}

/** The line's KPIs over the measured period (after warm-up). */
export interface KpiReportWire {
  simTime: number;
  observedSeconds: number;
  throughputPerHour: number;
  produced: { good: number; scrap: number };
  wipMean: number;
  leadTimeMean: number;
  leadTimeP95: number;
  oee: number;
  bottleneck: string;
  bottleneckAverage: string;
  energy: { kWh: number; kWhPerGoodPart: number; peakKW: number; powerNowKW: number; cost?: number; co2Kg?: number };
  stations: Record<string, StationKpisWire>;
  crews?: Record<string, CrewWire>;
  /** Sum over the priced machines; only when one is priced. */
  maintenanceCost?: MaintenanceCostWire;
  /** Lines with products, by product id. */
  products?: Record<string, ProductWire>;
  /** Lines with defects, inspections or repairs. */
  quality?: QualityWire;
}
