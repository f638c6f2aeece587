import { stat } from 'node:fs/promises';
import type { ExperimentFileInfo, ExperimentScene } from '../protocol/experiments.ts';

/**
 * The unchanging part of the Experiments view's catalog (the server's scenes with their parameter hints, and the
 * experiment files), built once and handed out as the same object to every request: building it reads and parses
 * every experiment file (53 KB of answer for the bundled ones), and 120 connections asking for it again and again
 * drove the server to 1.26 cores and 507 MB. The scenes are loaded once at start; the experiments folder may get
 * new files, so the catalog is rebuilt when that folder's modification time changes (a file added, removed or
 * renamed; one stat per request).
 */

/** The scenes and experiment files of the catalog. */
export interface CatalogParts {
  scenes: ExperimentScene[];
  files: ExperimentFileInfo[];
}

/** Hands out the catalog parts, rebuilt only when the folder changed. */
export interface CatalogCache {
  get(): Promise<CatalogParts>;
}

/** Folder modification time in ms, or -1 when there is no folder. */
async function mtimeOf(dir: string): Promise<number> {
  try {
    return (await stat(dir)).mtimeMs;
  } catch {
    return -1;
  }
}

/** Creates the cache over `build`, keyed by the modification time of the folder `dir`. */
export function createCatalogCache(dir: () => string, build: () => Promise<CatalogParts>): CatalogCache {
  let built: { mtime: number; parts: Promise<CatalogParts> } | null = null;
  return {
    async get() {
      const mtime = await mtimeOf(dir());
      if (built?.mtime !== mtime) {
        // requests that arrive while it is built share the one build; a failed build is not kept
        const parts = build();
        built = { mtime, parts };
        parts.catch(() => {
          if (built?.parts === parts) built = null;
        });
      }
      return built.parts;
    },
  };
}
