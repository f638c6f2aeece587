/**
 * The editor's wire types, from the editor server's protocol module (server/protocol/editor.ts, E1's branch
 * wip/editor-server, merged here). Until then they were declared in this file; the editor imports them from here
 * under the names it uses.
 */
export {
  MAX_EDITOR_STATIONS,
  MAX_EDITOR_TEXT_BYTES,
  SAVED_SCENE_NAME as SAVE_NAME,
  utf8Bytes,
  type EditorClientEvents,
  type EditorEstimate as QuickEstimate,
  type SceneIssueWire as EditorIssue,
} from '@protocol/editor.ts';
export type { EstimateWire as Estimated } from '@protocol/experiments.ts';
