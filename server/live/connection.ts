import type { FeatureConnection } from '../session/feature.ts';
import { createGate, type TwinSocket } from './gate.ts';
import { remoteAddress, type ConnectionMeter } from './traffic.ts';

/** A Socket.IO connection as features see it: its data, its rooms, and its events behind the gate. */
export function createConnection(socket: TwinSocket, meter: ConnectionMeter): FeatureConnection {
  const handle = createGate(socket, meter);
  return {
    get data() {
      return socket.data;
    },
    address: remoteAddress(socket.request),
    recovered: socket.recovered,
    handle,
    join: (room) => {
      void socket.join(room);
    },
    leave: (room) => {
      void socket.leave(room);
    },
    emit: (event, ...args) => {
      socket.emit(event, ...args);
    },
    onDisconnect: (listener) => {
      socket.on('disconnect', listener);
    },
  };
}
