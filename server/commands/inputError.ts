/** A problem with what the user gave us (scene, flags): exit code 2, message without a stack trace. */
export class InputError extends Error {
  override name = 'InputError';
}
