export * from './movement';
export * from './stock';
export * from './count';
export * from './decide';
export * from './threshold';
export * from './availability';
export * from './book';
export * from './reorder';
