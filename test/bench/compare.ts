/**
 * Engine speed against an earlier commit, measured in the same run: `npm run bench:compare -- <git-ref> [rounds]`.
 * Prints ONE JSON object on stdout; progress goes to stderr.
 *
 * The machines are shared and noisy, so absolute rates from two runs at different times cannot be compared; this
 * checks out `<git-ref>` into a temporary worktree (sharing this node_modules) and alternates fresh child processes
 * of both trees' `test/bench/engine.ts --child linetwin <seed>` (the standard line, after an untimed warm-up run in
 * the same child), so both see the same load. It reports each side's median part-steps per wall and per CPU
 * second and the median of the per-round ratios (this tree / the ref), the figure the 3 % rule is checked on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';

interface Sample {
  wallSeconds: number;
  cpuSeconds: number;
  partSteps: number;
}

const ref = process.argv[2];
const rounds = Number(process.argv[3] ?? 12);
if (!ref || !Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write('usage: npm run bench:compare -- <git-ref> [rounds]\n');
  process.exit(2);
}

const here = resolve('.');
const git = (...args: string[]): string => {
  const r = spawnSync('git', args, { cwd: here, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
};

function runChild(tree: string, seed: number): Sample {
  const file = join(tree, 'test/bench/engine.ts');
  const r = spawnSync(process.execPath, [...process.execArgv, file, '--child', 'linetwin', String(seed)], {
    cwd: tree,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`benchmark child in ${tree} exited with ${r.status ?? r.signal}`);
  return JSON.parse(r.stdout) as Sample;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const base = mkdtempSync(join(os.tmpdir(), 'linetwin-bench-'));
try {
  const sha = git('rev-parse', ref);
  git('worktree', 'add', '--detach', base, sha);
  if (!existsSync(join(base, 'node_modules'))) symlinkSync(join(here, 'node_modules'), join(base, 'node_modules'));
  const ours: Sample[] = [];
  const theirs: Sample[] = [];
  for (let k = 0; k < rounds; k++) {
    const seed = 1 + (k % 7);
    // alternate which side goes first, so a trend in the machine's load favours neither
    const order = k % 2 === 0 ? [here, base] : [base, here];
    for (const tree of order) (tree === here ? ours : theirs).push(runChild(tree, seed));
    process.stderr.write(`[compare] round ${k + 1}/${rounds}\n`);
  }
  const rate = (s: Sample): number => s.partSteps / s.wallSeconds;
  const cpuRate = (s: Sample): number => s.partSteps / s.cpuSeconds;
  const result = {
    ref,
    refCommit: sha,
    head: git('rev-parse', 'HEAD'),
    rounds,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? '',
      node: process.version,
      loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    },
    head_partStepsPerSecond: Math.round(median(ours.map(rate))),
    ref_partStepsPerSecond: Math.round(median(theirs.map(rate))),
    head_partStepsPerCpuSecond: Math.round(median(ours.map(cpuRate))),
    ref_partStepsPerCpuSecond: Math.round(median(theirs.map(cpuRate))),
    /** Median over rounds of (this tree's rate / the ref's rate): above 0.97 keeps the 3 % rule. */
    speedRatioWall: Math.round(median(ours.map((s, i) => rate(s) / rate(theirs[i]!))) * 1000) / 1000,
    speedRatioCpu: Math.round(median(ours.map((s, i) => cpuRate(s) / cpuRate(theirs[i]!))) * 1000) / 1000,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  spawnSync('git', ['worktree', 'remove', '--force', base], { cwd: here });
  rmSync(base, { recursive: true, force: true });
}
