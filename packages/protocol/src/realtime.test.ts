import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from './version';
import { SocketHandshake } from './realtime';

describe('SocketHandshake', () => {
  it('reads what the replica sends', () => {
    expect(SocketHandshake.parse({ token: 't', deviceId: ' dev-1 ', protocolVersion: PROTOCOL_VERSION })).toEqual({
      token: 't',
      deviceId: 'dev-1',
      protocolVersion: PROTOCOL_VERSION,
    });
  });

  it('reads a device from before versions were sent as protocol 1', () => {
    expect(SocketHandshake.parse({ token: 't' }).protocolVersion).toBe(1);
    expect(SocketHandshake.parse({ protocolVersion: null }).protocolVersion).toBe(1);
    expect(SocketHandshake.parse({ protocolVersion: '' }).protocolVersion).toBe(1);
    expect(SocketHandshake.parse({ protocolVersion: ' 3 ' }).protocolVersion).toBe(3);
  });

  it('refuses a version that is not a whole number', () => {
    for (const protocolVersion of ['abc', 1.5, -1, '1e3', true, {}]) {
      expect(SocketHandshake.safeParse({ protocolVersion }).success, JSON.stringify(protocolVersion)).toBe(false);
    }
  });

  it('leaves out a token or device id that is not one, for the server to refuse or ignore', () => {
    expect(SocketHandshake.parse({ token: 5, deviceId: 'x'.repeat(101) })).toEqual({
      deviceId: null,
      protocolVersion: 1,
    });
    expect(SocketHandshake.parse({ deviceId: '   ' }).deviceId).toBeNull();
    expect(SocketHandshake.parse({ deviceId: 42 }).deviceId).toBeNull();
  });
});
