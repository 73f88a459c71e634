import type { CDPSession } from 'playwright-core';

/**
 * A keyboard-wedge scanner's burst as Chromium key events stamped `gapMs` apart (whenever the
 * page gets to handle them), ending in Enter 5 ms after the last character. `stall` delivers
 * the rest of the burst late from character `after` on, as a loaded machine does.
 */
export async function sendWedgeBurst(
  cdp: CDPSession,
  code: string,
  gapMs = 5,
  stall: { after: number; ms: number } | null = null,
): Promise<void> {
  const t0 = Date.now() / 1000;
  let i = 0;
  let extra = 0;
  for (const ch of code) {
    if (stall && i === stall.after) extra = stall.ms / 1000;
    const timestamp = t0 + extra + i++ * (gapMs / 1000);
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch, timestamp });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp: timestamp + 0.001 });
  }
  const timestamp = t0 + extra + (i - 1) * (gapMs / 1000) + 0.005;
  const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 };
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...enter, text: '\r', timestamp });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter, timestamp: timestamp + 0.001 });
}
