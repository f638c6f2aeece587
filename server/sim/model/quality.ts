import type { LineSpec, MachineSpec } from '../spec.ts';
import type { RandomStream } from '../random.ts';
import type { Seconds } from '../types.ts';
import { isMachineType, PART_DEFECTIVE, PART_REJECTED, PART_REWORKED, PART_TAG_PRODUCT } from '../types.ts';
import { createTally, observe, resetTally, type Tally } from '../stats.ts';

/**
 * Defects carried by parts: machines make them (`defects`), inspections detect or miss them and reject good parts
 * by mistake (`inspection`), repair stations fix them (`repairs`), and a defective part that reaches a sink is an
 * escape. The flags live in the part's tag (parts.ts), so a part keeps them through buffers, conveyors and
 * assemblies. A line without any of these keys has no quality state and pays nothing.
 */

/** A station's quality behaviour and counters; null on stations that neither make, check nor repair defects. */
export interface StationQuality {
  /** Per product index: probability that this station makes the part defective; null: none. */
  defects: Float64Array | null;
  inspects: boolean;
  detect: number;
  falseReject: number;
  /** A rejected part is destroyed here (else it goes to the station's reject output, Station.reworkOut). */
  rejectScrap: boolean;
  /** Probability that a defective part leaves good; 0: not a repair station. */
  repairs: number;
  rngDefects: RandomStream;
  rngInspection: RandomStream;
  rngRepairs: RandomStream;
  defectsMade: number;
  detected: number;
  missed: number;
  falseRejects: number;
  repaired: number;
  /** Detections and false rejects of parts rejected or reworked before (upstream, or on an earlier pass): the line counts each part once. */
  detectedAgain: number;
  falseRejectsAgain: number;
}

const createsQuality = (m: MachineSpec): boolean => m.defects !== undefined || m.inspection !== undefined || m.repairs !== undefined;

/**
 * The quality of a machine station, or null without defects, inspection or repairs. `onRejectRoute`: the first
 * machine a rejected part reaches gets one anyway, to take the part's reject mark off (checkPart).
 */
export function createStationQuality(
  m: MachineSpec,
  streams: (purpose: 'defects' | 'inspection' | 'partRepairs') => RandomStream,
  onRejectRoute = false,
): StationQuality | null {
  if (!createsQuality(m) && !onRejectRoute) return null;
  return {
    defects: m.defects === undefined ? null : new Float64Array(m.defects),
    inspects: m.inspection !== undefined,
    detect: m.inspection?.detect ?? 0,
    falseReject: m.inspection?.falseReject ?? 0,
    rejectScrap: m.inspection?.reject === 'scrap',
    repairs: m.repairs ?? 0,
    rngDefects: streams('defects'),
    rngInspection: streams('inspection'),
    rngRepairs: streams('partRepairs'),
    defectsMade: 0,
    detected: 0,
    missed: 0,
    falseRejects: 0,
    repaired: 0,
    detectedAgain: 0,
    falseRejectsAgain: 0,
  };
}

export function resetStationQuality(q: StationQuality): void {
  q.defectsMade = 0;
  q.detected = 0;
  q.missed = 0;
  q.falseRejects = 0;
  q.repaired = 0;
  q.detectedAgain = 0;
  q.falseRejectsAgain = 0;
}

/** What becomes of a finished part at a station with quality. */
export const PASS = 0,
  REJECT_SCRAP = 1,
  REJECT_ROUTE = 2;

/**
 * A finished part at a station with quality: a repair first (it works on the part that came in), then the
 * station's own defects, then the inspection of the part as it leaves. Returns PASS or a rejection; updates the tag.
 */
export function checkPart(q: StationQuality, tags: Uint8Array, part: number): number {
  let tag = tags[part] as number;
  // a part rejected (or reworked) before counts once in the line's detections and false rejects
  const again = (tag & (PART_REJECTED | PART_REWORKED)) !== 0;
  if (q.repairs > 0 && (tag & PART_DEFECTIVE) !== 0) {
    tag |= PART_REWORKED;
    if (q.rngRepairs.next() < q.repairs) {
      tag &= ~PART_DEFECTIVE;
      q.repaired++;
    }
  }
  tag &= ~PART_REJECTED; // it has reached its reject route
  const defects = q.defects;
  if (defects !== null && (tag & PART_DEFECTIVE) === 0) {
    const p = defects[(tag / PART_TAG_PRODUCT) | 0] as number;
    if (p > 0 && q.rngDefects.next() < p) {
      tag |= PART_DEFECTIVE;
      q.defectsMade++;
    }
  }
  let verdict = PASS;
  if (q.inspects) {
    const x = q.rngInspection.next();
    if ((tag & PART_DEFECTIVE) !== 0) {
      if (x < q.detect) {
        q.detected++;
        if (again) q.detectedAgain++;
        verdict = q.rejectScrap ? REJECT_SCRAP : REJECT_ROUTE;
      } else q.missed++;
    } else if (x < q.falseReject) {
      q.falseRejects++;
      if (again) q.falseRejectsAgain++;
      verdict = q.rejectScrap ? REJECT_SCRAP : REJECT_ROUTE;
    }
    if (verdict !== PASS) tag |= PART_REJECTED | PART_REWORKED;
  }
  tags[part] = tag;
  return verdict;
}

/** Parts shipped at sinks and destroyed, by product and by quality; null on a line with one product and no quality keys. */
export interface Shipping {
  good: Float64Array; // per product: parts shipped (defective ones included: a sink cannot tell)
  scrap: Float64Array; // per product: parts destroyed
  leadTime: Tally[]; // per product
  escapes: number; // defective parts shipped
  firstPass: number; // good parts shipped never rejected nor repaired
}

/** Whether a line tracks products or quality (any product list, defect, inspection or repair key). */
export function tracksShipping(line: LineSpec): boolean {
  if (line.products !== undefined) return true;
  return line.stations.some((s) => isMachineType(s.type) && createsQuality(s as MachineSpec));
}

export function createShipping(products: number): Shipping {
  return {
    good: new Float64Array(products),
    scrap: new Float64Array(products),
    leadTime: Array.from({ length: products }, () => createTally()),
    escapes: 0,
    firstPass: 0,
  };
}

export function resetShipping(s: Shipping): void {
  s.good.fill(0);
  s.scrap.fill(0);
  for (const t of s.leadTime) resetTally(t);
  s.escapes = 0;
  s.firstPass = 0;
}

/** A part reached a sink after `leadTime`. */
export function ship(s: Shipping, tag: number, leadTime: Seconds): void {
  const product = (tag / PART_TAG_PRODUCT) | 0;
  s.good[product]!++;
  observe(s.leadTime[product]!, leadTime);
  if ((tag & PART_DEFECTIVE) !== 0) s.escapes++;
  else if ((tag & PART_REWORKED) === 0) s.firstPass++;
}

/** A part was destroyed (scrap, or rejected to scrap). */
export function destroy(s: Shipping, tag: number): void {
  s.scrap[(tag / PART_TAG_PRODUCT) | 0]!++;
}
