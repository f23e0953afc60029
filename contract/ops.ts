// Operations: what a load balancer and a monitoring system read. Unauthenticated answers say
// as little as possible: a status and, when not ready, which check failed.
import { Type, type Static } from 'typebox';

export const HealthSchema = Type.Object({ status: Type.Literal('ok') });

export const ReadinessSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  reason: Type.Optional(
    Type.Union([
      Type.Literal('shutting_down'),
      Type.Literal('database'),
      Type.Literal('migrations'),
    ]),
  ),
});
export type ReadinessAnswer = Static<typeof ReadinessSchema>;
