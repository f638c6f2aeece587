import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom, mutatedScene } from './mutate.ts';

/**
 * Scene fuzz (issue 11): a few hundred scenes mutated from the bundled ones (seeded: the same files every run) go
 * through `twin run`. Each must end with exit 0 or 2, never show a stack trace, and a successful run's JSON holds no
 * null (JSON's NaN). They run in-process in child batches (test/fuzz/runBatch.ts) with a deadline, so a hang fails
 * the test, naming the file, instead of hanging it; a few also run as real `twin` processes.
 */

const SEED = 20261202;
const COUNT = 250;
const BATCHES = 3;
const BATCH_DEADLINE_MS = 120_000;

const dir = mkdtempSync(join(os.tmpdir(), 'twin-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  file: string;
  code: number;
  stdout: string;
  stderr: string;
}

function scenes(): string[] {
  const bases = readdirSync('scenes')
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parse(readFileSync(join('scenes', f), 'utf8')) as Record<string, never>);
  const rnd = createRandom(SEED);
  return Array.from({ length: COUNT }, (_, n) => {
    const { name, text } = mutatedScene(rnd.pick(bases), rnd, n);
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  });
}

/** Runs a batch in a child process; rejects naming the file in progress when the deadline passes. */
function runBatch(files: string[], k: number): Promise<Result[]> {
  const resultsFile = join(dir, `results-${k}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('test/fuzz/runBatch.ts'), resultsFile, ...files], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let progress = '';
  child.stderr.on('data', (chunk: Buffer) => (progress += chunk.toString()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const current = progress.trim().split('\n').pop();
      reject(new Error(`batch ${k} passed its ${BATCH_DEADLINE_MS} ms deadline at "${current}"`));
    }, BATCH_DEADLINE_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`batch ${k} exited with ${code}: ${progress.slice(-2000)}`));
      else resolvePromise(JSON.parse(readFileSync(resultsFile, 'utf8')) as Result[]);
    });
  });
}

const STACK = /\n\s+at .+[:(]/;

function check(r: Result): void {
  const name = r.file.slice(dir.length + 1);
  expect([0, 2], `${name}: exit ${r.code}\n${r.stderr.slice(0, 2000)}`).toContain(r.code);
  expect(r.stdout + r.stderr, `${name}: a stack trace`).not.toMatch(STACK);
  expect(r.stderr, name).not.toMatch(/internal error/);
  if (r.code === 0) {
    expect(r.stdout, `${name}: null (NaN) in the results`).not.toMatch(/null|NaN/);
    expect(() => JSON.parse(r.stdout) as unknown, name).not.toThrow();
  } else expect(r.stderr, name).toMatch(/^error: /);
}

describe('scene fuzz', () => {
  const files = scenes();

  it(
    `${COUNT} mutated scenes: exit 0 or 2, no stack trace, no NaN or null`,
    async () => {
      const batches = Array.from({ length: BATCHES }, (_, k) => files.filter((_, i) => i % BATCHES === k));
      const results: Result[] = [];
      for (const [k, batch] of batches.entries()) results.push(...(await runBatch(batch, k)));
      expect(results).toHaveLength(COUNT);
      for (const r of results) check(r);
      // the mutations reach both outcomes: files the twin runs and files it refuses
      expect(results.filter((r) => r.code === 0).length).toBeGreaterThan(10);
      expect(results.filter((r) => r.code === 2).length).toBeGreaterThan(COUNT / 2);
    },
    BATCHES * BATCH_DEADLINE_MS,
  );

  it('the same through real `twin` processes (a few)', () => {
    for (const file of files.slice(0, 4)) {
      const r = spawnSync(
        process.execPath,
        [resolve('server/twin.js'), 'run', file, '--horizon', '1h', '--warmup', '0', '--json', '--no-timing'],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      check({ file, code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
    }
  }, 240_000);
});
