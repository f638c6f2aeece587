import { useTwin } from '../net/runtime.tsx';
import { ConnectionBadge } from './ConnectionBadge.tsx';
import { modeHref } from './modeLinks.ts';
import { MirrorBadge } from './MirrorBadge.tsx';
import { ModeNav } from './ModeNav.tsx';
import { OperatorLogin } from './OperatorLogin.tsx';
import { PlaybackControls } from './PlaybackControls.tsx';
import { ShareLink } from './ShareLink.tsx';
import { SimClock } from './SimClock.tsx';

/** The top bar: product, scene and session, sim clock, playback, connection and role. */
export function TopBar() {
  const session = useTwin((s) => s.session);
  const viewers = session?.viewers ?? 0;
  return (
    <header className="topbar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">LineTwin</span>
      </span>
      <ModeNav current="live" compact />
      <span className="scene" data-testid="scene-name" title={session ? `scene ${session.scene}, seed ${session.seed}` : undefined}>
        {session?.sceneName ?? 'Connecting…'}
      </span>
      {session ? (
        <span className="session" title={`Session code: others join with ?session=${session.code}`}>
          Session <b>{session.code}</b>
          <span className="watching"> · {viewers} watching</span> <ShareLink />
        </span>
      ) : null}
      <MirrorBadge />
      {session ? (
        <a
          className="button"
          href={modeHref('editor', { scene: session.scene })}
          data-testid="edit-scene"
          title="Open this line in the line editor"
        >
          Edit
        </a>
      ) : null}
      <SimClock />
      <PlaybackControls />
      <span className="spacer" />
      <ConnectionBadge />
      <OperatorLogin />
    </header>
  );
}
