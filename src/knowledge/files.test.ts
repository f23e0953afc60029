import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import type { Attachment } from '../../contract/knowledge.ts';
import type { ObjectDetail } from '../../contract/exchange.ts';
import { kdb } from './knowledge.repository.ts';
import { PNG, samplePdf } from '../../test/knowledge.fixtures.ts';

type Headers = Record<string, string>;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const basic = (user: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${DEMO_PASSWORD}`).toString('base64')}`,
});

describe.each(DIALECTS)('attached files on %s', (dialect) => {
  let t: TestApp;
  let ma: Headers, ne: Headers, fr: Headers, reader: Headers;
  let report = '';
  const upload = (
    id: string,
    headers: Headers,
    bytes: Buffer,
    name: string,
    type = 'application/octet-stream',
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/objects/${id}/attachments?name=${encodeURIComponent(name)}`,
      headers: { ...headers, 'content-type': type },
      payload: bytes,
    });
  const newReport = async (headers: Headers, audience: unknown, name: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers,
      payload: { names: { fr: name }, audience, tlp: 'amber' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return json<ObjectDetail>(res).object.id;
  };
  const count = async (table: 'knowledge_files' | 'knowledge_file_chunks', hash: string) =>
    Number(
      (
        await kdb(t.handle.db)
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('sha256', '=', hash)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await testApp(dialect, {
      configure: { fileLimitBytes: 700 * 1024, publicUrl: 'https://tansiq.ne.example' },
    });
    ma = await t.login('analyst-ma');
    ne = await t.login('analyst-ne');
    fr = await t.login('analyst-fr');
    reader = await t.login('reader-ma');
    report = await newReport(
      ne,
      'group:africa-focus-group',
      '[EXERCICE] Rapport avec pièce jointe',
    );
  });
  afterAll(() => t.close());

  it('attaches a PDF to a report; a member who may read it downloads it, one who may not gets a 404', async () => {
    const pdf = samplePdf();
    const res = await upload(report, ne, pdf, 'تقرير ميداني "نيامي".pdf', 'application/pdf');
    expect(res.statusCode, res.body).toBe(201);
    const attachment = json<Attachment>(res);
    expect(attachment).toMatchObject({
      name: 'تقرير ميداني "نيامي".pdf',
      size: pdf.length,
      mime_type: 'application/pdf',
      sha256: sha256(pdf),
      available: true,
      owner: 'NE',
      tlp: 'amber',
    });
    const listed = json<{ items: Attachment[] }>(
      await t.app.inject({ url: `/api/v1/objects/${report}/attachments`, headers: ma }),
    ).items;
    expect(listed.map((a) => a.id)).toEqual([attachment.id]);
    // The answer to the upload is the attachment as the list shows it, field for field.
    const [own] = json<{ items: Attachment[] }>(
      await t.app.inject({ url: `/api/v1/objects/${report}/attachments`, headers: ne }),
    ).items;
    expect(attachment).toEqual(own);

    const got = await t.app.inject({ url: `/api/v1/attachments/${attachment.id}`, headers: ma });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    // The name as written (RFC 6266 filename*), and a plain-ASCII stand-in for old clients.
    const disposition = got.headers['content-disposition'] as string;
    expect(disposition.startsWith('attachment; filename="')).toBe(true);
    expect(
      disposition.endsWith(`; filename*=UTF-8''${encodeURIComponent('تقرير ميداني "نيامي".pdf')}`),
    ).toBe(true);
    expect(disposition.split(';')[1]).toMatch(/^ filename="[\x20-\x7e]+\.pdf"$/);
    expect(got.headers['content-security-policy']).toContain('sandbox');

    for (const id of [attachment.id, `file--${randomUUID()}`]) {
      const refused = await t.app.inject({ url: `/api/v1/attachments/${id}`, headers: fr });
      expect(refused.statusCode).toBe(404);
      expect(json(refused)).toEqual({ code: 'not_found', message: 'file not found' });
    }
    expect(
      (await t.app.inject({ url: `/api/v1/objects/${report}/attachments`, headers: fr }))
        .statusCode,
    ).toBe(404);
  });

  it('stores a content once, whatever the number of attachments, and streams large files in chunks', async () => {
    const big = samplePdf(600 * 1024);
    const second = await newReport(ne, 'coalition', '[EXERCICE] Deuxième rapport');
    const a = json<Attachment>(await upload(report, ne, big, 'annexe.pdf'));
    const b = json<Attachment>(await upload(second, ne, big, 'annexe-copie.pdf'));
    expect(a.sha256).toBe(b.sha256);
    expect(await count('knowledge_files', a.sha256)).toBe(1);
    expect(await count('knowledge_file_chunks', a.sha256)).toBe(3);
    const got = await t.app.inject({ url: `/api/v1/attachments/${b.id}`, headers: fr });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(big)).toBe(true);
    expect(got.headers['content-length']).toBe(String(big.length));
  });

  it('refuses what is not a document, too large, empty, unnamed, or not the writer’s to attach', async () => {
    const cases: [Headers, string, Buffer, string, number, string][] = [
      [
        ne,
        report,
        Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]),
        'tool.pdf',
        415,
        'file',
      ],
      [
        ne,
        report,
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'x.svg',
        415,
        'file',
      ],
      [ne, report, Buffer.alloc(701 * 1024, 0x61), 'large.txt', 413, 'file'],
      [ne, report, Buffer.alloc(0), 'empty.txt', 422, 'file'],
      [ne, report, samplePdf(), '/', 400, 'name'],
      [ma, report, samplePdf(), 'not-mine.pdf', 403, 'id'],
      [reader, report, samplePdf(), 'reader.pdf', 403, ''],
      [fr, report, samplePdf(), 'hidden.pdf', 404, ''],
    ];
    for (const [headers, id, bytes, name, status, field] of cases) {
      const res = await upload(id, headers, bytes, name);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(status);
      if (field) expect(json(res)).toMatchObject({ field });
    }
    const groups = json<{ items: { id: string }[] }>(
      await t.app.inject({ url: '/api/v1/objects/lookup?q=iswap&type=intrusion-set', headers: ma }),
    ).items;
    const onGroup = await upload(groups[0]!.id, ma, samplePdf(), 'profile.pdf');
    expect(onGroup.statusCode).toBe(422);
    // Text is accepted as text, whatever it claims to be.
    const text = json<Attachment>(
      await upload(report, ne, Buffer.from('a,b\n1,2\n'), 'table.csv', 'image/png'),
    );
    expect(text.mime_type).toBe('text/csv');
  });

  it('travels over TAXII as a file and an artifact with its hash, MIME type and the URL a peer fetches', async () => {
    const png = PNG;
    const attachment = json<Attachment>(await upload(report, ne, png, 'carte.png'));
    expect(attachment.mime_type).toBe('image/png');
    const collections = json<{ collections: { id: string }[] }>(
      await t.app.inject({
        url: '/taxii2/api/collections/',
        headers: { ...basic('analyst-ma'), accept: 'application/taxii+json;version=2.1' },
      }),
    ).collections;
    const objects: Record<string, unknown>[] = [];
    for (const c of collections) {
      const page = json<{ objects?: Record<string, unknown>[] }>(
        await t.app.inject({
          url: `/taxii2/api/collections/${c.id}/objects/?match[type]=artifact,file&limit=1000`,
          headers: { ...basic('analyst-ma'), accept: 'application/taxii+json;version=2.1' },
        }),
      );
      objects.push(...(page.objects ?? []));
    }
    const artifact = objects.find((o) => o.id === attachment.artifact)!;
    expect(artifact).toMatchObject({
      type: 'artifact',
      mime_type: 'image/png',
      hashes: { 'SHA-256': sha256(png) },
      url: `https://tansiq.ne.example/api/v1/files/${sha256(png)}`,
    });
    expect(objects.find((o) => o.id === attachment.id)).toMatchObject({
      type: 'file',
      name: 'carte.png',
      content_ref: attachment.artifact,
    });
    // The URL, with a peer's own credentials.
    const byHash = await t.app.inject({
      url: `/api/v1/files/${sha256(png)}`,
      headers: basic('analyst-ma'),
    });
    expect(byHash.statusCode).toBe(200);
    expect(byHash.rawPayload.equals(png)).toBe(true);
    expect(
      (await t.app.inject({ url: `/api/v1/files/${sha256(png)}`, headers: basic('analyst-fr') }))
        .statusCode,
    ).toBe(404);
    // An image may be shown in place; anything else always downloads.
    const inline = await t.app.inject({
      url: `/api/v1/attachments/${attachment.id}?inline=true`,
      headers: ma,
    });
    expect(inline.headers['content-disposition']).toMatch(/^inline;/);
  });

  it('a hash alone opens nothing: claiming another member’s content gives no access to it', async () => {
    const secret = samplePdf(10);
    const hidden = await newReport(ne, 'member', '[EXERCICE] Secret du Niger');
    const mine = json<Attachment>(await upload(hidden, ne, secret, 'secret.pdf'));
    const hash = sha256(secret);
    const artifact = {
      type: 'artifact',
      spec_version: '2.1',
      id: `artifact--${randomUUID()}`,
      hashes: { 'SHA-256': hash },
      url: 'https://example.invalid/x',
    };
    const file = {
      type: 'file',
      spec_version: '2.1',
      id: `file--${randomUUID()}`,
      name: 'claimed.pdf',
      hashes: { 'SHA-256': hash },
      content_ref: artifact.id,
    };
    const stored = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: fr,
      payload: { objects: [artifact, file], audience: 'member' },
    });
    expect(json<{ stored: number }>(stored).stored).toBe(2);
    expect((await t.app.inject({ url: `/api/v1/files/${hash}`, headers: fr })).statusCode).toBe(
      404,
    );
    expect(
      (await t.app.inject({ url: `/api/v1/attachments/${file.id}`, headers: fr })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/v1/attachments/${mine.id}`, headers: fr })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/v1/attachments/${mine.id}`, headers: ne })).statusCode,
    ).toBe(200);
  });

  it('an artifact that carries its bytes (payload_bin) is served from them', async () => {
    const artifact = {
      type: 'artifact',
      spec_version: '2.1',
      id: `artifact--${randomUUID()}`,
      mime_type: 'image/png',
      payload_bin: PNG.toString('base64'),
    };
    const file = {
      type: 'file',
      spec_version: '2.1',
      id: `file--${randomUUID()}`,
      name: 'inline.png',
      content_ref: artifact.id,
    };
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: fr,
      payload: { objects: [artifact, file], audience: 'member' },
    });
    const got = await t.app.inject({ url: `/api/v1/attachments/${file.id}`, headers: fr });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect(
      (await t.app.inject({ url: `/api/v1/attachments/${file.id}`, headers: ma })).statusCode,
    ).toBe(404);
  });
});
