import { CSV_COLUMNS, type PlantEvent } from './event.ts';

/** One event as a JSON line (no newline). Numbers keep full precision: a mirrored simulation log replays exactly. */
export function eventJsonLine(event: PlantEvent): string {
  return JSON.stringify(event);
}

/** The CSV header line. */
export const CSV_HEADER = CSV_COLUMNS.join(',');

/** A CSV cell, quoted (RFC 4180) only when it must be. */
const cell = (value: string | number | undefined): string => {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One event as a CSV row. */
export function eventCsvRow(event: PlantEvent): string {
  const cells = event as Partial<Record<(typeof CSV_COLUMNS)[number], string | number>>;
  return CSV_COLUMNS.map((column) => cell(cells[column])).join(',');
}

/** Which form a file name asks for: CSV for `.csv`, JSON lines otherwise. */
export function plantLogFormat(file: string): 'csv' | 'jsonl' {
  return file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
}
