import { z } from 'zod';
import type { EnergyPrices, MeterSpec, TariffWindow } from '../sim/index.ts';
import { daysSchema, timeOfDay } from './clockSchema.ts';
import { positiveDurationSchema } from './distSchema.ts';

/**
 * The scene's `energy` block: one price or a time-of-use tariff, a demand charge, a CO2 intensity (one value or
 * 24 hourly ones) and the line's base load. Keys fixed by issue 14; docs/energy.md explains them.
 */

const money = z.number().min(0, { error: 'must be >= 0' }).max(1e6);
const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEK_MINUTES = 7 * 24 * 60;

const windowSchema = z.strictObject({ kind: z.literal('window'), days: daysSchema, from: timeOfDay, to: timeOfDay, price: money });
const defaultSchema = z.strictObject({ kind: z.literal('default'), default: money });

/**
 * A tariff entry: a default when it has that key, else a window. Tagged before parsing, so a window's mistakes are
 * told as a window's (an untagged union would only say that the entry matches neither form).
 */
const entrySchema = z.preprocess(
  (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, kind: 'default' in v ? 'default' : 'window' } : v),
  z.discriminatedUnion('kind', [windowSchema, defaultSchema]),
);

/** Where a minute of the week is, as people read it: "tue 07:00". */
function minuteName(m: number): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${DAY_NAMES[Math.floor(m / 1440)]} ${pad(Math.floor((m % 1440) / 60))}:${pad(m % 60)}`;
}

/** Minutes of the week a window covers (Monday 00:00 = 0). */
function windowMinutes(w: Omit<TariffWindow, 'price'>): number[] {
  const from = Math.round(w.from / 60);
  let to = Math.round(w.to / 60);
  if (to <= from) to += 24 * 60;
  const out: number[] = [];
  for (const day of w.days) for (let m = from; m < to; m++) out.push((day * 1440 + m) % WEEK_MINUTES);
  return out;
}

const tariffSchema = z
  .array(entrySchema)
  .min(1)
  .superRefine((entries, ctx) => {
    const owner = new Int32Array(WEEK_MINUTES).fill(-1);
    const defaults = entries.flatMap((e, i) => ('default' in e ? [i] : []));
    if (defaults.length > 1)
      ctx.addIssue({
        code: 'custom',
        path: [defaults[1]!],
        message: `a second default (the first is entry ${defaults[0]})`,
        input: entries,
      });
    entries.forEach((e, i) => {
      if ('default' in e) return;
      for (const m of windowMinutes(e)) {
        const j = owner[m]!;
        if (j >= 0 && (entries[j] as { price: number }).price !== e.price) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `overlaps entry ${j} on ${minuteName(m)} with another price (${e.price} against ${(entries[j] as { price: number }).price})`,
            input: e,
          });
          return;
        }
        owner[m] = i;
      }
    });
    if (defaults.length === 0) {
      const gap = owner.indexOf(-1);
      if (gap >= 0)
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `the windows leave ${minuteName(gap)} without a price: add { default: PRICE } for the hours no window covers`,
          input: entries,
        });
    }
  });

export const energySchema = z
  .strictObject({
    pricePerKWh: money.optional(), // currency per kWh
    tariff: tariffSchema.optional(),
    demandCharge: z.strictObject({ perKW: money, window: positiveDurationSchema }).optional(),
    co2PerKWh: z
      .union([
        z.number().min(0).max(1e6),
        z.array(z.number().min(0).max(1e6)).length(24, { error: 'an hourly CO2 profile has 24 values, one per hour from 00:00' }),
      ])
      .optional(), // kg CO2 per kWh
    baseLoad: z.number().min(0, { error: 'must be >= 0' }).max(1e6).optional(), // kW while any shift is on
  })
  .superRefine((e, ctx) => {
    if (e.tariff !== undefined && e.pricePerKWh !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['pricePerKWh'],
        message: 'give pricePerKWh or tariff, not both (a flat price is a tariff with only { default: PRICE })',
        input: e,
      });
  });

type EnergyFile = z.output<typeof energySchema>;

/** The flat prices the run reports use without a meter. */
export function normalizeEnergyPrices(e: EnergyFile | undefined): EnergyPrices {
  const out: EnergyPrices = {};
  if (e?.pricePerKWh !== undefined) out.pricePerKWh = e.pricePerKWh;
  if (typeof e?.co2PerKWh === 'number') out.co2PerKWh = e.co2PerKWh;
  return out;
}

/** The engine's meter, for a scene with a tariff, a demand charge, an hourly CO2 profile or a base load; else undefined. */
export function normalizeMeter(e: EnergyFile | undefined): MeterSpec | undefined {
  if (!e || (e.tariff === undefined && e.demandCharge === undefined && !Array.isArray(e.co2PerKWh) && e.baseLoad === undefined))
    return undefined;
  const meter: MeterSpec = {};
  if (e.tariff !== undefined) {
    const windows = e.tariff.flatMap((t) => ('default' in t ? [] : [{ days: t.days, from: t.from, to: t.to, price: t.price }]));
    const given = e.tariff.find((t) => 'default' in t);
    meter.tariff = { windows, default: given && 'default' in given ? given.default : 0 };
  } else if (e.pricePerKWh !== undefined) meter.pricePerKWh = e.pricePerKWh;
  if (e.demandCharge !== undefined) meter.demandCharge = { ...e.demandCharge };
  if (e.co2PerKWh !== undefined) meter.co2PerKWh = e.co2PerKWh;
  if (e.baseLoad !== undefined) meter.baseLoad = e.baseLoad;
  return meter;
}
