/**
 * The operator token for this browser tab. Kept in sessionStorage: entered once, survives reloads and
 * reconnects, and is gone when the tab closes (a shared classroom PC does not stay an operator).
 */

/** Where the token lives. */
export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

const KEY = 'linetwin.operatorToken';

/** A token store over a Storage (sessionStorage in the app, a Map-backed fake in tests). */
export function createTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null): TokenStore {
  let memory: string | null = null; // fallback when storage is unavailable (privacy mode throws)
  return {
    get() {
      try {
        return storage?.getItem(KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    set(token) {
      memory = token;
      try {
        storage?.setItem(KEY, token);
      } catch {
        /* memory only */
      }
    },
    clear() {
      memory = null;
      try {
        storage?.removeItem(KEY);
      } catch {
        /* nothing stored */
      }
    },
  };
}
