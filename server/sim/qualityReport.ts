import type { Seconds } from './types.ts';
import type { World } from './model/world.ts';
import type { ProductMachine } from './model/products.ts';
import type { StationQuality as QualityState } from './model/quality.ts';

/** Quality and product KPIs of the measured period (quality.ts, products.ts); docs/quality.md defines them. */

/** Defects made, and for inspections what they detected, missed and falsely rejected; for repair stations what they fixed. */
export interface StationQuality {
  defectsMade: number;
  /** Defective parts this inspection rejected. */
  detected: number;
  /** Defective parts this inspection passed. */
  missed: number;
  /** Good parts this inspection rejected. */
  falseRejects: number;
  /** Defective parts this station made good. */
  repaired: number;
}

/** Changeovers from one product to another at one machine (keyed "A->B" in StationReport.changeovers). */
export interface ChangeoverReport {
  count: number;
  /** Unit-seconds in setup for these changeovers. */
  time: Seconds;
}

/** Good output, throughput and lead time of one product. */
export interface ProductReport {
  good: number;
  scrap: number;
  throughputPerHour: number;
  leadTimeMean: Seconds;
}

/**
 * Defects through the line. `escapes`: defective parts that reached a sink; `escapePpm` = escapes per million
 * parts shipped; `firstPassYield` = parts shipped good without a rejection or repair / parts ended (shipped or
 * destroyed: in steady state the parts started); `finalYield` = good parts shipped / parts ended.
 */
export interface QualityReport {
  defectsMade: number;
  detected: number;
  falseRejects: number;
  escapes: number;
  escapePpm: number;
  firstPassYield: number;
  finalYield: number;
  repaired: number;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

export function stationQuality(q: QualityState): StationQuality {
  return { defectsMade: q.defectsMade, detected: q.detected, missed: q.missed, falseRejects: q.falseRejects, repaired: q.repaired };
}

/** Changeovers per product pair with a changeover time, keyed "A->B", in product order. */
export function changeoverReports(w: World, mix: ProductMachine): Record<string, ChangeoverReport> {
  const ids = w.line.products?.map((p) => p.id) ?? [];
  const out: Record<string, ChangeoverReport> = {};
  for (let from = 0; from < mix.products; from++)
    for (let to = 0; to < mix.products; to++) {
      const k = from * mix.products + to;
      if (mix.changeover[k] === null) continue;
      out[`${ids[from] ?? from}->${ids[to] ?? to}`] = { count: mix.counts[k]!, time: mix.times[k]! };
    }
  return out;
}

export function productReports(w: World, observed: Seconds): Record<string, ProductReport> {
  const s = w.shipping!;
  return Object.fromEntries(
    (w.line.products ?? []).map((p, i) => [
      p.id,
      { good: s.good[i]!, scrap: s.scrap[i]!, throughputPerHour: ratio(s.good[i]! * 3600, observed), leadTimeMean: s.leadTime[i]!.mean },
    ]),
  );
}

export function qualityReport(w: World): QualityReport {
  const s = w.shipping!;
  let defectsMade = 0,
    detected = 0,
    falseRejects = 0,
    repaired = 0;
  for (const st of w.stations) {
    const q = st.quality;
    if (q === null) continue;
    defectsMade += q.defectsMade;
    detected += q.detected - q.detectedAgain;
    falseRejects += q.falseRejects - q.falseRejectsAgain;
    repaired += q.repaired;
  }
  const ended = w.good + w.scrap;
  return {
    defectsMade,
    detected,
    falseRejects,
    escapes: s.escapes,
    escapePpm: ratio(s.escapes * 1e6, w.good),
    firstPassYield: ratio(s.firstPass, ended),
    finalYield: ratio(w.good - s.escapes, ended),
    repaired,
  };
}
