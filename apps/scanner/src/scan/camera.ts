/**
 * Reads barcodes from the device camera: the browser's own BarcodeDetector where it exists
 * (Chromium on Android, ChromeOS, macOS), otherwise ZXing's decoder, loaded only when needed.
 */

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (options?: { formats?: string[] }) => BarcodeDetectorLike;

export function cameraAvailable(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    !!navigator.mediaDevices &&
    typeof navigator.mediaDevices.getUserMedia === 'function'
  );
}

function nativeDetector(): BarcodeDetectorCtor | null {
  const ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  return typeof ctor === 'function' ? ctor : null;
}

/** Starts scanning into `video`; calls `onCode` once per code seen; returns a stop function. */
export async function startCameraScan(video: HTMLVideoElement, onCode: (code: string) => void): Promise<() => void> {
  const Native = nativeDetector();
  if (Native) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    video.srcObject = stream;
    await video.play();
    const detector = new Native();
    let running = true;
    const tick = async () => {
      if (!running) return;
      try {
        const found = await detector.detect(video);
        const first = found[0];
        if (first?.rawValue) onCode(first.rawValue);
      } catch {
        // A frame that cannot be read yet; try the next one.
      }
      if (running) setTimeout(() => void tick(), 150);
    };
    void tick();
    return () => {
      running = false;
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    };
  }
  const { BrowserMultiFormatReader } = await import('@zxing/library');
  const reader = new BrowserMultiFormatReader(undefined, 150);
  await reader.decodeFromConstraints({ video: { facingMode: 'environment' } }, video, (result) => {
    if (result) onCode(result.getText());
  });
  return () => reader.reset();
}
