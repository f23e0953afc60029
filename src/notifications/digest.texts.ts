import type { Locale, NotificationKind, OpinionValue } from '../../contract/vocabulary.ts';

/**
 * The e-mail digest's words in the three languages of the interface (the web app's catalogs are
 * the web app's; mail is written by the server). `{name}` placeholders are filled by `fill`.
 */
export interface DigestTexts {
  subject: string;
  greeting: string;
  intro: Record<'daily' | 'weekly', string>;
  tlpNotice: string;
  kinds: Record<NotificationKind | 'revoked', string>;
  /** Where what it concerns is named: "on «{about}»". */
  about: string;
  red: string;
  more: string;
  open: string;
  footer: string;
  opinions: Record<OpinionValue, string>;
  types: Record<string, string>;
  unavailable: string;
}

export const DIGEST_TEXTS: Record<Locale, DigestTexts> = {
  en: {
    subject: '{tlp} Tansiq: {count} new for {member} since {since}',
    greeting: 'Hello {username},',
    intro: {
      daily: 'Here is what changed for {member} since {since} (your daily digest).',
      weekly: 'Here is what changed for {member} since {since} (your weekly digest).',
    },
    tlpNotice:
      'This message carries information marked up to {tlp}: share it only as that marking allows (FIRST TLP 2.0).',
    kinds: {
      object: '{owner} shared a new {type}',
      version: '{owner} published a new version of a {type}',
      revoked: '{owner} revoked a {type}',
      note: '{owner} wrote a note',
      opinion: '{owner} gave an opinion: {opinion}',
      mention: '{owner} mentions your member in a {type}',
    },
    about: 'on {about}',
    red: 'A TLP:RED item: its content is not sent by e-mail; open it in Tansiq.',
    more: '… and {count} more in Tansiq.',
    open: 'Open your notifications',
    footer:
      'You receive this digest because you turned it on in your account. Change it or turn it off on your account page: {url}',
    opinions: {
      'strongly-disagree': 'strongly disagree',
      disagree: 'disagree',
      neutral: 'neutral',
      agree: 'agree',
      'strongly-agree': 'strongly agree',
    },
    types: {
      report: 'report',
      incident: 'incident',
      grouping: 'grouping',
      campaign: 'campaign',
      'intrusion-set': 'intrusion set',
      'threat-actor': 'threat actor',
      malware: 'malware',
      tool: 'tool',
      'attack-pattern': 'attack pattern',
      vulnerability: 'vulnerability',
      infrastructure: 'infrastructure',
      'course-of-action': 'course of action',
      relationship: 'relationship',
      sighting: 'sighting',
      'language-content': 'translation',
      identity: 'identity',
      note: 'note',
      opinion: 'opinion',
    },
    unavailable: 'an object you may not read',
  },
  fr: {
    subject: '{tlp} Tansiq : {count} nouveautés depuis le {since} ({member})',
    greeting: 'Bonjour {username},',
    intro: {
      daily:
        'Voici ce qui a changé depuis le {since} pour votre membre, {member} (votre résumé quotidien).',
      weekly:
        'Voici ce qui a changé depuis le {since} pour votre membre, {member} (votre résumé hebdomadaire).',
    },
    tlpNotice:
      'Ce message contient des informations marquées jusqu’à {tlp} : ne les partagez que comme ce marquage le permet (FIRST TLP 2.0).',
    kinds: {
      object: 'Nouvel objet ({type}), émetteur : {owner}',
      version: 'Nouvelle version ({type}), émetteur : {owner}',
      revoked: 'Objet révoqué ({type}), émetteur : {owner}',
      note: 'Note, émetteur : {owner}',
      opinion: 'Avis « {opinion} », émetteur : {owner}',
      mention: 'Mention de votre membre ({type}), émetteur : {owner}',
    },
    about: 'sur {about}',
    red: 'Un élément TLP:RED : son contenu n’est pas envoyé par courriel ; ouvrez-le dans Tansiq.',
    more: '… et {count} de plus dans Tansiq.',
    open: 'Ouvrir vos notifications',
    footer:
      'Vous recevez ce résumé parce que vous l’avez activé dans votre compte. Modifiez-le ou désactivez-le sur la page de votre compte : {url}',
    opinions: {
      'strongly-disagree': 'pas du tout d’accord',
      disagree: 'pas d’accord',
      neutral: 'neutre',
      agree: 'd’accord',
      'strongly-agree': 'tout à fait d’accord',
    },
    types: {
      report: 'rapport',
      incident: 'incident',
      grouping: 'regroupement',
      campaign: 'campagne',
      'intrusion-set': 'ensemble d’intrusion',
      'threat-actor': 'acteur de la menace',
      malware: 'logiciel malveillant',
      tool: 'outil',
      'attack-pattern': 'mode opératoire',
      vulnerability: 'vulnérabilité',
      infrastructure: 'infrastructure',
      'course-of-action': 'mesure',
      relationship: 'relation',
      sighting: 'observation',
      'language-content': 'traduction',
      identity: 'identité',
      note: 'note',
      opinion: 'avis',
    },
    unavailable: 'un objet que vous ne pouvez pas lire',
  },
  ar: {
    subject: '{tlp} تنسيق: {count} من المستجدات تخص {member} منذ {since}',
    greeting: 'مرحبا {username}،',
    intro: {
      daily: 'إليك ما تغيّر بالنسبة إلى {member} منذ {since} (ملخصك اليومي).',
      weekly: 'إليك ما تغيّر بالنسبة إلى {member} منذ {since} (ملخصك الأسبوعي).',
    },
    tlpNotice:
      'تتضمن هذه الرسالة معلومات مصنفة حتى {tlp}: لا تشاركها إلا بما يسمح به هذا التصنيف (FIRST TLP 2.0).',
    kinds: {
      object: 'عنصر جديد من {owner} ({type})',
      version: 'نسخة جديدة من {owner} ({type})',
      revoked: 'إلغاء من {owner} ({type})',
      note: 'ملاحظة من {owner}',
      opinion: 'رأي من {owner}: {opinion}',
      mention: 'إشارة إلى عضوكم من {owner} ({type})',
    },
    about: 'على {about}',
    red: 'عنصر مصنف TLP:RED: لا يُرسل محتواه بالبريد الإلكتروني؛ افتحه في تنسيق.',
    more: '… و{count} غيرها في تنسيق.',
    open: 'افتح إشعاراتك',
    footer:
      'تصلك هذه الرسالة لأنك فعّلت الملخص في حسابك. يمكنك تغييره أو إيقافه من صفحة حسابك: {url}',
    opinions: {
      'strongly-disagree': 'أعارض بشدة',
      disagree: 'أعارض',
      neutral: 'محايد',
      agree: 'أوافق',
      'strongly-agree': 'أوافق بشدة',
    },
    types: {
      report: 'تقرير',
      incident: 'حادث',
      grouping: 'تجميع',
      campaign: 'حملة',
      'intrusion-set': 'مجموعة اختراق',
      'threat-actor': 'جهة تهديد',
      malware: 'برمجية خبيثة',
      tool: 'أداة',
      'attack-pattern': 'نمط هجوم',
      vulnerability: 'ثغرة',
      infrastructure: 'بنية تحتية',
      'course-of-action': 'إجراء مضاد',
      relationship: 'علاقة',
      sighting: 'رصد',
      'language-content': 'ترجمة',
      identity: 'هوية',
      note: 'ملاحظة',
      opinion: 'رأي',
    },
    unavailable: 'عنصر لا يحق لك الاطلاع عليه',
  },
};

export function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
