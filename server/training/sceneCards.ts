import type { SessionRegistry } from '../session/registry.ts';
import type { SceneCatalog } from '../scene/catalog.ts';
import type { Scene } from '../scene/index.ts';
import { stationInfos } from '../session/views.ts';
import type { Role, StationInfo } from '../protocol/events.ts';
import { listedSession } from '../session/describe.ts';
import type { SceneCard } from '../protocol/training.ts';
import { createSimulation } from '../sim/index.ts';

/**
 * The scene picker's cards: each bundled and saved scene with its layout (the stations exactly as the 3D view gets
 * them, without parameters, so the browser draws a top-down thumbnail with the same geometry code) and the
 * sessions running it. Layouts are computed once per scene from a simulation at time 0.
 */
export function createSceneCards(catalog: SceneCatalog, registry: SessionRegistry): (role: Role) => SceneCard[] {
  // Keyed by the scene itself: a saved scene written again under its name gets a new thumbnail.
  const layouts = new WeakMap<Scene, StationInfo[]>();
  const layoutOf = (key: string): StationInfo[] => {
    const scene = catalog.get(key);
    if (!scene) return [];
    let layout = layouts.get(scene);
    if (!layout) {
      const sim = createSimulation(scene.line, { seed: 0 });
      layout = stationInfos(scene, sim.view).map(({ params: _params, ...rest }) => rest);
      layouts.set(scene, layout);
    }
    return layout;
  };
  return (role) =>
    catalog.list().map((info) => ({
      ...info,
      layout: layoutOf(info.key),
      sessions: registry
        .all()
        .filter((s) => s.sceneKey === info.key)
        .map((s) => listedSession(s, role)),
    }));
}
