import { expect } from 'vitest';
import { parseScene, SceneError, type SceneIssue } from '../../server/scene/index.ts';

/** The README example, verbatim. */
export const EXAMPLE = `name: Two-machine line
run: { horizon: 30d, warmup: 1d, seed: 1 }
stations:
  - { id: IN, type: source }
  - id: M1
    type: machine
    cycleTime: { dist: exponential, mean: 1s }
    failures: { mtbf: 90s, mttr: 10s }
    power: { working: 12, starved: 3, blocked: 3, down: 0.5 }
  - { id: B1, type: buffer, capacity: 5 }
  - { id: M2, type: machine, cycleTime: { dist: exponential, mean: 1.2s }, scrap: 0.01 }
  - { id: OUT, type: sink }
layout: { M1: { x: 0, z: 0 }, B1: { x: 3, z: 0 }, M2: { x: 6, z: 0 } }
`;

/** A minimal valid scene with `middle` (YAML list items, indented two spaces) between a source and a sink. */
export function lineWith(middle: string, extra = ''): string {
  return `name: test\nstations:\n  - { id: IN, type: source }\n${middle}\n  - { id: OUT, type: sink }\n${extra}`;
}

/** Parse text that must fail; returns the SceneError. */
export function sceneError(text: string, file = 'bad.yaml'): SceneError {
  try {
    parseScene(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(SceneError);
    return error as SceneError;
  }
  throw new Error(`expected ${file} to be rejected`);
}

/** The one issue at `path`; fails the test if there is none. */
export function issueAt(error: SceneError, path: string): SceneIssue {
  const issue = error.issues.find((i) => i.path === path);
  if (!issue) throw new Error(`no issue at "${path}"; got:\n${error.message}`);
  return issue;
}
