import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { storeObjects } from '../exchange/objects.service.ts';
import { memberByCode } from '../members/members.repository.ts';
import { systemActor } from '../policy/viewer.ts';
import { TLP2_MARKING_IDS } from '../stix/tlp.ts';
import { foldName } from './fold.ts';
import { idsNamed } from './knowledge.repository.ts';
import { addNote, addOpinion } from './replies.service.ts';

/**
 * The knowledge wing's demo (EXERCISE DATA): the owner's names of the two groups in Arabic and
 * French, a note from Niger on the United States' report, and Morocco's opinion on Niger's.
 */
export async function loadKnowledgeDemo(db: Db): Promise<void> {
  const [iswap] = await idsNamed(db, 'intrusion-set', 'iswap');
  const [jnim] = await idsNamed(db, 'intrusion-set', 'jnim');
  const ma = await memberByCode(db, 'MA');
  if (!iswap || !jnim || !ma) return;
  const now = new Date().toISOString();
  const translation = (objectRef: string, ar: string, fr: string) => ({
    type: 'language-content',
    spec_version: '2.1',
    id: `language-content--${randomUUID()}`,
    created: now,
    modified: now,
    created_by_ref: ma.identity_id,
    object_ref: objectRef,
    object_modified: now,
    contents: { ar: { name: ar }, fr: { name: fr } },
    labels: ['exercise'],
    object_marking_refs: [TLP2_MARKING_IDS.clear],
  });
  await storeObjects(db, systemActor(ma), {
    objects: [
      translation(
        iswap,
        'تنظيم الدولة الإسلامية – ولاية غرب إفريقيا',
        'État islamique en Afrique de l’Ouest (EIAO)',
      ),
      translation(
        jnim,
        'جماعة نصرة الإسلام والمسلمين',
        'Groupe de soutien à l’islam et aux musulmans (GSIM)',
      ),
    ],
    audience: { kind: 'coalition' },
    federate: true,
    tlp: 'clear',
    source: 'demo',
  });

  const [usReport] = await idsNamed(
    db,
    'report',
    foldName('[EXERCISE] Financing networks of ISWAP around Lake Chad'),
  );
  const [neReport] = await idsNamed(
    db,
    'report',
    foldName('[EXERCICE] Bilan trimestriel de la menace dans la région de Tillabéri'),
  );
  const ne = await memberByCode(db, 'NE');
  if (usReport && ne)
    await addNote(db, systemActor(ne), usReport, {
      content:
        '[EXERCICE] Des circuits de financement semblables sont observés dans la région de Diffa ; à recouper avec nos propres sources.',
      abstract: '[EXERCICE] Recoupement depuis Diffa',
      lang: 'fr',
    });
  if (neReport)
    await addOpinion(db, systemActor(ma), neReport, {
      opinion: 'agree',
      explanation: '[تمرين] يتوافق التقييم مع ما نلاحظه في المنطقة.',
      lang: 'ar',
    });
}
