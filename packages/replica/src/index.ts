export * from './types';
export { createReplica, type CreateReplicaOptions, type ReplicaLogger } from './replica';
export { login, RequestFailed, type FetchLike, type FailureKind } from './http';
export { InvalidMovement } from './recording';
export { computeAvailability, freshestLevels } from './availability';
export { initialSyncProgress, INITIAL_STATUS } from './status';
export { movementInputOf } from './movements';
export type { IoFactory } from './replication/live';
export { foldText, barcodeVariants, searchProducts as searchProductsIn } from './product-search';
