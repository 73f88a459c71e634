import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import type { ScanEvent } from '../scan/ScanScreen';
import { LatestScan, ScanChannel } from './scan-channel';

afterEach(cleanup);

describe('ScanChannel', () => {
  it('draws only the screen a scan goes to, once per scan, the same code twice as two events', () => {
    const channel = new ScanChannel();
    const seen: (ScanEvent | null)[] = [];
    let shellRenders = 0;
    function Shell() {
      shellRenders++;
      return (
        <LatestScan channel={channel}>
          {(scan) => {
            seen.push(scan);
            return <p>{scan ? `${scan.code} #${scan.seq}` : 'no scan'}</p>;
          }}
        </LatestScan>
      );
    }
    render(<Shell />);
    expect(screen.getByText('no scan')).toBeTruthy();
    act(() => channel.send('4006381333931'));
    act(() => channel.send('4006381333931'));
    expect(screen.getByText('4006381333931 #2')).toBeTruthy();
    expect(seen.map((s) => s?.seq ?? 0)).toEqual([0, 1, 2]);
    expect(seen[1]).not.toBe(seen[2]);
    expect(shellRenders).toBe(1);
  });

  it('gives a screen mounted later the scan still in hand', () => {
    const channel = new ScanChannel();
    channel.send('WID-1');
    render(<LatestScan channel={channel}>{(scan) => <p>{scan?.code ?? 'none'}</p>}</LatestScan>);
    expect(screen.getByText('WID-1')).toBeTruthy();
  });
});
