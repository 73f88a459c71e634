import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { useState } from 'react';
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

afterEach(cleanup);

describe('useWedge', () => {
  it('takes a burst anywhere as a scan and swallows its Enter', () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    let t = 1000;
    for (const ch of '4006381333931') press(document.body, ch, (t += 5));
    const enter = press(document.body, 'Enter', (t += 5));
    expect(onScan).toHaveBeenCalledWith('4006381333931');
    expect(enter.defaultPrevented).toBe(true);
  });

  it('leaves human typing alone', () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    let t = 1000;
    for (const ch of '12345') press(document.body, ch, (t += 150));
    const enter = press(document.body, 'Enter', (t += 150));
    expect(onScan).not.toHaveBeenCalled();
    expect(enter.defaultPrevented).toBe(false);
  });

  it('takes a burst that landed in a focused field back out of it', () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    const input = screen.getByLabelText('qty') as HTMLInputElement;
    input.focus();
    let t = 1000;
    for (const ch of '98765432') {
      press(input, ch, (t += 4));
      // What the browser would do with the key after keydown: the character lands in the field.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, input.value + ch);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    press(input, 'Enter', (t += 4));
    expect(onScan).toHaveBeenCalledWith('98765432');
    expect(input.value).toBe('3');
  });
});
