/**
 * Rendering quality. Machines without a GPU driver (VMs, remote desktops, locked-down classroom PCs, CI)
 * render WebGL in software, where multisampling and high pixel ratios cost several times the frame time.
 * The profile is picked once at start from the WebGL renderer's name; `?quality=low|high` overrides it.
 */

/** A rendering profile. */
export interface Quality {
  name: 'high' | 'low';
  antialias: boolean;
  /** Device pixel ratio range for the canvas. */
  dpr: [number, number];
}

const HIGH: Quality = { name: 'high', antialias: true, dpr: [1, 2] };
const LOW: Quality = { name: 'low', antialias: false, dpr: [1, 1] };

/** True for renderer names of software rasterisers. */
function isSoftwareRenderer(name: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render driver/i.test(name);
}

/** Probes the browser's WebGL renderer with a throwaway context (released at once). */
function rendererName(): string {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return '';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return '';
  }
}

/** The profile for this page: URL override first, else by renderer. */
export function pickQuality(search: string): Quality {
  const forced = new URLSearchParams(search).get('quality');
  if (forced === 'low') return LOW;
  if (forced === 'high') return HIGH;
  return isSoftwareRenderer(rendererName()) ? LOW : HIGH;
}
