import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import { runReplication } from '../../server/scene/run.ts';
import { plantLogObserver } from '../../server/plantlog/record.ts';
import { parsePlantLog, PlantLogError, readPlantLog, type PlantLog } from '../../server/plantlog/read.ts';
import { checkPlantLog } from '../../server/plantlog/check.ts';
import { createPlantLogFile } from '../../server/plantlog/file.ts';
import type { PlantEvent } from '../../server/plantlog/event.ts';
import { twin } from '../helpers/cli.ts';

const HORIZON = 4 * 3600;
const dir = mkdtempSync(join(tmpdir(), 'plantlog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A run of the two-machine line from 0 (no warm-up, so the report covers the whole log) with its recorded events. */
async function recordedRun(): Promise<{ events: PlantEvent[]; report: ReturnType<typeof runReplication> }> {
  const scene = await loadScene('scenes/two-machine.yaml');
  const events: PlantEvent[] = [];
  const report = runReplication(
    scene,
    { horizon: HORIZON, warmup: 0, seed: 7, replication: 0 },
    plantLogObserver(scene.line, (e) => events.push(e)),
  );
  return { events, report };
}

/** Seconds a single-unit machine spent in each state, from its state events, up to the horizon. */
function stateSeconds(events: PlantEvent[], station: string): Map<string, number> {
  const out = new Map<string, number>();
  let state = '';
  let since = 0;
  for (const e of events) {
    if (e.station !== station || e.event !== 'state') continue;
    if (state) out.set(state, (out.get(state) ?? 0) + e.t - since);
    state = e.state;
    since = e.t;
  }
  out.set(state, (out.get(state) ?? 0) + HORIZON - since);
  return out;
}

function expectIssue(fn: () => unknown, pattern: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PlantLogError);
  expect((error as Error).message).toMatch(pattern);
}

describe('the plant event log recorded from a simulation', async () => {
  const { events, report } = await recordedRun();

  it('counts the parts, scrap and faults the run reports, station by station', () => {
    for (const id of ['M1', 'M2']) {
      const parts = events.filter((e) => e.station === id && e.event === 'part');
      expect(parts.length, id).toBe(report.stations[id]!.processed);
      expect(parts.filter((e) => e.event === 'part' && e.result === 'scrap').length, id).toBe(report.stations[id]!.scrap);
      expect(events.filter((e) => e.station === id && e.event === 'fault').length, id).toBe(report.stations[id]!.failures);
    }
    expect(report.stations['M1']!.failures).toBeGreaterThan(50); // MTBF 90 s over 4 h: the log has something to say
    expect(report.stations['M2']!.scrap).toBeGreaterThan(0);
  });

  it('gives the state shares of the report when its state events are integrated over time', () => {
    for (const id of ['M1', 'M2']) {
      const seconds = stateSeconds(events, id);
      for (const [state, share] of Object.entries(report.stations[id]!.stateShare))
        expect(seconds.get(state) ?? 0, `${id} ${state}`).toBeCloseTo(share * HORIZON, 6);
    }
  });

  it("follows the buffer's level: its maximum and time-weighted mean are the report's", () => {
    const levels = events.filter((e): e is Extract<PlantEvent, { event: 'level' }> => e.station === 'B1' && e.event === 'level');
    let area = 0;
    let level = 0;
    let since = 0;
    for (const e of levels) {
      area += level * (e.t - since);
      level = e.level;
      since = e.t;
    }
    area += level * (HORIZON - since);
    expect(Math.max(...levels.map((e) => e.level))).toBe(report.stations['B1']!.levelMax);
    expect(area / HORIZON).toBeCloseTo(report.stations['B1']!.levelMean, 6);
  });

  it('reads back the same events from JSON lines and from CSV, and passes the check against its scene', async () => {
    const scene = await loadScene('scenes/two-machine.yaml');
    for (const name of ['log.jsonl', 'log.csv']) {
      const file = createPlantLogFile(join(dir, name));
      for (const e of events) file.emit(e);
      expect(file.close()).toBe(events.length);
      const log: PlantLog = await readPlantLog(join(dir, name));
      expect(log.events, name).toEqual(events);
      expect(() => checkPlantLog(log, scene.line, name)).not.toThrow();
    }
  });
});

describe('reading a plant log', () => {
  it('names the line and the problem of each bad record', () => {
    const text = ['{"t":0,"station":"M1","event":"state","state":"working"}', 'not json', '{"t":-1,"station":"M1","event":"repair"}'].join(
      '\n',
    );
    expectIssue(() => parsePlantLog(text, 'bad.jsonl'), /bad\.jsonl:2: not valid JSON[\s\S]*bad\.jsonl:3: .*t/);
    expectIssue(() => parsePlantLog('{"t":1,"station":"M1","event":"explode"}', 'x.jsonl'), /x\.jsonl:1:/);
    expectIssue(() => parsePlantLog('', 'empty.jsonl'), /empty\.jsonl:1: no events/);
    expectIssue(
      () => parsePlantLog('t,station,event\n2026-03-01T06:00:00Z,M1,repair\nyesterday,M1,repair\n', 's.csv'),
      /s\.csv:3: t: expected an ISO 8601 timestamp/,
    );
  });

  it('refuses a CSV column it does not know, naming the columns it does', () => {
    expectIssue(
      () => parsePlantLog('time,station,event\n0,M1,repair\n', 'plc.csv'),
      /plc\.csv:1: unknown column "time"; the columns are t, station/,
    );
  });

  it('turns ISO 8601 timestamps into seconds since the earliest, and sorts by time keeping the order of equal times', () => {
    const text = [
      't,station,event,state',
      '2026-03-01T06:00:10Z,M1,state,working',
      '2026-03-01T06:00:00Z,M1,state,starved',
      '2026-03-01T06:00:10Z,M1,state,down',
    ].join('\n');
    const log = parsePlantLog(text, 'plc.csv');
    expect(log.origin).toBe('2026-03-01T06:00:00.000Z');
    expect(log.events.map((e) => [e.t, e.event === 'state' ? e.state : ''])).toEqual([
      [0, 'starved'],
      [10, 'working'],
      [10, 'down'],
    ]);
    expect(log.lines).toEqual([3, 2, 4]);
  });

  it('says so for a file that is missing', async () => {
    await expect(readPlantLog(join(dir, 'nowhere.jsonl'))).rejects.toThrow(/nowhere\.jsonl:1: no such file/);
  });

  it('checks a log against its scene: stations, units, levels and products', async () => {
    const scene = await loadScene('scenes/two-machine.yaml');
    const text = [
      '{"t":0,"station":"M9","event":"state","state":"working"}',
      '{"t":1,"station":"M1","event":"part","unit":3}',
      '{"t":2,"station":"B1","event":"level","level":6}',
      '{"t":3,"station":"B1","event":"part"}',
      '{"t":4,"station":"M2","event":"part","product":"widget"}',
    ].join('\n');
    expectIssue(
      () => checkPlantLog(parsePlantLog(text, 'l.jsonl'), scene.line, 'l.jsonl'),
      /l\.jsonl:1: no station "M9"[\s\S]*:2: M1 has 1 unit \(0 to 0\), not unit 3[\s\S]*:3: B1 holds at most 5 parts, not 6[\s\S]*:4: B1 is a buffer: part events are for machines[\s\S]*:5: the line has no products/,
    );
  });

  it("checks a conveyor's level against its capacity (length / pitch), as the mirror books it", async () => {
    const scene = await loadScene('scenes/bottling.yaml');
    const log = (level: number) => parsePlantLog(`{"t":0,"station":"CV1","event":"level","level":${level}}`, 'c.jsonl');
    expect(() => checkPlantLog(log(1500), scene.line, 'c.jsonl')).not.toThrow();
    expectIssue(() => checkPlantLog(log(5000), scene.line, 'c.jsonl'), /c\.jsonl:1: CV1 holds at most 1500 parts, not 5000/);
  });
});

describe('twin run --event-log', () => {
  it('writes the log of the run it reports', async () => {
    const out = join(dir, 'cli.csv');
    const run = await twin('run', 'scenes/two-machine.yaml', '--horizon', '1h', '--warmup', '0', '--json', '--event-log', out);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { stations: Record<string, { processed: number }> };
    const log = parsePlantLog(readFileSync(out, 'utf8'), out);
    expect(log.events.filter((e) => e.station === 'M2' && e.event === 'part').length).toBe(report.stations['M2']!.processed);
  });

  it('refuses to write one log for several replications, and a path it cannot write, with exit code 2', async () => {
    const oneHour = ['run', 'scenes/two-machine.yaml', '--horizon', '1h', '--warmup', '0'];
    const many = await twin(...oneHour, '--replications', '2', '--event-log', join(dir, 'x.jsonl'));
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/--event-log writes the log of one run/);
    const bad = await twin(...oneHour, '--event-log', join(dir, 'no', 'such', 'dir.jsonl'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--event-log .*cannot be written \(ENOENT\)/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
