import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { forgetLearnedGap } from '../settings/learned-gap';
import { useWedge } from './use-wedge';

function Harness({ onScan }: { onScan: (code: string) => void }) {
  const [qty, setQty] = useState('3');
  useWedge(onScan);
  return <input aria-label="qty" value={qty} onChange={(e) => setQty(e.target.value)} />;
}

/** Key events with chosen time stamps, as a hardware scanner or a person would produce them. */
function press(target: EventTarget, key: string, time: number): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  Object.defineProperty(event, 'timeStamp', { value: time });
  target.dispatchEvent(event);
  return event;
}

afterEach(() => {
  cleanup();
  forgetLearnedGap();
});

describe('useWedge', () => {
  it('takes a burst anywhere as a scan and swallows its Enter', () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    let t = 1000;
    for (const ch of '4006381333931') press(document.body, ch, (t += 5));
    const enter = press(document.body, 'Enter', t + 5);
    expect(onScan).toHaveBeenCalledWith('4006381333931');
    expect(enter.defaultPrevented).toBe(true);
  });

  it('takes slow keys with no field focused as a code too', () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    let t = 1000;
    for (const ch of '12345') press(document.body, ch, (t += 150));
    const enter = press(document.body, 'Enter', t + 150);
    expect(onScan).toHaveBeenCalledWith('12345');
    expect(enter.defaultPrevented).toBe(true);
  });

  it('leaves human typing in a field alone', () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    const input = screen.getByLabelText('qty');
    input.focus();
    let t = 1000;
    for (const ch of '12345') press(input, ch, (t += 150));
    const enter = press(input, 'Enter', t + 150);
    expect(onScan).not.toHaveBeenCalled();
    expect(enter.defaultPrevented).toBe(false);
  });

  it('learns a slow scanner from the codes read with no field focused, then takes its bursts into a field', async () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    const input = screen.getByLabelText<HTMLInputElement>('qty');
    const burst = (target: EventTarget, start: number) => {
      let t = start;
      for (const ch of '4006381333931') press(target, ch, (t += 70));
      return press(target, 'Enter', t + 70);
    };
    input.focus();
    expect(burst(input, 1000).defaultPrevented).toBe(false);
    expect(onScan).not.toHaveBeenCalled();
    input.blur();
    act(() => void burst(document.body, 5000));
    expect(onScan).toHaveBeenCalledTimes(1);
    // Learnt once the scan is handled (stored in the task after it).
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    input.focus();
    expect(burst(input, 9000).defaultPrevented).toBe(true);
    expect(onScan).toHaveBeenCalledTimes(2);
  });

  it('takes a burst that landed in a focused field back out of it', () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    const input = screen.getByLabelText<HTMLInputElement>('qty');
    input.focus();
    let t = 1000;
    for (const ch of '98765432') {
      press(input, ch, (t += 4));
      // What the browser would do with the key after keydown: the character lands in the field.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, input.value + ch);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    press(input, 'Enter', t + 4);
    expect(onScan).toHaveBeenCalledWith('98765432');
    expect(input.value).toBe('3');
  });
});
