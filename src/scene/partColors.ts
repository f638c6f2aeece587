import { Color } from 'three';
import { PART_REJECTED, PART_TAG_PRODUCT, type ProductInfo } from '@protocol/events.ts';
import { REJECTED_PART_COLOR } from '../state/statePalette.ts';

/**
 * How a part is painted from its tag (product index x 8 + quality flags): which mesh it goes to and its instance
 * colour. The plain meshes keep the looks' own colours; the tinted meshes (a white body, see tintedPartGeometry)
 * take the colour per instance. A part goes to a tinted mesh when the line has products or an inspection rejected it.
 */

/** Tags are one byte. */
const TAGS = 256;

/** Instance colours (linear RGB) of every tag, and which tags are drawn tinted. */
export interface PartPalette {
  /** 3 floats per tag. */
  rgb: Float32Array;
  /** 1 when a part with this tag is drawn on a tinted mesh. */
  tinted: Uint8Array;
}

const scratch = new Color();

/** The palette of a line: products in tag order (empty for a one-product line). */
export function createPartPalette(products: readonly ProductInfo[]): PartPalette {
  const rgb = new Float32Array(TAGS * 3).fill(1);
  const tinted = new Uint8Array(TAGS);
  for (let tag = 0; tag < TAGS; tag++) {
    const product = products[Math.floor(tag / PART_TAG_PRODUCT)];
    const rejected = (tag & PART_REJECTED) !== 0;
    if (!rejected && !product) continue; // a one-product line: the look's own colours
    scratch.set(rejected ? REJECTED_PART_COLOR : productColor(product!.color)); // sRGB hex to linear working space
    rgb[tag * 3] = scratch.r;
    rgb[tag * 3 + 1] = scratch.g;
    rgb[tag * 3 + 2] = scratch.b;
    tinted[tag] = 1;
  }
  return { rgb, tinted };
}

/** A product's colour as given, or a neutral grey when it is not a "#rrggbb" the renderer can read. */
function productColor(color: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? color : '#9ca3af';
}
