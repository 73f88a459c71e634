/**
 * Small inline icons. Drawn as SVG rather than emoji so they look the same on every device,
 * including handhelds and kiosks without an emoji font. Always next to words, never alone
 * (buttons with an icon only carry an aria-label).
 */
const base = { width: '1em', height: '1em', viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false } as const;

export function BarcodeIcon({ className }: { className?: string }) {
  return (
    <svg {...base} className={className} fill="currentColor">
      <rect x="2" y="4" width="3" height="16" />
      <rect x="7" y="4" width="1.5" height="16" />
      <rect x="10" y="4" width="3" height="16" />
      <rect x="15" y="4" width="1.5" height="16" />
      <rect x="18.5" y="4" width="3.5" height="16" />
    </svg>
  );
}

export function CameraIcon() {
  return (
    <svg {...base} fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round">
      <path d="M3 8h4l2-3h6l2 3h4v11H3z" />
      <circle cx="12" cy="13" r="3.5" />
    </svg>
  );
}

export function ClockIcon() {
  return (
    <svg {...base} fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round">
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </svg>
  );
}

/** A door with an arrow leaving it: sign out. */
export function SignOutIcon({ className }: { className?: string }) {
  return (
    <svg
      {...base}
      className={className}
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M10 4H5v16h5" />
      <path d="M14 8l4 4-4 4M9 12h9" />
    </svg>
  );
}
