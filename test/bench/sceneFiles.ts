import { LIMITS } from '../../server/scene/index.ts';

/**
 * Scene texts at the limits (server/scene/limits.ts), for `npm run bench:scenes` and the limit tests: the most
 * stations as a serial line, the most stations as parallel branches with an explicit flow, and the most machine units.
 */

/** A serial line of `n` stations (source, machines and buffers, sink), without flow or layout (automatic placement). */
export function serialScene(n: number = LIMITS.stations, json = false): string {
  const stations: object[] = [{ id: 'IN', type: 'source', interarrival: { dist: 'exponential', mean: '1s' } }];
  for (let i = 1; i < n - 1; i++) {
    stations.push(
      i % 2 === 1
        ? {
            id: `M${i}`,
            type: 'machine',
            cycleTime: { dist: 'lognormal', mean: '0.9s', sd: '0.2s' },
            failures: { mtbf: '2h', mttr: '5min' },
          }
        : { id: `B${i}`, type: 'buffer', capacity: 5 },
    );
  }
  stations.push({ id: 'OUT', type: 'sink' });
  return write({ name: `serial ${n}`, run: { horizon: '1h' }, stations }, json);
}

/** `branches` parallel branches of machines between one source and one sink, linked by an explicit flow. */
export function branchedScene(n: number = LIMITS.stations, branches = 100, json = false): string {
  const perBranch = Math.floor((n - 2) / branches);
  const stations: object[] = [{ id: 'IN', type: 'source' }];
  const flow: Record<string, string[] | string> = { IN: [] };
  for (let b = 0; b < branches; b++) {
    for (let k = 0; k < perBranch; k++) {
      const id = `M${b}_${k}`;
      stations.push({ id, type: 'machine', cycleTime: '2s', servers: Math.floor(LIMITS.units / (branches * perBranch)) });
      if (k === 0) (flow.IN as string[]).push(id);
      flow[id] = k === perBranch - 1 ? 'OUT' : `M${b}_${k + 1}`;
    }
  }
  stations.push({ id: 'OUT', type: 'sink' });
  return write({ name: `branched ${n}`, run: { horizon: '1h' }, stations, flow }, json);
}

function write(scene: { name: string; run: object; stations: object[]; flow?: object }, json: boolean): string {
  if (json) return JSON.stringify(scene);
  // YAML: one flow mapping per station, as people write scene files
  const lines = [`name: ${scene.name}`, `run: ${JSON.stringify(scene.run)}`, 'stations:'];
  for (const s of scene.stations) lines.push(`  - ${JSON.stringify(s)}`);
  if (scene.flow) {
    lines.push('flow:');
    for (const [from, to] of Object.entries(scene.flow)) lines.push(`  ${from}: ${JSON.stringify(to)}`);
  }
  return lines.join('\n') + '\n';
}

/** A valid YAML scene of about `bytes` bytes made of many small nodes (the YAML parser's slowest input per byte). */
export function sizedScene(bytes: number): string {
  const head = `name: sized\nrun: { horizon: 1h }\nstations:\n  - { id: IN, type: source }\n`;
  const values = Array.from({ length: 200 }, (_, i) => 1 + (i % 9)).join(', ');
  const machine = (i: number): string => `  - { id: M${i}, type: machine, cycleTime: { dist: empirical, values: [${values}] } }\n`;
  let text = head;
  for (let i = 1; text.length + machine(i).length + 40 < bytes && i < LIMITS.stations - 2; i++) text += machine(i);
  return text + '  - { id: OUT, type: sink }\n';
}
