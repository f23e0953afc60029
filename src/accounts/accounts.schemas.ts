import { Type } from '@fastify/type-provider-typebox';

export const Locale = Type.Union([Type.Literal('ar'), Type.Literal('fr'), Type.Literal('en')]);
export const Role = Type.Union(
  ['instance_admin', 'member_admin', 'analyst', 'reader'].map((r) => Type.Literal(r)),
);
export const TotpCode = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 12 }) },
  { additionalProperties: false },
);
export const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
