import type { Tlp } from '../api';
import { useI18n } from '../i18n';

// FIRST TLP 2.0: the label is written in capitals, in the colour of the level, on a black
// background; labels are not translated. CLEAR is white (shown with a border to stay visible).
const LABELS: Record<Tlp, string> = {
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  'amber+strict': 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

export function tlpLabel(tlp: Tlp): string {
  return LABELS[tlp];
}

export function TlpBadge({ tlp }: { tlp: Tlp }) {
  const { t } = useI18n();
  return (
    <span
      className={`tlp tlp-${tlp.replace('+', '-')}`}
      title={t(`tlp.desc.${tlp}`)}
      data-testid="tlp-badge"
      data-tlp={tlp}
      dir="ltr"
    >
      {LABELS[tlp]}
    </span>
  );
}
