// The parser lives with the protocol so the browser reads durations (a swept `2min`) by the same rules as scenes.
export { formatDuration, parseDuration } from '../protocol/duration.ts';
