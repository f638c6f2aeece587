import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { BROWSER_TEST_MS, SETUP_MS, STEP_MS } from './test/e2e/deadlines.ts';

/**
 * One config for the browser app (vite dev/build) and the test runner (vitest).
 * The browser reaches the shared wire protocol through the `@protocol` alias (also in tsconfig `paths`).
 */
const protocolDir = fileURLToPath(new URL('./server/protocol', import.meta.url));
/** The twin server `npm run dev` talks to (`npx twin serve` in another terminal). */
const twinUrl = `http://127.0.0.1:${process.env.TWIN_PORT ?? '8080'}`;

/**
 * Test files of the slow project, chosen by measured duration (each takes 10 s or more on two cores): the browser
 * tests, and the experiment tests that run many replications on worker threads or kill and resume a CLI run.
 */
const SLOW_TESTS = [
  'test/e2e/**/*.test.ts',
  // several twin processes, Redis and nginx; experiments on a Redis queue with spawned `twin worker`s (a SIGKILLed
  // worker's job coming back after its lock expires, a heartbeat expiring: 12-25 s each)
  'test/scale/**/*.test.ts',
  'test/client/kpiChartAxis.test.ts',
  'test/experiments/statistics.test.ts',
  'test/experiments/resume.test.ts',
  'test/experiments/workers.test.ts',
  'test/live/experimentLoad.test.ts',
  'test/fuzz/scenes.test.ts', // 250 scene files in child batches: about 80 s on two heavily loaded cores
  'test/fuzz/socket.test.ts',
  'test/training/warning.test.ts', // six runs of the CNC cell through two days of wear: 8-20 s with the machine loaded
  'test/sim/initialState.test.ts', // 500 paired forks and every bundled scene forked mid-run: about 17 s loaded
];

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [{ find: /^@protocol\/(.*)$/, replacement: `${protocolDir}/$1` }],
  },
  server: {
    // `npm run dev`: the twin server runs separately; Socket.IO goes through the dev proxy.
    // The twin server answers only to its own name and origin (DNS rebinding), so the proxy speaks to it as that
    // origin; Vite's own host check keeps pages of other names away from the dev server.
    proxy: { '/socket.io': { target: twinUrl, ws: true, changeOrigin: true, headers: { origin: twinUrl } } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: true, // prints gzip sizes: the bundle budget is read from this output
    chunkSizeWarningLimit: 800, // three alone is ~740 kB minified; it is its own cached chunk
    rolldownOptions: {
      output: {
        // Vendor chunks change rarely and cache well; the app chunk changes on every release. A group also
        // takes the dependencies of what it captures, so groups run leaf-first: three and react before r3f.
        // `$initial` keeps lazily imported code (the glTF loader) out of the chunks every page loads.
        codeSplitting: {
          groups: [
            { name: 'three', test: /node_modules[\\/]three[\\/]/, priority: 50 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 40 },
            {
              name: 'r3f',
              test: /node_modules[\\/](@react-three|three-stdlib|camera-controls|its-fine|suspend-react|react-use-measure|react-reconciler|zustand|maath|@use-gesture|@monogrid|troika-[a-z-]+|meshline|stats-gl|stats\.js)[\\/]/,
              priority: 30,
              tags: ['$initial'],
            },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10, tags: ['$initial'] },
          ],
        },
      },
    },
  },
  test: {
    // Shared by both projects (each extends this): environment, setup, and the aliases that keep one copy of three.
    environment: 'node',
    setupFiles: ['test/setup.ts'],
    alias: [
      // fiber and test-renderer have no `exports` map; without these, vitest loads their CJS builds and a second three.
      { find: /^@react-three\/fiber$/, replacement: '@react-three/fiber/dist/react-three-fiber.esm.js' },
      { find: /^@react-three\/test-renderer$/, replacement: '@react-three/test-renderer/dist/react-three-test-renderer.esm.js' },
    ],
    server: { deps: { inline: [/@react-three\//] } },
    // `npm run test:unit` runs the first project, `npm run test:slow` the second, `npm test` both (units first).
    projects: [
      // vitest's default of one file at a time on two cores: two at a time measured the same (38 s) on a quiet machine
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, ...SLOW_TESTS],
          // CPU-bound tests (10,000 seeded draws, replications) take 1 s on a quiet machine and 5 s or more when CI
          // shares the two cores: deadlines that hold under load, still short enough to catch a hang
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW_TESTS,
          globalSetup: ['test/e2e/globalSetup.ts'], // builds dist/ once for every browser test file
          sequence: { groupOrder: 1 }, // after the unit project, never beside it
          maxWorkers: 1, // one file at a time: software WebGL and the experiment workers each want both cores
          testTimeout: BROWSER_TEST_MS,
          hookTimeout: SETUP_MS,
          expect: { poll: { timeout: STEP_MS } },
        },
      },
    ],
  },
});
