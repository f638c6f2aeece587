import { clientSchemas } from '../protocol/schemas.ts';
import type { Feature, FeatureHost } from '../session/feature.ts';
import { forkSession } from './fork.ts';

/**
 * `session:fork`: operators start a what-if from a session's state now (a mirror's above all); it opens paused.
 * `refusal`, when set, is why this server takes no forks (a cluster: another process taking a fork over could
 * rebuild it only from its scene and seed, not from the state it was forked at).
 */
export function createForkFeature(host: FeatureHost, refusal: string | null = null): Feature {
  return {
    connect(conn) {
      conn.handle(
        'session:fork',
        clientSchemas['session:fork'],
        (req) => {
          if (refusal) throw new Error(refusal);
          const from = host.registry.get(req.from);
          if (!from) throw new Error(`no session "${req.from}"`);
          const { scene, engine } = forkSession(from, req.seed ?? from.seed);
          const session = host.registry.create(from.sceneKey, scene, { engine, seed: scene.run.seed, paused: true });
          return { session: session.info() };
        },
        { control: true },
      );
    },
  };
}
