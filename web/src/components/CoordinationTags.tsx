import type { ActionStatus, NeedPriority, ProjectStatus } from '../coordinationApi';
import { useI18n } from '../i18n';

/** Status and priority labels with a colour per value (the word, not the colour, carries it). */
export function StatusTag({
  kind,
  value,
}: {
  kind: 'project' | 'need' | 'action' | 'priority';
  value: ProjectStatus | NeedPriority | ActionStatus | 'covered' | 'withdrawn';
}) {
  const { t } = useI18n();
  return (
    <span
      className={`tag coord-tag coord-${kind}-${value}`}
      data-testid={`${kind}-status`}
      data-value={value}
    >
      {t(`coord.${kind}.${value}` as Parameters<typeof t>[0])}
    </span>
  );
}

/** EXERCISE: invented records are labelled everywhere they show. */
export function ExerciseTag({ exercise }: { exercise: boolean }) {
  const { t } = useI18n();
  if (!exercise) return null;
  return (
    <span className="tag coord-exercise" title={t('coord.exerciseHint')} data-testid="exercise-tag">
      {t('coord.exercise')}
    </span>
  );
}
