import type * as NodeOpcua from 'node-opcua';

/** node-opcua as loaded on demand: `twin serve` without --opcua never loads it (it takes seconds and much memory). */
export type OpcuaModule = typeof NodeOpcua;

/** Loads node-opcua. */
export function loadOpcua(): Promise<OpcuaModule> {
  return import('node-opcua');
}
