import { useRuntime, useTwin } from '../net/runtime.tsx';
import { formatSimTime } from './format.ts';

/**
 * "Mirror: <name>" on a session driven by a real line's feed, with operators' "Fork what-if" (a simulated session
 * from the mirror's state now, joined at once, paused); on a fork, where it came from and the way back.
 */
export function MirrorBadge() {
  const { client } = useRuntime();
  const session = useTwin((s) => s.session);
  const operator = useTwin((s) => s.role === 'operator');
  if (session?.mirror) {
    const { source, name } = session.mirror;
    return (
      <span
        className="mirror-badge"
        data-testid="mirror-badge"
        title={source === 'replay' ? `Replays the plant log ${name}` : `Follows MQTT ${name}/<station>/event`}
      >
        Mirror: <b>{name}</b>
        {operator ? (
          <button
            type="button"
            data-testid="btn-fork"
            onClick={() => void client.fork()}
            title="Start a simulated session from the mirror's state now (opens paused)"
          >
            Fork what-if
          </button>
        ) : null}
      </span>
    );
  }
  if (session?.forkOf) {
    const { session: from, t } = session.forkOf;
    return (
      <span className="mirror-badge" data-testid="fork-badge" title={`A simulated what-if from session ${from}'s state`}>
        What-if from <b>{from}</b> at {formatSimTime(t)}
        <button type="button" data-testid="btn-fork-back" onClick={() => void client.joinSession(from)} title={`Back to session ${from}`}>
          Back
        </button>
      </span>
    );
  }
  return null;
}
