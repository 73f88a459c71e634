export * from './types';
export { createReplica, type CreateReplicaOptions } from './replica';
export { failureOf, HttpClient, login, readAnswer, RequestFailed, type FetchLike, type Query } from './http';
export { newMovementId } from './ids';
export type { IoFactory } from './replication/live';
export { BinShortage } from './recording';
