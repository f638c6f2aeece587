/**
 * Deadlines of the browser tests (ms), in a module without imports so vite.config.ts can read them too.
 * They are generous on purpose: they must hold on a loaded two-core machine where Chromium renders WebGL in
 * software (SwiftShader). Tests poll their conditions, so a passing run never waits for a deadline; only a
 * broken one does.
 */

/**
 * A page's first WebGL frame (measured on a loaded two-core machine: 20 to 30 s, almost all of it SwiftShader
 * compiling the scene's shader programs while the page's main thread waits).
 */
export const FIRST_FRAME_MS = 90_000;

/**
 * Any other condition a page reaches by itself (a server round trip, a React render, a few frames, a KPI frame
 * 1 s apart), and any page action. A loaded machine renders a few frames a second: a click (which waits for
 * the element to be stable over two frames) took over 30 s there.
 */
export const STEP_MS = 60_000;

/** One browser test: a few first frames and steps in a row (the training scenario took up to 160 s on a loaded machine). */
export const BROWSER_TEST_MS = 400_000;

/** Building the app and starting the server and the browser, once per file. */
export const SETUP_MS = 180_000;

/** Starting experiment worker threads and running a tiny experiment (a few one-hour replications) on them. */
export const EXPERIMENT_MS = 90_000;
