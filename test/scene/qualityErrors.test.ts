import { describe, expect, it } from 'vitest';
import { issueAt, lineWith, sceneError } from './helpers.ts';

/** Bad quality and product-mix keys: each names the file, the path, what is wrong and, where it helps, a hint. */

const PRODUCTS = 'products:\n  - { id: BASE, share: 0.7 }\n  - { id: PREMIUM, share: 0.3 }\n';
const NO_PRODUCTS_HINT = 'declare them at the top level, like products: [{ id: A, share: 0.7 }, { id: B, share: 0.3 }]';

/** A line IN -> `middle` -> OUT under the top-level keys `top`. */
function text(middle: string, top = PRODUCTS, extra = ''): string {
  return lineWith(middle, extra).replace('stations:\n', `${top}stations:\n`);
}
const machine = (keys: string, top = PRODUCTS): string => text(`  - { id: M1, type: machine, ${keys} }`, top);
const inspection = (keys: string): string => text(`  - { id: CAM, type: inspection, cycleTime: 1s, ${keys} }`);

describe('products', () => {
  it('shares that do not sum to 1 say the sum', () => {
    const error = sceneError(machine('cycleTime: 1s', 'products:\n  - { id: A, share: 0.7 }\n  - { id: B, share: 0.2 }\n'), 'mix.yaml');
    expect(issueAt(error, 'products')).toMatchObject({ file: 'mix.yaml', message: 'the shares must sum to 1, but they sum to 0.9' });
    expect(error.message).toContain('mix.yaml: products: the shares must sum to 1, but they sum to 0.9 (a share is the fraction');
    const over = sceneError(machine('cycleTime: 1s', 'products:\n  - { id: A, share: 1 }\n  - { id: B, share: 1e-8 }\n'));
    expect(issueAt(over, 'products').message).toBe('the shares must sum to 1, but they sum to 1.00000001');
  });

  it('duplicate product ids', () => {
    const error = sceneError(machine('cycleTime: 1s', 'products:\n  - { id: A, share: 0.5 }\n  - { id: A, share: 0.5 }\n'));
    expect(issueAt(error, 'products[1].id').message).toBe('duplicate product id "A" (also used by products[0])');
  });

  it('ids like station ids, colours as #rrggbb, at most 32 products', () => {
    const id = sceneError(machine('cycleTime: 1s', 'products:\n  - { id: "A B", share: 1 }\n'));
    expect(issueAt(id, 'products[0].id').message).toBe('product ids may contain only letters, digits, "_" and "-"');
    const color = sceneError(machine('cycleTime: 1s', 'products:\n  - { id: A, share: 1, color: blue }\n'));
    expect(issueAt(color, 'products[0].color').message).toBe('must be a colour like "#3b82f6" (# and six hex digits)');
    const many = `products:\n${Array.from({ length: 33 }, (_, i) => `  - { id: P${i}, share: ${i === 0 ? 1 : 0} }\n`).join('')}`;
    expect(issueAt(sceneError(machine('cycleTime: 1s', many)), 'products').message).toBe('a scene may have at most 32 products');
  });
});

describe('reserved product ids and repeated pairs', () => {
  it('a product named like a property every object has is refused, not misread', () => {
    const error = sceneError(
      machine('cycleTime: { B: 2s }', 'products:\n  - { id: constructor, share: 0.5 }\n  - { id: B, share: 0.5 }\n'),
    );
    expect(issueAt(error, 'products[0].id').message).toBe('is a reserved name: choose another product id');
  });

  it('a changeover pair written twice', () => {
    const error = sceneError(machine('cycleTime: 1s, changeover: { "BASE->PREMIUM": 5min, "BASE -> PREMIUM": 1s }'));
    expect(issueAt(error, 'stations[1].changeover["BASE -> PREMIUM"]').message).toBe(
      'the same pair as "BASE->PREMIUM": give each change of product once',
    );
  });
});

describe('sequence', () => {
  it('batch size below 1, an empty pattern, an unknown product, a misspelt form', () => {
    expect(issueAt(sceneError(machine('cycleTime: 1s', `${PRODUCTS}sequence: { batch: 0 }\n`)), 'sequence.batch').message).toBe(
      'a batch holds at least 1 part',
    );
    expect(issueAt(sceneError(machine('cycleTime: 1s', `${PRODUCTS}sequence: []\n`)), 'sequence').message).toBe(
      'the pattern must name at least one product',
    );
    const unknown = issueAt(sceneError(machine('cycleTime: 1s', `${PRODUCTS}sequence: [BASE, PREMUIM]\n`)), 'sequence[1]');
    expect(unknown).toMatchObject({ message: 'unknown product "PREMUIM" (products: BASE, PREMIUM)', hint: 'did you mean "PREMIUM"?' });
    const typo = issueAt(sceneError(machine('cycleTime: 1s', `${PRODUCTS}sequence: randm\n`)), 'sequence');
    expect(typo.message).toBe('expected random, { batch: N } or a list of product ids like [A, A, B], received the string "randm"');
    expect(typo.hint).toBe('did you mean "random"?');
  });

  it('a batch or pattern needs products', () => {
    const issue = issueAt(sceneError(machine('cycleTime: 1s', 'sequence: { batch: 5 }\n')), 'sequence');
    expect(issue).toMatchObject({ message: 'orders products, but the scene declares no products', hint: NO_PRODUCTS_HINT });
  });
});

