import { performance } from 'node:perf_hooks';
import type { SessionRegistry } from '../session/registry.ts';
import type { Session } from '../session/session.ts';
import type { TwinServer } from './gate.ts';

/**
 * The pacing loop, the only wall-clock-driven code of the server: every tick advances every session by the wall
 * time that passed, within a CPU budget shared by the sessions, and sends what changed to each session's room: at
 * most one frame per tick (fewer when frames would exceed the per-viewer byte budget), KPIs and session info once
 * a second.
 */

/**
 * Frame bytes per second a viewer should receive at most. A session that changes faster sends larger frames
 * less often (its changes merge: only the latest state of a unit is kept), instead of flooding slow links.
 */
const FRAME_BYTES_PER_SECOND = 5000;

/** How the loop runs. */
export interface PacingOptions {
  /** Frame interval in ms (50 = 20 frames per second). */
  tickMs: number;
  warn: (text: string) => void;
  /** Hears each session after its tick (the plant connections: tick listeners below). */
  ticked?: ((session: Session) => void) | undefined;
}

/** Who hears the sessions after each tick: plant connections publishing what the viewers just got. */
export interface TickListeners {
  add(listener: (session: Session) => void): () => void;
  /** Tells every listener; one that throws is reported, and neither stops the others nor pauses the session. */
  tell(session: Session): void;
}

export function createTickListeners(warn: (text: string) => void): TickListeners {
  const listeners = new Set<(session: Session) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    tell(session) {
      for (const listener of listeners) {
        try {
          listener(session);
        } catch (e) {
          warn(`a plant connection failed on session ${session.id}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    },
  };
}

/** Starts the loop; returns a function that stops it. */
export function startPacing(io: TwinServer, registry: SessionRegistry, options: PacingOptions): () => void {
  const { tickMs, warn } = options;
  let last = performance.now();
  let lastKpi = last;
  const nextFrameAt = new Map<string, number>(); // session id -> earliest wall time (ms) of its next frame
  const timer = setInterval(() => {
    const now = performance.now();
    const dt = Math.min(1, (now - last) / 1000); // after a stall, do not try to catch up more than a second
    last = now;
    const sessions = registry.all();
    const budget = Math.max(2, (tickMs * 0.6) / Math.max(1, sessions.length));
    const kpiDue = now - lastKpi >= 1000;
    if (kpiDue) lastKpi = now;
    for (const s of sessions) {
      try {
        s.advance(dt, budget);
        if (now >= (nextFrameAt.get(s.id) ?? 0)) {
          const frame = s.takeFrame();
          if (frame) {
            frame.w = Date.now();
            io.to(s.id).volatile.emit('sim:frame', frame);
            const bytes = JSON.stringify(frame).length;
            nextFrameAt.set(s.id, now + Math.max(0, (1000 * bytes) / FRAME_BYTES_PER_SECOND - tickMs / 2));
          }
          const log = s.takeLog(); // with the frame: its cadence also bounds the routine log traffic
          if (log.length) io.to(s.id).emit('sim:log', log);
        }
        if (kpiDue) {
          // Not volatile either: a volatile packet is dropped while the transport is still sending, which it is
          // right after this tick's frame, so on a busy line (every tick has a frame) KPIs never arrived. Once a
          // second is little to buffer.
          io.to(s.id).emit('sim:kpi', s.kpi());
          // Not volatile: reliable room broadcasts carry the offsets that connection-state recovery resumes from.
          io.to(s.id).emit('session:info', s.info());
        }
        options.ticked?.(s);
      } catch (e) {
        // one broken session must not stop the others: pause it and say why
        warn(`session ${s.id} stopped: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        s.pause();
      }
    }
    for (const id of nextFrameAt.keys()) if (!registry.get(id)) nextFrameAt.delete(id); // closed sessions
  }, tickMs);
  return () => clearInterval(timer);
}
