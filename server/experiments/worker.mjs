// Worker-thread entry. Plain JavaScript so that Node can start it as is, whether the parent runs under tsx,
// vitest or plain node (Node 20 ignores `--import tsx` in a worker's execArgv for the entry file); it loads
// the TypeScript job loop through tsx's own API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./jobWorker.ts', import.meta.url);
