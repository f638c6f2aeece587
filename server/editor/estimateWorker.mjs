// Worker-thread entry of the estimate pool. Plain JavaScript so that Node starts it as is, under tsx, vitest or plain
// node (as server/experiments/worker.mjs); it loads the TypeScript loop through tsx's own API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./estimateWorker.ts', import.meta.url);
