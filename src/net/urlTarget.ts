/**
 * What a shared link asks for: `?scene=bottling&speed=60&session=AB3K9Q`. Everything is optional and
 * validated here, so a mangled link opens the default line instead of failing.
 */

/** The scene, session and speed a URL names. */
export interface UrlTarget {
  /** Scene key (file name without extension). */
  scene?: string | undefined;
  /** Session id or join code. */
  session?: string | undefined;
  speed?: number | 'max' | undefined;
}

const ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** Parses a query string (with or without the leading `?`). */
export function parseUrlTarget(search: string): UrlTarget {
  const q = new URLSearchParams(search);
  const target: UrlTarget = {};
  const scene = q.get('scene');
  if (scene && ID.test(scene)) target.scene = scene;
  const session = q.get('session');
  if (session && ID.test(session)) target.session = session;
  const speed = q.get('speed');
  if (speed === 'max') target.speed = 'max';
  else if (speed !== null && speed.trim() !== '') {
    const v = Number(speed);
    if (Number.isFinite(v) && v > 0) target.speed = Math.min(10_000, Math.max(0.1, v));
  }
  return target;
}

/** The query string for a target, to keep the address bar shareable after joining. */
export function formatUrlTarget(t: UrlTarget): string {
  const q = new URLSearchParams();
  if (t.scene) q.set('scene', t.scene);
  if (t.session) q.set('session', t.session);
  if (t.speed !== undefined) q.set('speed', String(t.speed));
  const s = q.toString();
  return s ? `?${s}` : '';
}
