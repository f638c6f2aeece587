/**
 * What the viewer benchmarks share (bench:live, bench:cluster): the 50-machine line at 60x, `twin serve` as a child
 * process, real socket.io-client viewers, and one measuring window: server CPU (share of one core, from /proc),
 * p50/p99 latency from the owner's send (frame.w) to receipt, bytes per second per viewer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Frame, type Snapshot } from '../../server/protocol/events.ts';

export const MACHINES = 50;
export const SPEED = 60;
export const BENCH_TOKEN = 'bench-token-1234';

/** Writes the benchmark line into `dir`; returns its path. */
export function writeBenchScene(dir: string): string {
  const stations = ['  - { id: IN, type: source }'];
  for (let i = 1; i <= MACHINES; i++) {
    if (i > 1) stations.push(`  - { id: B${i - 1}, type: buffer, capacity: 5 }`);
    stations.push(
      `  - { id: M${i}, type: machine, cycleTime: { dist: exponential, mean: 1s }, failures: { mtbf: 100s, mttr: 10s }, power: { working: 10, idle: 2, down: 0.5 } }`,
    );
  }
  stations.push('  - { id: OUT, type: sink }');
  const file = join(dir, 'bench-line.yaml');
  writeFileSync(file, `name: Bench ${MACHINES}-machine line\nrun: { horizon: 365d, seed: 1 }\nstations:\n${stations.join('\n')}\n`);
  return file;
}

/** The line as the JSON output names it. */
export const BENCH_LINE = `${MACHINES} machines in series with buffers of 5, exponential 1 s cycles, MTBF 100 s, MTTR 10 s`;

/** `twin serve` (with `args`) as a child process; resolves with its URL once it listens. */
export async function spawnServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; child: ChildProcess; output(): string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve', '--no-build', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TWIN_OPERATOR_TOKEN: BENCH_TOKEN, ...env },
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`server exited: ${out}`)));
  });
  return { url, child, output: () => out };
}

/** CPU time of a process so far, in clock ticks (100 per second). */
export function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

export const quantile = (sorted: number[], q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

export const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

/** One row of a sweep. */
export interface ViewerRow {
  viewers: number;
  /** Each server's CPU, as a share of one core. */
  serverCpuShareOfOneCore: number[];
  latencyP50Ms: number;
  latencyP99Ms: number;
  bytesPerSecondPerViewer: number;
  framesPerSecondPerViewer: number;
}

/** Viewers of one session, measured together. */
export interface ViewerPool {
  readonly viewers: Socket[];
  /** Connects a viewer to `url` and joins `session` (default: the server's default session). */
  add(url: string, session?: string): Promise<Socket>;
  /** Measures for `windowMs` with `pids` the servers whose CPU is read. */
  measure(windowMs: number, pids: number[]): Promise<ViewerRow>;
  close(): void;
}

export function createViewerPool(): ViewerPool {
  const viewers: Socket[] = [];
  const latencies: number[] = [];
  let bytes = 0;
  let measuring = false;
  return {
    viewers,
    async add(url, session) {
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
      await new Promise<void>((resolve, reject) =>
        s.emit('session:join', session ? { session } : {}, (res: { ok: boolean; error?: string; snapshot?: Snapshot }) =>
          res.ok ? resolve() : reject(new Error(res.error)),
        ),
      );
      viewers.push(s);
      return s;
    },
    async measure(windowMs, pids) {
      latencies.length = 0;
      bytes = 0;
      const cpu0 = pids.map(cpuTicks);
      const t0 = Date.now();
      measuring = true;
      await new Promise((r) => setTimeout(r, windowMs));
      measuring = false;
      const seconds = (Date.now() - t0) / 1000;
      const n = viewers.length;
      latencies.sort((a, b) => a - b);
      return {
        viewers: n,
        serverCpuShareOfOneCore: pids.map((pid, i) => round((cpuTicks(pid) - cpu0[i]!) / 100 / seconds, 3)),
        latencyP50Ms: quantile(latencies, 0.5),
        latencyP99Ms: quantile(latencies, 0.99),
        bytesPerSecondPerViewer: Math.round(bytes / seconds / n),
        framesPerSecondPerViewer: round(latencies.length / seconds / n, 1),
      };
    },
    close() {
      for (const v of viewers) v.close();
      viewers.length = 0;
    },
  };
}

/** The machine the figures were measured on. */
export const benchMachine = (): Record<string, unknown> => ({ cpu: cpus()[0]?.model, cores: cpus().length, node: process.version });

/** The largest viewer count whose p99 stayed under 100 ms. */
export const largestUnder100Ms = (rows: ViewerRow[]): number => {
  const ok = rows.filter((r) => r.latencyP99Ms < 100);
  return ok.length ? Math.max(...ok.map((r) => r.viewers)) : 0;
};
