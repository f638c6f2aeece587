import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { Vector3 } from 'three';
import type { Frame } from '@protocol/events.ts';
import { applyFrame } from '../state/frameBuffer.ts';
import { useRuntime } from '../net/runtime.tsx';
import type { LineLayout } from './layout.ts';

/**
 * `window.__linetwin`: the renderer, scene, camera and stores, for browser tests and for anyone debugging a
 * line in the console. Read-only use is intended; it costs nothing when unused.
 */
declare global {
  interface Window {
    __linetwin?: LineTwinHandle;
  }
}

/** What tests can reach. */
export interface LineTwinHandle {
  readonly gl: unknown;
  readonly scene: unknown;
  readonly camera: unknown;
  store: ReturnType<typeof useRuntime>['store'];
  frames: ReturnType<typeof useRuntime>['frames'];
  client: ReturnType<typeof useRuntime>['client'];
  /** Draw calls and triangles of the last rendered frame. */
  stats(): { calls: number; triangles: number; parts: number };
  /** Window (CSS pixel) coordinates of a station's body centre, or null if unknown. */
  screenOf(id: string): { x: number; y: number } | null;
  /** Applies a synthetic frame exactly as if the server had sent it (load tests of the renderer). */
  feed(frame: Frame): void;
}

const v = new Vector3();

/** Installs window.__linetwin for the current canvas. */
export function TestHooks({ layout }: { layout: LineLayout }) {
  const { store, frames, client } = useRuntime();
  const get = useThree((s) => s.get);
  useEffect(() => {
    const handle: LineTwinHandle = {
      get gl() {
        return get().gl;
      },
      get scene() {
        return get().scene;
      },
      get camera() {
        return get().camera;
      },
      store,
      frames,
      client,
      stats() {
        const info = get().gl.info.render;
        return { calls: info.calls, triangles: info.triangles, parts: frames.parts.count };
      },
      feed: () => {},
      screenOf(id) {
        const st = layout.stations.find((s) => s.id === id);
        if (!st) return null;
        const { camera, size, gl } = get();
        v.set(st.x, Math.min(1.2, st.height / 2), st.z).project(camera);
        const rect = gl.domElement.getBoundingClientRect();
        return { x: rect.left + ((v.x + 1) / 2) * size.width, y: rect.top + ((1 - v.y) / 2) * size.height };
      },
    };
    handle.feed = (frame) => applyFrame(frames, frame, performance.now());
    window.__linetwin = handle;
  }, [get, store, frames, client, layout]);
  return null;
}
