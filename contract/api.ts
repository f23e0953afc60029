// The API contract: the JSON the REST API sends and accepts, as TypeBox schemas (contract/*.ts)
// from which the routes' validation, the OpenAPI document and these types all derive. The web app
// imports this module: the vocabulary's values, and types only from the schemas.
export * from './vocabulary.ts';
export * from './errors.ts';
export * from './regions.ts';
export type * from './common.ts';
export type * from './members.ts';
export type * from './accounts.ts';
export type * from './exchange.ts';
export type * from './federation.ts';
export type * from './knowledge.ts';
export type * from './notifications.ts';
export type * from './audit.ts';
