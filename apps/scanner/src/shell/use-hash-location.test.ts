import { describe, expect, it } from 'vitest';
import { redirectFrom } from './use-hash-location';

describe('a redirect computed from one place', () => {
  it('moves the app on while the URL still says that place', () => {
    window.history.replaceState(null, '', '#/');
    redirectFrom('/', '/scan');
    expect(window.location.hash).toBe('#/scan');
  });

  it('leaves a tap that landed between the render and its effect alone', () => {
    // The first frame resolved '/' to the scan screen; before its effect ran, the Office tab was tapped.
    window.history.replaceState(null, '', '#/office/desk');
    redirectFrom('/', '/scan');
    expect(window.location.hash).toBe('#/office/desk');
  });

  it('reads the path without its query', () => {
    window.history.replaceState(null, '', '#/office/nowhere?x=1');
    redirectFrom('/office/nowhere', '/office/desk');
    expect(window.location.hash).toBe('#/office/desk');
  });
});
