import { readFile, stat } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { describeZodError } from '../protocol/schemas.ts';
import { CSV_COLUMNS, plantEventSchema, type PlantEvent } from './event.ts';
import { plantLogFormat } from './write.ts';

/** A plant event log as read: its events in time order, and the file line each came from. */
export interface PlantLog {
  events: PlantEvent[];
  /** `lines[k]` is the 1-based line of events[k] in the file (for messages that point at it). */
  lines: number[];
  /** When the file had ISO 8601 timestamps: the first one, which is t = 0. */
  origin?: string | undefined;
}

/** One problem with a log file: where, and what. */
export interface PlantLogIssue {
  line: number;
  message: string;
}

/** A log that cannot be read; the message lists the first issues, one per line, as `<file>:<line>: <message>`. */
export class PlantLogError extends Error {
  override name = 'PlantLogError';
  constructor(
    readonly file: string,
    readonly issues: PlantLogIssue[],
  ) {
    super(issues.map((i) => `${file}:${i.line}: ${i.message}`).join('\n'));
  }
}

/** Issues reported before giving up: a file with a wrong column is wrong on every line. */
const MAX_ISSUES = 20;
/** Largest log read at once (bytes): a week of a 30-station line at one event a second per station is about 1 GB... of which a calibration needs far less. */
export const MAX_LOG_BYTES = 256 * 1024 * 1024;

/** A raw record (a parsed JSON line or CSV row) before validation. */
type Raw = Record<string, unknown>;

const NUMERIC = new Set(['t', 'unit', 'level']);

/** A CSV row as a record: empty cells left out, numeric columns as numbers (a `t` that is not a number stays text: a timestamp). */
function csvRecord(row: Record<string, string>): Raw {
  const out: Raw = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === '') continue;
    out[key] = NUMERIC.has(key) && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return out;
}

/** Raw records with their line numbers, from JSON lines. */
function jsonRecords(text: string, issues: PlantLogIssue[]): Array<{ raw: Raw; line: number }> {
  const out: Array<{ raw: Raw; line: number }> = [];
  const lines = text.split('\n');
  for (let k = 0; k < lines.length && issues.length < MAX_ISSUES; k++) {
    const source = lines[k]!.trim();
    if (source === '' || source.startsWith('#')) continue;
    try {
      const value: unknown = JSON.parse(source);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        issues.push({ line: k + 1, message: 'expected a JSON object' });
      else out.push({ raw: value as Raw, line: k + 1 });
    } catch {
      issues.push({ line: k + 1, message: 'not valid JSON' });
    }
  }
  return out;
}

/** Raw records with their line numbers, from CSV with a header row naming CSV_COLUMNS (any order, unused ones left out). */
function csvRecords(text: string, issues: PlantLogIssue[]): Array<{ raw: Raw; line: number }> {
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    const parsed: unknown = parseCsv(text, { columns: true, info: true, skip_empty_lines: true, trim: true, comment: '#' });
    rows = parsed as typeof rows; // `info: true` wraps each record with where it was
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    issues.push({ line: e.lines ?? 1, message: `not valid CSV: ${e.message ?? String(error)}` });
    return [];
  }
  const header = rows[0] ? Object.keys(rows[0].record) : [];
  const unknown = header.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) {
    issues.push({
      line: 1,
      message: `unknown column ${unknown.map((c) => `"${c}"`).join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}`,
    });
    return [];
  }
  return rows.map((row) => ({ raw: csvRecord(row.record), line: row.info.lines }));
}

/**
 * Parses a plant event log: JSON lines, or CSV when `file` ends in `.csv`. Events are validated one by one, and
 * put in time order (stable: events of the same instant keep the file's order, which is the order they happened in).
 * Throws a PlantLogError naming the file, line and problem of the first issues.
 */
export function parsePlantLog(text: string, file: string): PlantLog {
  const issues: PlantLogIssue[] = [];
  const records = plantLogFormat(file) === 'csv' ? csvRecords(text, issues) : jsonRecords(text, issues);
  const stamped = records.length > 0 && typeof records[0]!.raw['t'] === 'string';
  // t = 0 is the earliest timestamp, not the first line's: exports are not always in time order
  const stamps = stamped ? records.map(({ raw }) => (typeof raw['t'] === 'string' ? Date.parse(raw['t']) : NaN)) : [];
  const originMs = stamps.reduce((a, b) => (Number.isFinite(b) && b < a ? b : a), Infinity);
  const parsed: Array<{ event: PlantEvent; line: number }> = [];
  for (const [k, { raw, line }] of records.entries()) {
    if (issues.length >= MAX_ISSUES) break;
    if (stamped) {
      const ms = stamps[k]!;
      if (!Number.isFinite(ms)) {
        issues.push({ line, message: `t: expected an ISO 8601 timestamp like the first line's, got ${JSON.stringify(raw['t'])}` });
        continue;
      }
      raw['t'] = (ms - originMs) / 1000;
    }
    const result = plantEventSchema.safeParse(raw);
    if (result.success) parsed.push({ event: result.data, line });
    else issues.push({ line, message: describeZodError(result.error) });
  }
  if (issues.length > 0) throw new PlantLogError(file, issues.slice(0, MAX_ISSUES));
  if (parsed.length === 0) throw new PlantLogError(file, [{ line: 1, message: 'no events in the log' }]);
  // a stable sort: Array.prototype.sort is stable
  parsed.sort((a, b) => a.event.t - b.event.t);
  return {
    events: parsed.map((p) => p.event),
    lines: parsed.map((p) => p.line),
    ...(stamped ? { origin: new Date(originMs).toISOString() } : {}),
  };
}

/** Reads and parses a log file; a missing, unreadable or oversized file is a PlantLogError too. */
export async function readPlantLog(file: string): Promise<PlantLog> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_LOG_BYTES) throw new PlantLogError(file, [{ line: 1, message: `larger than ${MAX_LOG_BYTES / 1024 / 1024} MB` }]);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof PlantLogError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new PlantLogError(file, [{ line: 1, message: code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})` }]);
  }
  return parsePlantLog(text, file);
}
