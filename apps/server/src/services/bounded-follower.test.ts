import { describe, expect, it } from 'vitest';
import { BoundedFollower } from './bounded-follower';

describe('BoundedFollower', () => {
  it('counts a pass from when it began, only once complete, and shares a pass asked for twice', async () => {
    let now = 1_000;
    let finish: (() => void) | undefined;
    let passes = 0;
    const follower = new BoundedFollower(
      () => {
        passes += 1;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      { maxLagMs: 100, clock: () => now },
    );
    expect(follower.fresh()).toBe(false);
    const first = follower.runOnce();
    const second = follower.runOnce();
    now = 1_050;
    expect(follower.fresh(), 'not before the pass completed').toBe(false);
    finish!();
    await Promise.all([first, second]);
    expect(passes).toBe(1);
    expect(follower.freshAt).toBe(1_000);
    now = 1_100;
    expect(follower.fresh()).toBe(true);
    now = 1_101;
    expect(follower.fresh(), 'past the bound, counted from the start').toBe(false);
  });

  it('reports the feed lost once while passes fail, and back once one succeeds', async () => {
    const events: string[] = [];
    let failing = true;
    let succeeded = 0;
    const follower = new BoundedFollower(
      () => {
        if (failing) return Promise.reject(new Error('connection lost'));
        succeeded += 1;
        return Promise.resolve();
      },
      { maxLagMs: 8, onFeed: (e) => events.push(e.ok ? 'back' : 'lost') },
    );
    follower.start();
    while (follower.feedUp) await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => setTimeout(r, 30));
    failing = false;
    while (succeeded === 0) await new Promise((r) => setTimeout(r, 1));
    await follower.close();
    expect(events).toEqual(['lost', 'back']);
    expect(follower.feedUp).toBe(true);
  });
});
