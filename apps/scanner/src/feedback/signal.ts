/**
 * Sound and vibration for a verdict, where the platform has them: a short high beep when a
 * movement is applied, two low ones and a buzz when it is refused, so a clerk looking at the
 * shelf still notices; a code that is not recognised buzzes three times, low and flat, so it is
 * never mistaken for either. Every call is best effort: no audio device or no vibration motor is fine.
 */

let audio: AudioContext | null = null;

function tone(ctx: AudioContext, startAt: number, hz: number, seconds: number): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = hz;
  gain.gain.value = 0.15;
  osc.connect(gain).connect(ctx.destination);
  osc.start(startAt);
  osc.stop(startAt + seconds);
}

function beep(pattern: Array<[hz: number, seconds: number]>): void {
  try {
    const Ctor =
      window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return;
    audio ??= new Ctor();
    let at = audio.currentTime;
    for (const [hz, seconds] of pattern) {
      tone(audio, at, hz, seconds);
      at += seconds + 0.06;
    }
  } catch {
    // No sound on this device.
  }
}

function vibrate(pattern: number[]): void {
  try {
    navigator.vibrate?.(pattern);
  } catch {
    // No vibration on this device.
  }
}

export function signalApplied(): void {
  beep([[1320, 0.08]]);
}

export function signalRefused(): void {
  beep([
    [330, 0.18],
    [220, 0.25],
  ]);
  vibrate([200, 100, 200]);
}

export function signalNotRecognised(): void {
  beep([
    [180, 0.12],
    [180, 0.12],
    [180, 0.12],
  ]);
  vibrate([80, 60, 80, 60, 80]);
}
