import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NewPeerSchema, PeerSchema, TransferReportSchema } from '../../contract/federation.ts';
import { answers, noContent } from '../http/responses.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { AppError, requireSession } from '../errors.ts';
import { requireActor } from '../http/auth.ts';
import { isInstanceAdmin } from '../policy/roles.ts';
import type { Actor } from '../policy/viewer.ts';
import type { Keyring } from '../secrets/keyring.ts';
import { addPeer, listPeers, presentPeer, removePeer, requirePeer } from './peers.service.ts';
import { pullPeer } from './pull.ts';
import { pushPeer } from './push.ts';

function requireAdmin(actor: Actor): Actor {
  requireSession(actor);
  if (!isInstanceAdmin(actor))
    throw new AppError(403, 'forbidden', 'peers are managed by instance admins');
  return actor;
}

const Name = Type.Object({ name: Type.String({ maxLength: 63 }) });

/** Peers for the admin UI: list, add, remove, pull or push now. Instance admins only. */
export async function peersRoutes(
  root: FastifyInstance,
  opts: { db: Db; keyring: Keyring | null; config?: Config },
): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db, keyring } = opts;

  app.get(
    '/',
    {
      schema: {
        tags: ['peers'],
        summary: 'Federation peers (never their passwords or tokens)',
        response: answers(Type.Object({ peers: Type.Array(PeerSchema) })),
      },
    },
    async (request) => {
      requireAdmin(requireActor(request));
      return { peers: await listPeers(db) };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['peers'],
        summary: 'Add a peer: a TAXII 2.1 server to pull from and push to',
        body: NewPeerSchema,
        response: answers(PeerSchema, 201),
      },
    },
    async (request, reply) => {
      const actor = requireAdmin(requireActor(request));
      const row = await addPeer(db, keyring, actor, request.body);
      return reply.status(201).send(await presentPeer(db, row));
    },
  );

  app.delete(
    '/:name',
    {
      schema: {
        tags: ['peers'],
        summary: 'Remove a peer and its checkpoints',
        params: Name,
        response: noContent,
      },
    },
    async (request, reply) => {
      const actor = requireAdmin(requireActor(request));
      await removePeer(db, actor, request.params.name);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:name/pull',
    {
      schema: {
        tags: ['peers'],
        summary: 'Pull from a peer now',
        params: Name,
        response: answers(TransferReportSchema),
      },
    },
    async (request) => {
      requireAdmin(requireActor(request));
      return pullPeer(db, await requirePeer(db, keyring, request.params.name), opts.config);
    },
  );

  app.post(
    '/:name/push',
    {
      schema: {
        tags: ['peers'],
        summary: 'Push to a peer now',
        params: Name,
        response: answers(TransferReportSchema),
      },
    },
    async (request) => {
      requireAdmin(requireActor(request));
      return pushPeer(db, await requirePeer(db, keyring, request.params.name));
    },
  );
}
