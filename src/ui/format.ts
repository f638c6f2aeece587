/** Number and time formatting for panels: one place, so every panel speaks the same units. */

/** Sim time as `hh:mm:ss`, with `Day n` in front from the second day on. */
export function formatSimTime(t: number): string {
  if (!Number.isFinite(t) || t < 0) return '--:--:--';
  const s = Math.floor(t);
  const day = Math.floor(s / 86400);
  const hh = Math.floor((s % 86400) / 3600),
    mm = Math.floor((s % 3600) / 60),
    ss = s % 60;
  const clock = `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
  return day > 0 ? `Day ${day + 1} ${clock}` : clock;
}

/** A duration in s as `45 s`, `3.5 min` or `2.1 h`. */
export function formatDuration(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–';
  if (s < 1) return `${(s * 1000).toFixed(0)} ms`;
  if (s < 120) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** A share 0..1 as a percentage. */
export function formatPercent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(digits)} %`;
}

/** A number with thousands separators and up to `digits` decimals. */
export function formatNumber(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A speed factor as `60×` or `max`. */
export function formatSpeed(v: number | 'max' | undefined): string {
  if (v === undefined) return '–';
  return v === 'max' ? 'max' : `${v >= 1 ? formatNumber(v, 1) : v}×`;
}

/** Chart axis labels of sim times: `mm:ss` within the first hour, `hh:mm` within two days, else `d3 hh:mm`. */
export function formatAxisTicks(ticks: readonly number[]): string[] {
  const max = ticks.length ? Math.max(...ticks) : 0;
  const two = (v: number): string => String(Math.floor(v)).padStart(2, '0');
  return ticks.map((t) => {
    if (max < 3600) return `${two(t / 60)}:${two(t % 60)}`;
    const hm = `${two((t % 86400) / 3600)}:${two((t % 3600) / 60)}`;
    return max < 2 * 86400 ? `${two(t / 3600)}:${two((t % 3600) / 60)}` : `d${Math.floor(t / 86400) + 1} ${hm}`;
  });
}
