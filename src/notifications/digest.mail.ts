import type { ObjectLabel } from '../../contract/knowledge.ts';
import type { Notification } from '../../contract/notifications.ts';
import type { Locale } from '../../contract/vocabulary.ts';
import { stricterTlp, tlpLabel, type TlpLevel } from '../stix/tlp.ts';
import { DIGEST_TEXTS, fill } from './digest.texts.ts';

export interface DigestMessage {
  subject: string;
  text: string;
  html: string;
  language: Locale;
  /** The most restrictive marking of what the message carries (FIRST TLP 2.0: in the subject). */
  tlp: TlpLevel;
}

export interface DigestInput {
  locale: Locale;
  username: string;
  /** The user's member, named in the user's language. */
  member: string;
  frequency: 'daily' | 'weekly';
  /** Since when (RFC 3339). */
  since: string;
  items: Notification[];
  /** How many more there are beyond `items`. */
  more: number;
  /** Member names by code, in the user's language. */
  memberNames: Map<string, string>;
  publicUrl: string;
}

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Where a notification leads: a reply to the object it answers, anything else to itself. */
export function notificationLink(publicUrl: string, n: Notification): string {
  const target =
    (n.kind === 'note' || n.kind === 'opinion') && n.about[0] ? n.about[0].id : n.object.id;
  return `${publicUrl}/objects/${encodeURIComponent(target)}`;
}

/**
 * The digest as plain text and HTML, in the user's language and direction. TLP:RED items are named
 * by kind and member only: RED is for the eyes of named recipients, and mail passes through other
 * hands, so its content stays in Tansiq behind the link.
 */
export function composeDigest(input: DigestInput): DigestMessage {
  const { locale } = input;
  const tx = DIGEST_TEXTS[locale];
  const dir = locale === 'ar' ? 'rtl' : 'ltr';
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const number = new Intl.NumberFormat(locale);
  const since = date.format(new Date(input.since));
  const tlp = input.items.reduce<TlpLevel>((t, n) => stricterTlp(t, n.tlp), 'clear');
  const typeName = (type: string) => tx.types[type] ?? type;
  const labelName = (label: ObjectLabel) =>
    label.visible ? (label.names?.[locale] ?? label.name ?? typeName(label.type)) : tx.unavailable;
  const owner = (code: string) => input.memberNames.get(code) ?? code;

  interface Line {
    tlp: string;
    level: TlpLevel;
    head: string;
    name?: string;
    about?: string;
    excerpt?: string;
    url: string;
  }
  const lines: Line[] = input.items.map((n) => {
    const kind = n.kind === 'version' && n.revoked ? 'revoked' : n.kind;
    const head = fill(tx.kinds[kind], {
      owner: owner(n.owner),
      type: typeName(n.object.type),
      opinion: n.opinion ? tx.opinions[n.opinion] : '',
    });
    const url = notificationLink(input.publicUrl, n);
    if (n.tlp === 'red') return { tlp: tlpLabel(n.tlp), level: n.tlp, head, excerpt: tx.red, url };
    const replies = n.kind === 'note' || n.kind === 'opinion';
    return {
      tlp: tlpLabel(n.tlp),
      level: n.tlp,
      head,
      ...(replies ? {} : { name: labelName(n.object) }),
      ...(n.about.length
        ? { about: fill(tx.about, { about: n.about.map((a) => `«${labelName(a)}»`).join(', ') }) }
        : {}),
      ...(n.excerpt ? { excerpt: n.excerpt } : {}),
      url,
    };
  });

  const params = {
    username: input.username,
    member: input.member,
    since,
    count: number.format(input.items.length + input.more),
    tlp: tlpLabel(tlp),
    url: `${input.publicUrl}/account`,
  };
  const subject = fill(tx.subject, { ...params, tlp: `[${tlpLabel(tlp)}]` });
  const notifications = `${input.publicUrl}/notifications`;
  const more = input.more > 0 ? fill(tx.more, { count: number.format(input.more) }) : null;

  const text = [
    tlpLabel(tlp),
    '',
    fill(tx.greeting, params),
    fill(tx.intro[input.frequency], params),
    fill(tx.tlpNotice, params),
    '',
    ...lines.flatMap((l) => [
      `• [${l.tlp}] ${l.head}${l.name ? `: «${l.name}»` : ''}${l.about ? ` ${l.about}` : ''}`,
      ...(l.excerpt ? [`  ${l.excerpt}`] : []),
      `  ${l.url}`,
    ]),
    ...(more ? ['', more] : []),
    '',
    `${tx.open}: ${notifications}`,
    '',
    '-- ',
    fill(tx.footer, params),
  ].join('\n');

  const html = `<!doctype html>
<html lang="${locale}" dir="${dir}">
<head><meta charset="utf-8"><title>${escape(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #1b2430; direction: ${dir};">
<p><span style="background: #000; color: ${TLP_COLOURS[tlp]}; padding: 2px 6px; font-family: monospace;" dir="ltr">${tlpLabel(tlp)}</span></p>
<p>${escape(fill(tx.greeting, params))}</p>
<p>${escape(fill(tx.intro[input.frequency], params))}</p>
<p style="font-size: 0.9em; color: #555;">${escape(fill(tx.tlpNotice, params))}</p>
<ul style="padding-inline-start: 1.2em;">
${lines
  .map(
    (l) => `<li style="margin-block-end: 0.8em;" data-tlp="${escape(l.tlp)}">
<span style="background: #000; color: ${TLP_COLOURS[l.level]}; padding: 0 4px; font-family: monospace; font-size: 0.85em;" dir="ltr">${escape(l.tlp)}</span>
${escape(l.head)}${l.name ? `: <a href="${escape(l.url)}"><bdi>${escape(l.name)}</bdi></a>` : ''}${l.about ? ` ${escape(l.about)}` : ''}
${l.excerpt ? `<br><span style="color: #444;"><bdi>${escape(l.excerpt)}</bdi></span>` : ''}
${l.name ? '' : `<br><a href="${escape(l.url)}" dir="ltr">${escape(l.url)}</a>`}
</li>`,
  )
  .join('\n')}
</ul>
${more ? `<p>${escape(more)}</p>` : ''}
<p><a href="${escape(notifications)}">${escape(tx.open)}</a></p>
<hr>
<p style="font-size: 0.85em; color: #555;">${escape(fill(tx.footer, params))}</p>
</body>
</html>`;

  return { subject, text, html, language: locale, tlp };
}

/** FIRST TLP 2.0 colours (RGB), on black. */
const TLP_COLOURS: Record<TlpLevel, string> = {
  clear: '#ffffff',
  green: '#33ff00',
  amber: '#ffc000',
  'amber+strict': '#ffc000',
  red: '#ff2b2b',
};
