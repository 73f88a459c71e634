export * from './types';
export { createReplica, type CreateReplicaOptions, type ReplicaLogger } from './replica';
export {
  failureOf,
  HttpClient,
  login,
  readAnswer,
  RequestFailed,
  type AnswerSchema,
  type FailureCode,
  type FailureKind,
  type FetchLike,
  type HttpClientOptions,
  type Method,
  type Query,
  type SendOptions,
} from './http';
export { InvalidMovement } from './recording';
export { computeAvailability, freshestLevels } from './availability';
export { initialSyncProgress, INITIAL_STATUS } from './status';
export { movementInputOf } from './movements';
export { newMovementId } from './ids';
export type { IoFactory } from './replication/live';
