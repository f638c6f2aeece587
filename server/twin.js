#!/usr/bin/env node
// The `twin` command: loads the TypeScript CLI in this same process through tsx's loader, so signals
// (Ctrl-C) and exit codes belong to the real program, with no build step and no wrapper process.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
