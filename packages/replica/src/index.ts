export * from './types';
export { createReplica, type CreateReplicaOptions } from './replica';
export { login, RequestFailed, type FetchLike } from './http';
export { newMovementId } from './ids';
export type { IoFactory } from './replication/live';
