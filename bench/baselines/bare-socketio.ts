/**
 * The fan-out baseline: a bare Socket.IO 4 server in a process of its own, no auth, every socket
 * in one room. IPC {type: 'broadcast', seq} emits one small event to the room and answers.
 * Answers {type: 'listening', url} first.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => void socket.join('room'));
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  process.send?.({
    type: 'listening',
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  });
});
process.on('message', (raw) => {
  const msg = raw as { type: string; seq?: number };
  if (msg.type === 'broadcast') {
    io.to('room').emit('poke', { collection: 'alerts', seq: msg.seq ?? 0 });
    process.send?.({ type: 'broadcast' });
  }
});
process.on('SIGTERM', () => process.exit(0));