describe('per-product cycle times', () => {
  it('an unknown product, with did-you-mean', () => {
    const issue = issueAt(sceneError(machine('cycleTime: { BASE: 1s, PREMIUM: 2s, PREMUIM: 2s }')), 'stations[1].cycleTime.PREMUIM');
    expect(issue).toMatchObject({ message: 'unknown product "PREMUIM" (products: BASE, PREMIUM)', hint: 'did you mean "PREMIUM"?' });
  });

  it('a missing product is named', () => {
    expect(issueAt(sceneError(machine('cycleTime: { BASE: 1s }')), 'stations[1].cycleTime').message).toBe(
      'gives no cycle time for product "PREMIUM": give one per product (BASE, PREMIUM) or one for all',
    );
  });

  it('an empty per-product form names every product', () => {
    const error = sceneError(machine('cycleTime: {}'));
    expect(error.issues.filter((i) => i.path === 'stations[1].cycleTime').map((i) => i.message)).toEqual([
      'gives no cycle time for product "BASE": give one per product (BASE, PREMIUM) or one for all',
      'gives no cycle time for product "PREMIUM": give one per product (BASE, PREMIUM) or one for all',
    ]);
  });

  it('without products, a per-product form says to declare them', () => {
    const issue = issueAt(sceneError(machine('cycleTime: { A: 1s }', '')), 'stations[1].cycleTime');
    expect(issue).toMatchObject({ message: 'is given per product, but the scene declares no products', hint: NO_PRODUCTS_HINT });
  });

  it('a mistake inside a distribution is reported there, whether for all products or for one', () => {
    const all = sceneError(machine('cycleTime: { dist: normal, mean: 1s, sdd: 2s }'));
    expect(issueAt(all, 'stations[1].cycleTime.sdd').hint).toBe('did you mean "sd"?');
    const one = sceneError(machine('cycleTime: { BASE: 1s, PREMIUM: { dist: normel, mean: 1s } }'));
    expect(issueAt(one, 'stations[1].cycleTime.PREMIUM.dist').hint).toBe('did you mean "normal"?');
    const zero = sceneError(machine('cycleTime: { BASE: 1s, PREMIUM: 0 }'));
    expect(issueAt(zero, 'stations[1].cycleTime.PREMIUM').message).toMatch(/at least 1ms/);
  });
});

describe('changeovers', () => {
  it('keys must be "FROM->TO" of two different known products', () => {
    const error = sceneError(machine('cycleTime: 1s, changeover: { BASE-PREMIUM: 5min, "BASE->BASE": 1min, "BASE->PREMUIM": 1min }'));
    expect(issueAt(error, 'stations[1].changeover.BASE-PREMIUM').message).toBe(
      '"BASE-PREMIUM" is not a product pair: write it as "FROM->TO", like "A->B"',
    );
    expect(issueAt(error, 'stations[1].changeover["BASE->BASE"]').message).toBe(
      'a change from "BASE" to "BASE" is no change of product: remove it',
    );
    expect(issueAt(error, 'stations[1].changeover["BASE->PREMUIM"]')).toMatchObject({
      message: 'unknown product "PREMUIM" (products: BASE, PREMIUM)',
      hint: 'did you mean "PREMIUM"?',
    });
  });

  it('need products, in either form', () => {
    const one = issueAt(sceneError(machine('cycleTime: 1s, changeover: 5min', '')), 'stations[1].changeover');
    expect(one).toMatchObject({ message: 'a changeover happens when the product changes, but the scene declares no products' });
    expect(one.hint).toBe(NO_PRODUCTS_HINT);
    expect(issueAt(sceneError(machine('cycleTime: 1s, changeover: { A->B: 5min }', '')), 'stations[1].changeover').hint).toBe(
      NO_PRODUCTS_HINT,
    );
  });
});

