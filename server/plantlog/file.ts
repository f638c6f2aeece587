import { closeSync, openSync, writeSync } from 'node:fs';
import type { PlantEvent } from './event.ts';
import { CSV_HEADER, eventCsvRow, eventJsonLine, plantLogFormat } from './write.ts';

/** A plant log being written: events go out in blocks, so a month of a line's events never sits in memory. */
export interface PlantLogFile {
  readonly emit: (event: PlantEvent) => void;
  /** Writes what is left and closes the file; returns the number of events written. */
  readonly close: () => number;
}

/** Lines buffered before a write. */
const BLOCK = 10_000;

/** Creates (or replaces) `path`: JSON lines, or CSV with a header when it ends in `.csv`. */
export function createPlantLogFile(path: string): PlantLogFile {
  const csv = plantLogFormat(path) === 'csv';
  const fd = openSync(path, 'w');
  let block: string[] = csv ? [CSV_HEADER] : [];
  let count = 0;
  const flush = (): void => {
    if (block.length > 0) writeSync(fd, block.join('\n') + '\n');
    block = [];
  };
  return {
    emit: (event) => {
      block.push(csv ? eventCsvRow(event) : eventJsonLine(event));
      count++;
      if (block.length >= BLOCK) flush();
    },
    close: () => {
      flush();
      closeSync(fd);
      return count;
    },
  };
}
