/** Bumped on any change that an older device or server could not read. */
export const PROTOCOL_VERSION = 2;
export const API_PREFIX = '/api/v1';