describe('defects and repairs', () => {
  it('defects in [0, 1), one or per product, of known products', () => {
    expect(issueAt(sceneError(machine('cycleTime: 1s, defects: 1')), 'stations[1].defects').message).toBe(
      'must be below 1 (1 would make every part defective)',
    );
    const error = sceneError(machine('cycleTime: 1s, defects: { BASE: -0.1, PREMUIM: 0.1 }'));
    expect(issueAt(error, 'stations[1].defects.BASE').message).toBe('must be a probability from 0 to below 1');
    const unknown = sceneError(machine('cycleTime: 1s, defects: { PREMUIM: 0.1 }'));
    expect(issueAt(unknown, 'stations[1].defects.PREMUIM').hint).toBe('did you mean "PREMIUM"?');
    const none = issueAt(sceneError(machine('cycleTime: 1s, defects: { A: 0.1 }', '')), 'stations[1].defects');
    expect(none).toMatchObject({ message: 'is given per product, but the scene declares no products', hint: NO_PRODUCTS_HINT });
  });

  it('repairs in [0, 1]', () => {
    expect(issueAt(sceneError(machine('cycleTime: 1s, repairs: 1.5')), 'stations[1].repairs').message).toBe(
      'must be a probability from 0 to 1',
    );
  });
});

describe('inspections', () => {
  it('detect is required; detect and falseReject in [0, 1]', () => {
    expect(issueAt(sceneError(inspection('falseReject: 0.1')), 'stations[1].detect').message).toBe('is required');
    const error = sceneError(inspection('detect: 1.2, falseReject: -0.1'));
    expect(issueAt(error, 'stations[1].detect').message).toBe('must be a probability from 0 to 1');
    expect(issueAt(error, 'stations[1].falseReject').message).toBe('must be a probability from 0 to 1');
  });

  it('detect belongs to inspections only', () => {
    expect(issueAt(sceneError(machine('cycleTime: 1s, detect: 0.5')), 'stations[1].detect').message).toBe('unknown key "detect"');
  });

  it('reject is scrap or { to }', () => {
    const issue = issueAt(sceneError(inspection('detect: 0.9, reject: scarp')), 'stations[1].reject');
    expect(issue).toMatchObject({
      message: 'expected scrap or { to: STATION }, received the string "scarp"',
      hint: 'did you mean "scrap"?',
    });
  });

  it('reject.to: a missing station, with did-you-mean', () => {
    const error = sceneError(
      text(`  - { id: CAM, type: inspection, cycleTime: 1s, detect: 0.9, reject: { to: REPIAR } }
  - { id: REPAIR, type: machine, cycleTime: 1s }`),
    );
    expect(issueAt(error, 'stations[1].reject.to')).toMatchObject({ message: 'unknown station "REPIAR"', hint: 'did you mean "REPAIR"?' });
  });

  it('reject.to: a station that is not an output, or the only one', () => {
    const stations = `  - { id: CAM, type: inspection, cycleTime: 1s, detect: 0.9, reject: { to: REPAIR } }
  - { id: REPAIR, type: machine, cycleTime: 1s }`;
    const notOut = sceneError(text(stations, PRODUCTS, 'flow: { IN: CAM, CAM: OUT, REPAIR: OUT }\n'));
    expect(issueAt(notOut, 'stations[1].reject.to').message).toBe('"REPAIR" is not an output of "CAM" (its outputs: OUT); add it to flow');
    const only = sceneError(text(stations)); // serial: REPAIR is CAM's only output
    expect(issueAt(only, 'stations[1].reject').message).toBe('"CAM" needs another output for good parts besides its reject station');
  });

  it('reject.to a route that reaches a sink before a machine: the rejects would ship', () => {
    const stations = `  - { id: CAM, type: inspection, cycleTime: 1s, detect: 0.9, reject: { to: LANE } }
  - { id: LANE, type: buffer, capacity: 5 }
  - { id: BIN, type: sink }`;
    const error = sceneError(text(stations, PRODUCTS, 'flow: { IN: CAM, CAM: [OUT, LANE], LANE: BIN }\n'));
    expect(issueAt(error, 'stations[1].reject.to')).toMatchObject({
      message: 'rejected parts would reach the sink "BIN" without passing a machine, and ship as good output',
      hint: 'end the reject route in a machine (a repair station or a manual check with reject: scrap), or use reject: scrap',
    });
  });

  it('rework and reject.to pointing at different stations', () => {
    const error = sceneError(
      text(
        `  - { id: CAM, type: inspection, cycleTime: 1s, detect: 0.9, reject: { to: R1 }, rework: { probability: 0.1, to: R2 } }
  - { id: R1, type: machine, cycleTime: 1s }
  - { id: R2, type: machine, cycleTime: 1s }`,
        PRODUCTS,
        'flow: { IN: CAM, CAM: [OUT, R1, R2], R1: OUT, R2: OUT }\n',
      ),
    );
    expect(issueAt(error, 'stations[1].rework.to')).toMatchObject({
      message: '"R2" differs from reject.to "R1": reworked and rejected parts leave "CAM" through one output',
      hint: 'send both to the same station, or keep only one of them',
    });
  });
});
