import type { MeterSpec } from '../spec.ts';
import type { KW, KWh, Seconds } from '../types.ts';

/**
 * The line's electricity meter, as a utility sees it: the power drawn (machines plus the base load while any
 * shift is on) integrated minute by minute on the weekly clock, each minute priced at the tariff in force and
 * weighted by the hour's CO2 intensity; the demand is the mean power over a sliding window of whole minutes (the
 * highest window ending at a minute boundary). Created only for lines with a tariff, demand charge, CO2 profile or
 * base load: others have no meter and pay nothing (energy per state is booked by the units as before).
 */

const MINUTE = 60;
const WEEK_MINUTES = 7 * 24 * 60;

export interface Meter {
  /** Price per kWh for each minute of the week (Monday 00:00 = 0); null: unpriced. */
  price: Float64Array | null;
  /** kg CO2 per kWh for each hour of the day; null: none given. */
  co2: Float64Array | null;
  baseLoad: KW;
  /** Minutes in the demand window; 0 without a demand charge. */
  windowMinutes: number;
  perKW: number;
  /** Time up to which the meter has integrated, and the minute it is in. */
  at: Seconds;
  /** Energy of the minute in progress, and the part of it drawn before the warm-up ended (in its demand, not its cost). */
  minuteKWh: KWh;
  excludedKWh: KWh;
  /** Energies of the last windowMinutes closed minutes (a ring) and their sum. */
  ring: Float64Array;
  ringAt: number;
  ringSum: KWh;
  /** Measured since warm-up. */
  kWh: KWh;
  baseLoadKWh: KWh;
  cost: number;
  co2Kg: number;
  peakKW: KW;
  peakEnd: Seconds;
}

/** A weekly price table from tariff windows; minutes no window covers take the default. */
export function priceTable(spec: NonNullable<MeterSpec['tariff']>): Float64Array {
  const table = new Float64Array(WEEK_MINUTES).fill(spec.default);
  for (const w of spec.windows) {
    const from = Math.round(w.from / MINUTE);
    let to = Math.round(w.to / MINUTE);
    if (to <= from) to += 24 * 60; // past midnight
    for (const day of w.days) for (let m = from; m < to; m++) table[(day * 24 * 60 + m) % WEEK_MINUTES] = w.price;
  }
  return table;
}

export function createMeter(spec: MeterSpec): Meter {
  const price = spec.tariff
    ? priceTable(spec.tariff)
    : spec.pricePerKWh !== undefined
      ? new Float64Array(WEEK_MINUTES).fill(spec.pricePerKWh)
      : null;
  const co2 =
    spec.co2PerKWh === undefined
      ? null
      : new Float64Array(typeof spec.co2PerKWh === 'number' ? new Array(24).fill(spec.co2PerKWh) : spec.co2PerKWh);
  const windowMinutes = spec.demandCharge ? Math.max(1, Math.round(spec.demandCharge.window / MINUTE)) : 0;
  return {
    price,
    co2,
    baseLoad: spec.baseLoad ?? 0,
    windowMinutes,
    perKW: spec.demandCharge?.perKW ?? 0,
    at: 0,
    minuteKWh: 0,
    excludedKWh: 0,
    ring: new Float64Array(Math.max(1, windowMinutes)),
    ringAt: 0,
    ringSum: 0,
    kWh: 0,
    baseLoadKWh: 0,
    cost: 0,
    co2Kg: 0,
    peakKW: 0,
    peakEnd: 0,
  };
}

/** Books energy drawn at `kW` (with `base` kW of it base load) over [at, t) into the minute in progress. */
function book(m: Meter, t: Seconds, kW: KW, base: KW): void {
  const hours = (t - m.at) / 3600;
  m.minuteKWh += kW * hours;
  m.baseLoadKWh += base * hours;
  m.at = t;
}

/** The minute ending at `end` (s) is complete: price it, weigh its CO2, and slide the demand window. */
function closeMinute(m: Meter, end: Seconds): void {
  const e = m.minuteKWh;
  const counted = e - m.excludedKWh;
  const minute = Math.round(end / MINUTE) - 1;
  m.kWh += counted;
  if (m.price !== null) m.cost += counted * m.price[minute % WEEK_MINUTES]!;
  if (m.co2 !== null) m.co2Kg += counted * m.co2[Math.floor(minute / 60) % 24]!;
  if (m.windowMinutes > 0) {
    m.ringSum += e - m.ring[m.ringAt]!;
    m.ring[m.ringAt] = e;
    m.ringAt = m.ringAt + 1 === m.windowMinutes ? 0 : m.ringAt + 1;
    const kW = (m.ringSum * 60) / m.windowMinutes;
    if (kW > m.peakKW + 1e-12) {
      m.peakKW = kW;
      m.peakEnd = end;
    }
  }
  m.minuteKWh = 0;
  m.excludedKWh = 0;
}

/** Integrates the line's power `kW` (base load included when `lineOn`) from the meter's time to `now`. */
export function advanceMeter(m: Meter, now: Seconds, machinesKW: KW, lineOn: boolean): void {
  const base = lineOn ? m.baseLoad : 0;
  const kW = machinesKW + base;
  for (;;) {
    const boundary = (Math.floor(m.at / MINUTE) + 1) * MINUTE;
    if (boundary > now) break;
    book(m, boundary, kW, base);
    closeMinute(m, boundary);
  }
  book(m, now, kW, base);
}

/** Starts measuring again (end of warm-up): the demand window keeps its minutes, the peak starts from 0. */
export function restartMeter(m: Meter): void {
  m.kWh = 0;
  m.baseLoadKWh = 0;
  m.cost = 0;
  m.co2Kg = 0;
  m.peakKW = 0;
  m.peakEnd = 0;
  // the minute in progress started before the warm-up ended: its part before now is in its demand, not in its cost
  m.excludedKWh = m.minuteKWh;
}

/** What the meter has measured, the minute in progress included (a pure read). */
export interface MeterReading {
  kWh: KWh;
  baseLoadKWh: KWh;
  cost?: number;
  co2Kg?: number;
  /** Highest mean power over the demand window, when it ended, and the charge on it. */
  peakWindowKW?: KW;
  /** The price in force now (per kWh), when priced. */
  priceNow?: number;
  peakWindowEnd?: Seconds;
  demandCharge?: number;
}

/** The reading at `now`, integrating the time since the meter's last update on a copy (the meter is unchanged). */
export function readMeterAt(meter: Meter, now: Seconds, machinesKW: KW, lineOn: boolean): MeterReading {
  const m = { ...meter, ring: meter.ring.slice() };
  advanceMeter(m, now, machinesKW, lineOn);
  return readMeter(m);
}

function readMeter(m: Meter): MeterReading {
  const minute = Math.floor(m.at / MINUTE);
  const e = m.minuteKWh - m.excludedKWh;
  const reading: MeterReading = { kWh: m.kWh + e, baseLoadKWh: m.baseLoadKWh };
  if (m.price !== null) {
    reading.priceNow = m.price[minute % WEEK_MINUTES]!;
    reading.cost = m.cost + e * reading.priceNow;
  }
  if (m.co2 !== null) reading.co2Kg = m.co2Kg + e * m.co2[Math.floor(minute / 60) % 24]!;
  if (m.windowMinutes > 0) {
    reading.peakWindowKW = m.peakKW;
    reading.peakWindowEnd = m.peakEnd;
    reading.demandCharge = m.peakKW * m.perKW;
  }
  return reading;
}
