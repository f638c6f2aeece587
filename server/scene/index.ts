/** Scene files (YAML/JSON) → validated, normalized scenes for the engine and the 3D view. */
export { parseDuration, formatDuration } from './duration.ts';
export { SceneError, formatIssue, type SceneIssue } from './errors.ts';
export { checkFileSize, loadScene, SCENE_EXTENSIONS } from './load.ts';
export { LIMITS } from './limits.ts';
export { parseScene, sceneFromDocument } from './parse.ts';
export { readDocument, type SourceDocument } from './document.ts';
export type { Placement, Scene } from './types.ts';
export { lineStateSchema, loadLineState } from './lineStateSchema.ts';
