/**
 * Live-server benchmark (`npm run bench:live`): starts the real server as a child process on loopback with a
 * 50-machine line at 60x, connects N real socket.io-client viewers to its default session, and reports per N:
 * server CPU (share of one core, from /proc), p50/p99 latency from the server's send (frame.w) to receipt,
 * bytes per second per viewer, and the largest N whose p99 stays under 100 ms. One JSON object on stdout.
 * Viewers and server share this 2-core machine, so the clients' own CPU load is part of the latency seen.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Frame } from '../../server/protocol/events.ts';

const MACHINES = 50;
const SPEED = 60;
const STEPS = (process.env.BENCH_VIEWERS ?? '50,100,200,350,500,700').split(',').map(Number);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6000);

function lineYaml(): string {
  const stations = ['  - { id: IN, type: source }'];
  for (let i = 1; i <= MACHINES; i++) {
    if (i > 1) stations.push(`  - { id: B${i - 1}, type: buffer, capacity: 5 }`);
    stations.push(
      `  - { id: M${i}, type: machine, cycleTime: { dist: exponential, mean: 1s }, failures: { mtbf: 100s, mttr: 10s }, power: { working: 10, idle: 2, down: 0.5 } }`,
    );
  }
  stations.push('  - { id: OUT, type: sink }');
  return `name: Bench ${MACHINES}-machine line\nrun: { horizon: 365d, seed: 1 }\nstations:\n${stations.join('\n')}\n`;
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 per second)
}

const quantile = (sorted: number[], q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'linetwin-bench-'));
  const scene = join(dir, 'bench-line.yaml');
  writeFileSync(scene, lineYaml());
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli.ts', 'serve', '--no-build', '--port', '0', '--scene', scene, '--speed', String(SPEED)],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TWIN_OPERATOR_TOKEN: 'bench-token-1234' } },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`server exited: ${out}`)));
  });
  const viewers: Socket[] = [];
  const latencies: number[] = [];
  let bytes = 0;
  let measuring = false;
  const addViewer = async (): Promise<void> => {
    const s = io(url, { auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true });
    s.io.on('open', () =>
      s.io.engine.on('packet', (p: { data?: unknown }) => {
        if (measuring && typeof p.data === 'string') bytes += p.data.length;
      }),
    );
    s.on('sim:frame', (f: Frame) => {
      if (measuring) latencies.push(Date.now() - f.w);
    });
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    await new Promise<void>((resolve) => s.emit('session:join', {}, () => resolve()));
    viewers.push(s);
  };
  const results: Array<Record<string, number>> = [];
  for (const n of STEPS) {
    while (viewers.length < n) await addViewer();
    await new Promise((r) => setTimeout(r, 1000)); // settle after the joins
    latencies.length = 0;
    bytes = 0;
    const cpu0 = cpuTicks(child.pid!),
      t0 = Date.now();
    measuring = true;
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    measuring = false;
    const seconds = (Date.now() - t0) / 1000;
    const cpu = (cpuTicks(child.pid!) - cpu0) / 100 / seconds;
    latencies.sort((a, b) => a - b);
    const row = {
      viewers: n,
      serverCpuShareOfOneCore: round(cpu, 3),
      latencyP50Ms: quantile(latencies, 0.5),
      latencyP99Ms: quantile(latencies, 0.99),
      bytesPerSecondPerViewer: Math.round(bytes / seconds / n),
      framesPerSecondPerViewer: round(latencies.length / seconds / n, 1),
    };
    results.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
  for (const v of viewers) v.close();
  child.kill('SIGINT');
  const ok = results.filter((r) => r.latencyP99Ms! < 100);
  console.log(
    JSON.stringify(
      {
        machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version },
        line: `${MACHINES} machines in series with buffers of 5, exponential 1 s cycles, MTBF 100 s, MTTR 10 s`,
        speed: SPEED,
        windowSeconds: WINDOW_MS / 1000,
        steps: results,
        largestViewersWithP99Under100Ms: ok.length ? Math.max(...ok.map((r) => r.viewers!)) : 0,
      },
      null,
      2,
    ),
  );
}

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
