/**
 * Scale-out benchmark (`npm run bench:cluster`, docs/scale-live.md): the bench:live line (50 machines at 60x) and
 * N viewers, first on one process, then spread evenly over two `twin serve --redis` processes sharing a
 * redis-server started for the run. Both processes serve the cluster's default session, which runs on the first:
 * the second's viewers get its frames through the Socket.IO Redis adapter. Per N: p50/p99 latency from the
 * owner's send (frame.w) to receipt (overall and per process), bytes per second per viewer, each server's CPU; and
 * the largest N with p99 under 100 ms, one process next to two. Then the owner is killed (SIGKILL) and the time
 * until the other process's viewers have the line again is measured. One JSON object on stdout.
 * Everything (Redis, both servers, the viewers) shares this machine's cores.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startRedis } from '../helpers/redis.ts';
import {
  BENCH_LINE,
  benchMachine,
  createViewerPool,
  largestUnder100Ms,
  spawnServer,
  SPEED,
  writeBenchScene,
  type ViewerRow,
} from './viewers.ts';
import { DEFAULT_OWNER_TTL_MS } from '../../server/live/cluster.ts';

const STEPS = (process.env.BENCH_VIEWERS ?? '50,100,200,350,500,700').split(',').map(Number);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6000);
const serveArgs = (scene: string): string[] => [
  '--port',
  '0',
  '--scene',
  scene,
  '--speed',
  String(SPEED),
  '--max-connections-per-address',
  '5000',
];

/** The sweep on one process, as bench:live runs it. */
async function single(scene: string): Promise<ViewerRow[]> {
  const server = await spawnServer([...serveArgs(scene), '--no-persist']);
  const pool = createViewerPool();
  const rows: ViewerRow[] = [];
  for (const n of STEPS) {
    while (pool.viewers.length < n) await pool.add(server.url);
    await new Promise((r) => setTimeout(r, 1000));
    rows.push(await pool.measure(WINDOW_MS, [server.child.pid!]));
    process.stderr.write(`single ${JSON.stringify(rows.at(-1))}\n`);
  }
  pool.close();
  server.child.kill('SIGINT');
  return rows;
}

/** The same sweep over two processes, then the owner's SIGKILL. */
async function cluster(scene: string): Promise<{ rows: Array<ViewerRow & { owner: ViewerRow; other: ViewerRow }>; takeover: object }> {
  const redis = await startRedis();
  try {
    const owner = await spawnServer([...serveArgs(scene), '--redis', redis.url]); // first: it runs the default session
    const other = await spawnServer([...serveArgs(scene), '--redis', redis.url]);
    const pids = [owner.child.pid!, other.child.pid!];
    const onOwner = createViewerPool();
    const onOther = createViewerPool();
    const rows: Array<ViewerRow & { owner: ViewerRow; other: ViewerRow }> = [];
    for (const n of STEPS) {
      while (onOwner.viewers.length + onOther.viewers.length < n) {
        const pool = onOwner.viewers.length <= onOther.viewers.length ? onOwner : onOther;
        await pool.add(pool === onOwner ? owner.url : other.url);
      }
      await new Promise((r) => setTimeout(r, 1000));
      const [a, b] = await Promise.all([onOwner.measure(WINDOW_MS, pids), onOther.measure(WINDOW_MS, pids)]);
      const row = { ...merge(a, b), owner: a, other: b };
      rows.push(row);
      process.stderr.write(`cluster ${JSON.stringify({ ...row, owner: undefined, other: undefined })}\n`);
    }
    // recovery: the owner dies; the other process's viewers wait for its key to expire and the rebuild
    onOwner.close();
    const watcher: Socket = onOther.viewers[0]!;
    const killedAt = Date.now();
    const snapshot = new Promise<number>((resolve) => watcher.once('sim:snapshot', () => resolve(Date.now() - killedAt)));
    const frame = new Promise<number>((resolve) => {
      const on = (f: { w: number }): void => {
        if (f.w <= killedAt) return;
        watcher.off('sim:frame', on);
        resolve(Date.now() - killedAt);
      };
      watcher.on('sim:frame', on);
    });
    owner.child.kill('SIGKILL');
    const [snapshotMs, frameMs] = await Promise.all([snapshot, frame]);
    // the takeover's own line may trail the snapshot it sent: poll for it (up to 10 s) rather than guess a wait
    const tookOver = /took over session main \(.*\) at simulated time ([\d.]+) s, rebuilt in (\d+) ms/;
    for (const until = Date.now() + 10_000; !tookOver.test(other.output()) && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 50));
    const rebuilt = tookOver.exec(other.output());
    onOther.close();
    other.child.kill('SIGINT');
    return {
      rows,
      takeover: {
        ownerTtlMs: DEFAULT_OWNER_TTL_MS,
        snapshotAfterKillMs: snapshotMs,
        firstFrameAfterKillMs: frameMs,
        rebuildMs: rebuilt ? Number(rebuilt[2]) : null,
        rebuiltToSimulatedTime: rebuilt ? Number(rebuilt[1]) : null,
      },
    };
  } finally {
    await redis.stop();
  }
}

/** Rows of two viewer groups measured over the same window, as one. */
function merge(a: ViewerRow, b: ViewerRow): ViewerRow {
  const n = a.viewers + b.viewers;
  const weigh = (x: number, y: number): number => Math.round((x * a.viewers + y * b.viewers) / n);
  return {
    viewers: n,
    serverCpuShareOfOneCore: a.serverCpuShareOfOneCore,
    latencyP50Ms: weigh(a.latencyP50Ms, b.latencyP50Ms), // approximate: the viewer-weighted mean of the two medians
    latencyP99Ms: Math.max(a.latencyP99Ms, b.latencyP99Ms), // an upper bound of the overall p99
    bytesPerSecondPerViewer: weigh(a.bytesPerSecondPerViewer, b.bytesPerSecondPerViewer),
    framesPerSecondPerViewer: Math.round(((a.framesPerSecondPerViewer * a.viewers + b.framesPerSecondPerViewer * b.viewers) / n) * 10) / 10,
  };
}

async function main(): Promise<void> {
  const scene = writeBenchScene(mkdtempSync(join(tmpdir(), 'linetwin-bench-')));
  const one = await single(scene);
  const two = await cluster(scene);
  // experiments over BullMQ workers (the other half of issue 17), when that benchmark is there
  const workersBench = join(import.meta.dirname, 'clusterWorkers.ts');
  const workers = existsSync(workersBench)
    ? await (import(workersBench) as Promise<{ benchWorkers(): Promise<unknown> }>).then((m) => m.benchWorkers())
    : undefined;
  console.log(
    JSON.stringify(
      {
        machine: benchMachine(),
        line: BENCH_LINE,
        speed: SPEED,
        windowSeconds: WINDOW_MS / 1000,
        singleProcess: { steps: one, largestViewersWithP99Under100Ms: largestUnder100Ms(one) },
        twoProcesses: {
          note: 'viewers split evenly; the session runs on the first process (owner), the other relays it through Redis',
          steps: two.rows,
          largestViewersWithP99Under100Ms: largestUnder100Ms(two.rows),
        },
        takeover: two.takeover,
        ...(workers !== undefined ? { workers } : {}),
      },
      null,
      2,
    ),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
