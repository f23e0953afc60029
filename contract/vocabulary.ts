// The vocabulary every side shares, written once: the server's policy and STIX modules, the API
// schemas and the web app all read these lists. Data only: this module imports nothing.

/** The interface and content languages. */
export const LOCALES = ['ar', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** What a user may do on the instance. */
export const ROLES = ['instance_admin', 'member_admin', 'analyst', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** TLP 2.0 levels as FIRST defines them, from the widest to the narrowest audience. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

/** Who a shared record is for: the owner only, a working group, the coalition, named members. */
export const AUDIENCE_KINDS = ['member', 'group', 'coalition', 'recipients'] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];

/** What an API token may do: read, write, or read what may be federated (a peer instance). */
export const TOKEN_SCOPES = ['read', 'write', 'federation'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** How a member takes part in a working group. */
export const GROUP_ROLES = ['member', 'observer'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const MEMBER_KINDS = ['state', 'organisation'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** ACLED's six event types (ACLED Codebook 2023), the incidents' `event_type`. */
export const EVENT_TYPES = [
  'battles',
  'explosions_remote_violence',
  'violence_against_civilians',
  'protests',
  'riots',
  'strategic_developments',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** ACLED's sub-event types under each event type (ACLED Codebook 2023). */
export const SUB_EVENT_TYPES = {
  battles: ['armed_clash', 'government_regains_territory', 'non_state_actor_overtakes_territory'],
  explosions_remote_violence: [
    'chemical_weapon',
    'air_drone_strike',
    'suicide_bomb',
    'shelling_artillery_missile_attack',
    'remote_explosive_landmine_ied',
    'grenade',
  ],
  violence_against_civilians: ['sexual_violence', 'attack', 'abduction_forced_disappearance'],
  protests: ['peaceful_protest', 'protest_with_intervention', 'excessive_force_against_protesters'],
  riots: ['violent_demonstration', 'mob_violence'],
  strategic_developments: [
    'agreement',
    'arrests',
    'change_to_group_activity',
    'disrupted_weapons_use',
    'headquarters_or_base_established',
    'looting_property_destruction',
    'non_violent_transfer_of_territory',
    'other',
  ],
} as const satisfies Record<EventType, readonly string[]>;
export type SubEventType = (typeof SUB_EVENT_TYPES)[EventType][number];

/** A STIX 2.1 opinion (§4.14), from the strongest disagreement to the strongest agreement. */
export const OPINIONS = [
  'strongly-disagree',
  'disagree',
  'neutral',
  'agree',
  'strongly-agree',
] as const;
export type OpinionValue = (typeof OPINIONS)[number];

/**
 * What a notification tells: a new object, a new version of one, a note or an opinion on one of
 * my member's objects, an object of another member that mentions my member or its objects.
 */
export const NOTIFICATION_KINDS = ['object', 'version', 'note', 'opinion', 'mention'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How often a user receives an e-mail digest of their notifications. */
export const DIGEST_FREQUENCIES = ['off', 'daily', 'weekly'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
