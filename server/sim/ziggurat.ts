import type { RandomStream } from './random.ts';

/**
 * Standard exponential variates by the ziggurat method (Marsaglia & Tsang 2000, "The ziggurat method for
 * generating random variables"), laid out as in NumPy's Generator: 256 layers; the layer index and the position in
 * the layer come from separate random bits (Doornik 2005 showed that sharing them biases the output); the position
 * has 53 bits. About 99% of draws take the fast path: two 32-bit random numbers, a comparison and a multiplication,
 * no logarithm (profiled: Math.log was the costliest single line of the engine).
 */

const LAYERS = 256;
const R = 7.69711747013105; // where the tail starts
const V = 0.003949659822581557; // area of each layer
const M = 2 ** 53; // range of the 53-bit position

/** ke[i]: positions below it fall wholly under the density; we[i]: position -> x; fe[i]: density at layer edge i. */
const ke = new Float64Array(LAYERS);
const we = new Float64Array(LAYERS);
const fe = new Float64Array(LAYERS);

(function buildTables(): void {
  let de = R;
  let te = R;
  const q = V / Math.exp(-de);
  ke[0] = Math.floor((de / q) * M);
  ke[1] = 0;
  we[0] = q / M;
  we[LAYERS - 1] = de / M;
  fe[0] = 1;
  fe[LAYERS - 1] = Math.exp(-de);
  for (let i = LAYERS - 2; i >= 1; i--) {
    de = -Math.log(V / de + Math.exp(-de));
    ke[i + 1] = Math.floor((de / te) * M);
    te = de;
    fe[i] = Math.exp(-de);
    we[i] = de / M;
  }
})();

/** One draw of Exp(1). Kept small so that V8 inlines it into the samplers; the rare rest is a separate function. */
export function standardExponential(rng: RandomStream): number {
  const hi = rng.nextUint32();
  const lo = rng.nextUint32();
  const layer = lo & 0xff;
  const position = hi * 2097152 + (lo >>> 11); // 32 + 21 bits
  if (position < ke[layer]!) return position * we[layer]!;
  return outsideLayers(rng, layer, position * we[layer]!);
}

/** The draw fell outside the layers' rectangles: the tail beyond R, or a wedge between two layers. */
function outsideLayers(rng: RandomStream, layer: number, x: number): number {
  if (layer === 0) return R - Math.log(rng.next()); // the tail is exponential again, by memorylessness
  if (fe[layer]! + rng.next() * (fe[layer - 1]! - fe[layer]!) < Math.exp(-x)) return x;
  return standardExponential(rng); // rejected: start over
}
