/**
 * Child process of the scene fuzz test: runs `twin run <file> --horizon 1h --warmup 0 --json --no-timing` in-process (the CLI's
 * own code path, without a process per file) for every file named on the command line, and writes one JSON array
 * of { file, code, stdout, stderr } to the results file given first. Before each file it writes `start <file>` to
 * stderr, so a parent that has to kill it on its deadline can say which file hung.
 */
import { writeFileSync } from 'node:fs';
import { main } from '../../server/cli.ts';

const [resultsFile, ...files] = process.argv.slice(2);
const results: Array<{ file: string; code: number; stdout: string; stderr: string }> = [];
const realStderr = process.stderr.write.bind(process.stderr);
for (const file of files) {
  realStderr(`start ${file}\n`);
  let stdout = '',
    stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = (chunk: unknown) => ((stdout += String(chunk)), true);
  process.stderr.write = (chunk: unknown) => ((stderr += String(chunk)), true);
  let code: number;
  try {
    code = await main(['run', file, '--horizon', '1h', '--warmup', '0', '--json', '--no-timing']);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  results.push({ file, code, stdout, stderr });
}
writeFileSync(resultsFile!, JSON.stringify(results));
