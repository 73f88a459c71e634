/**
 * The one spelling of a login name: trimmed, NFC, lower case. Login looks the user up by it and
 * the login brakes count failures under it, so `" Admin"` is `admin` for both.
 */
export function loginNameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}
