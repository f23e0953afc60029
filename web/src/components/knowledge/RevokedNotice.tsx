import { useEffect, useState } from 'react';
import type { Reply } from '../../api';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { knowledgeApi } from '../../knowledgeApi';
import { Alert } from '../Alert';
import { useMemberName } from '../Names';
import { textDir } from './ObjectRef';

/** The revocation, with the owner's reason when the reader may read it. */
export function RevokedNotice({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const [reason, setReason] = useState<Reply | null>(null);
  useEffect(() => {
    let live = true;
    knowledgeApi.replies(id).then(
      (found) => live && setReason(found.notes.find((n) => n.revocation) ?? null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id]);
  return (
    <Alert kind="warning" testId="kn-revoked-notice">
      <strong>{t('detail.revokedNotice')}</strong>
      {reason && (
        <>
          <br />
          {t('knowledge.revoked.by', {
            member: memberName(reason.owner),
            date: formatDateTime(locale, reason.modified),
          })}{' '}
          <q lang={reason.lang} dir={textDir(reason.lang)} data-testid="kn-revoked-reason">
            {reason.content}
          </q>
        </>
      )}
    </Alert>
  );
}
