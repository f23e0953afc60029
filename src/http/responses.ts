import { Type, type TSchema } from 'typebox';
import { ErrorSchema } from '../../contract/common.ts';

/**
 * Response schemas of a route: the 2xx body it answers (the OpenAPI document describes it, and
 * serialisation drops any field it does not name) and the one error shape of every 4xx.
 */
export function answers<T extends TSchema>(schema: T, status = 200) {
  return { [status]: schema, '4xx': ErrorSchema } as {
    [status: number]: T;
    '4xx': typeof ErrorSchema;
  };
}

/** A 204 answer: no body. */
export const noContent = { 204: Type.Null({ description: 'no content' }), '4xx': ErrorSchema };
