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
