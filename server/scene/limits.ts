/**
 * The size limits of a scene (and of every other file a user hands the twin: experiment, training and story files),
 * checked with clear messages before the work they bound: the file's size and nesting before it is parsed, the
 * counts once it is. Within them, `twin validate` answers in well under a second (npm run bench:scenes) and the
 * engine's memory stays small. Time limits (the 1 ms recurring minimum, 1e9 s) are in protocol/distributions.ts.
 */
export const LIMITS = {
  /** Bytes of a file, read before parsing. */
  fileBytes: 512 * 1024,
  /** Nesting of objects and lists (JSON brackets, YAML indentation and flow collections), scanned before parsing. */
  depth: 64,
  /** Stations of one scene. */
  stations: 5_000,
  /** Parallel units (`servers`) of one machine or assembly. */
  serversPerStation: 1_000,
  /** Machine units of a whole line (the sum of `servers`). */
  units: 50_000,
} as const;
