/**
 * Starting points for a new line: an empty floor and three small templates, as YAML text written the way the
 * bundled scenes are (each is valid per parseScene: test/editor/clientTemplates.test.ts). Every template has an
 * explicit `flow` and `layout`, so the plan shows exactly what the file says.
 */

/** A starting point offered on the editor's open screen. */
export interface SceneTemplate {
  key: string;
  title: string;
  /** What it shows, one line. */
  blurb: string;
  text: string;
}

/** An empty floor: no stations yet (the validator says what is missing until the line is complete). */
export const EMPTY_FLOOR = `# A new line: drag stations from the palette onto the floor, then connect outputs to inputs.
name: New line
run: { horizon: 1d, warmup: 1h, seed: 1 }
stations: []
flow: {}
layout: {}
`;

const SERIAL = `# Serial line: three machines decoupled by buffers of 5; M2 is the slowest and fails most.
name: Serial line
description: A source, three machines with buffers of 5 between them, and a sink.
run: { horizon: 7d, warmup: 4h, seed: 1 }
stations:
  - { id: IN, type: source }
  - id: M1
    type: machine
    model: cnc
    cycleTime: { dist: exponential, mean: 50s }
    failures: { mtbf: 4h, mttr: 10min }
    power: { working: 15, idle: 4, down: 1 }
  - { id: B1, type: buffer, capacity: 5 }
  - id: M2
    type: machine
    model: press
    cycleTime: { dist: exponential, mean: 55s }
    failures: { mtbf: 2h, mttr: 15min }
    power: { working: 22, idle: 6, down: 1 }
  - { id: B2, type: buffer, capacity: 5 }
  - { id: M3, type: machine, model: packer, cycleTime: { dist: normal, mean: 45s, sd: 5s }, scrap: 0.01 }
  - { id: OUT, type: sink }
flow:
  IN: M1
  M1: B1
  B1: M2
  M2: B2
  B2: M3
  M3: OUT
layout:
  IN: { x: -3, z: 0 }
  M1: { x: 0, z: 0 }
  B1: { x: 3, z: 0 }
  M2: { x: 6, z: 0 }
  B2: { x: 9, z: 0 }
  M3: { x: 12, z: 0 }
  OUT: { x: 15, z: 0 }
`;

const PARALLEL = `# A line with a parallel station: the slow oven runs twice, fed from one buffer (first free oven takes the part).
name: Line with a parallel station
description: A press feeds two ovens in parallel through a buffer; the ovens merge into a buffer before packing.
run: { horizon: 7d, warmup: 4h, seed: 1 }
stations:
  - { id: IN, type: source }
  - { id: PRESS, type: machine, model: press, cycleTime: 30s, failures: { mtbf: 3h, mttr: 10min } }
  - { id: B1, type: buffer, capacity: 10 }
  - { id: OVEN_A, type: machine, model: oven, cycleTime: { dist: triangular, min: 50s, mode: 55s, max: 70s } }
  - { id: OVEN_B, type: machine, model: oven, cycleTime: { dist: triangular, min: 50s, mode: 55s, max: 70s } }
  - { id: B2, type: buffer, capacity: 10 }
  - { id: PACK, type: machine, model: packer, cycleTime: 28s }
  - { id: OUT, type: sink }
flow:
  IN: PRESS
  PRESS: B1
  B1: [OVEN_A, OVEN_B]
  OVEN_A: B2
  OVEN_B: B2
  B2: PACK
  PACK: OUT
routing: { B1: first }
layout:
  IN: { x: -3, z: 0 }
  PRESS: { x: 0, z: 0 }
  B1: { x: 3, z: 0 }
  OVEN_A: { x: 6.5, z: -2 }
  OVEN_B: { x: 6.5, z: 2 }
  B2: { x: 10, z: 0 }
  PACK: { x: 13, z: 0 }
  OUT: { x: 16, z: 0 }
`;

const ASSEMBLY = `# Assembly: a housing and two covers per unit, each made on its own machine, joined by a robot.
name: Assembly line
description: Housings and covers are machined on separate machines and joined by an assembly robot (one housing, two covers).
run: { horizon: 7d, warmup: 4h, seed: 1 }
stations:
  - { id: HOUSINGS, type: source }
  - { id: COVERS, type: source }
  - { id: MILL, type: machine, model: cnc, cycleTime: { dist: exponential, mean: 40s } }
  - { id: STAMP, type: machine, model: press, cycleTime: { dist: exponential, mean: 18s } }
  - { id: BH, type: buffer, capacity: 5 }
  - { id: BC, type: buffer, capacity: 10 }
  - id: JOIN
    type: assembly
    model: assembly-robot
    cycleTime: 35s
    inputs: { BH: 1, BC: 2 } # one housing and two covers make a unit
  - { id: OUT, type: sink }
flow:
  HOUSINGS: MILL
  COVERS: STAMP
  MILL: BH
  STAMP: BC
  BH: JOIN
  BC: JOIN
  JOIN: OUT
layout:
  HOUSINGS: { x: -3, z: -2 }
  COVERS: { x: -3, z: 2 }
  MILL: { x: 0, z: -2 }
  STAMP: { x: 0, z: 2 }
  BH: { x: 3, z: -2 }
  BC: { x: 3, z: 2 }
  JOIN: { x: 6.5, z: 0 }
  OUT: { x: 9.5, z: 0 }
`;

/** The templates, in the order the open screen lists them. */
export const TEMPLATES: readonly SceneTemplate[] = [
  { key: 'serial', title: 'Serial line', blurb: 'Three machines with buffers between them', text: SERIAL },
  { key: 'parallel', title: 'Line with a parallel station', blurb: 'Two ovens in parallel, split and merged by buffers', text: PARALLEL },
  { key: 'assembly', title: 'Assembly', blurb: 'Two part streams joined by an assembly robot', text: ASSEMBLY },
];
