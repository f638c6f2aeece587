/**
 * Live-server benchmark (`npm run bench:live`): starts the real server as a child process on loopback with a
 * 50-machine line at 60x, connects N real socket.io-client viewers to its default session, and reports per N:
 * server CPU (share of one core, from /proc), p50/p99 latency from the server's send (frame.w) to receipt,
 * bytes per second per viewer, and the largest N whose p99 stays under 100 ms. One JSON object on stdout.
 * Viewers and server share this 2-core machine, so the clients' own CPU load is part of the latency seen.
 * The measuring code is shared with bench:cluster (viewers.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const STEPS = (process.env.BENCH_VIEWERS ?? '50,100,200,350,500,700').split(',').map(Number);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6000);

async function main(): Promise<void> {
  const scene = writeBenchScene(mkdtempSync(join(tmpdir(), 'linetwin-bench-')));
  const server = await spawnServer([
    '--port',
    '0',
    '--scene',
    scene,
    '--speed',
    String(SPEED),
    '--no-persist',
    '--max-connections-per-address',
    '5000',
  ]);
  const pool = createViewerPool();
  const results: ViewerRow[] = [];
  for (const n of STEPS) {
    while (pool.viewers.length < n) await pool.add(server.url);
    await new Promise((r) => setTimeout(r, 1000)); // settle after the joins
    const row = await pool.measure(WINDOW_MS, [server.child.pid!]);
    results.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
  pool.close();
  server.child.kill('SIGINT');
  console.log(
    JSON.stringify(
      {
        machine: benchMachine(),
        line: BENCH_LINE,
        speed: SPEED,
        windowSeconds: WINDOW_MS / 1000,
        steps: results.map((r) => ({ ...r, serverCpuShareOfOneCore: r.serverCpuShareOfOneCore[0] })),
        largestViewersWithP99Under100Ms: largestUnder100Ms(results),
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
