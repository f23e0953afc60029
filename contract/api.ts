// The API contract: the JSON the REST API sends and accepts, typed once for both sides. The server's
// `present*` functions return these types; the web app imports them (it never imports server code).
// Types and constants only: nothing here may import from src/ or web/.

export const LOCALES = ['ar', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Localized = Record<Locale, string>;

export const ROLES = ['instance_admin', 'member_admin', 'analyst', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export interface Member {
  id: string;
  code: string;
  kind: string;
  iso2: string | null;
  names: Localized;
  identity_id: string;
}

export interface MyGroup {
  slug: string;
  names: Localized;
}

/** Two-step verification: `pending` is an enrolment started but not confirmed, with no factor on. */
export type TotpState = 'off' | 'pending' | 'on';

export interface Me {
  id: string;
  username: string;
  role: Role;
  locale: Locale;
  totp: TotpState;
  member: Member;
  groups: MyGroup[];
  /** Present for cookie sessions: echo it in `x-csrf-token` on writes. */
  csrfToken?: string;
}

export interface ChairTerm {
  member: string;
  from: string;
  to: string | null;
}

export interface Group {
  id: string;
  slug: string;
  names: Localized;
  members: string[];
  observers: string[];
  chairs: string[];
  chairTerms: ChairTerm[];
}

export const MEMBER_KINDS = ['state', 'organisation'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** `POST /members` (instance admins): the code is upper-cased; every name is required. */
export interface NewMember {
  /** 2 to 16 letters, digits or hyphens. */
  code: string;
  /** ISO 3166-1 alpha-2 (`NE`), for a state. */
  iso2?: string | null;
  kind: MemberKind;
  names: Localized;
}

/** `POST /groups` (instance admins). */
export interface NewGroup {
  /** Lower-case letters, digits and hyphens. */
  slug: string;
  names: Localized;
}

/** What `POST /groups` answers. */
export interface GroupRef {
  id: string;
  slug: string;
  names: Localized;
}

export const GROUP_ROLES = ['member', 'observer'] as const;
/** How a member takes part in a working group (`PUT /groups/{slug}/members/{code}`). */
export type GroupRole = (typeof GROUP_ROLES)[number];

/** `POST /groups/{slug}/chairs`: a term runs from `from` up to, not including, `to`. */
export interface NewChairTerm {
  /** The member's code. */
  member: string;
  from: string;
  to?: string | null;
}

// TLP 2.0 labels as the API spells them (FIRST TLP 2.0).
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLPS)[number];

export type Audience = 'member' | 'coalition' | `group:${string}` | { recipients: string[] };

/** A STIX 2.1 object as stored; only the common properties are typed. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  name?: string;
  description?: string;
  lang?: string;
  revoked?: boolean;
  [property: string]: unknown;
}

export interface Item {
  object: StixObject;
  owner: string;
  audience: Audience;
  tlp: Tlp;
  federate: boolean;
  source: string;
  date_added: string;
}

export interface Translation {
  name?: string;
  description?: string;
}

/** A translation another member attached to an object it does not own: shown attributed, apart. */
export interface Contribution extends Translation {
  /** The language-content object that carries it. */
  id: string;
  lang: string;
  owner: string;
  tlp: Tlp;
  date_added: string;
}

export interface ObjectDetail extends Item {
  /** The owner's own translations (language-content it wrote), by language. */
  translations: Partial<Record<string, Translation>>;
  /** Translations other members attached, each attributed to its member. */
  contributions: Contribution[];
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface ObjectFilters {
  type?: string;
  tlp?: string;
  owner?: string;
}

/** By date added: newest first is what analysts expect; `asc` replays history. */
export type ObjectOrder = 'asc' | 'desc';

export interface User {
  id: string;
  username: string;
  role: Role;
  locale: Locale;
  disabled: boolean;
  created_at: string;
  member_id: string;
  member_code: string;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  /** The member's code. */
  member: string;
  locale?: Locale;
}

export interface UserChange {
  disabled?: boolean;
  role?: Role;
  password?: string;
}

/** Federation: a TAXII 2.1 server this instance pulls from and pushes to (instance admins). */
export interface PeerCheckpoint {
  direction: 'pull' | 'push';
  collection_id: string;
  /** date_added of the last object handled (remote for pull, local for push). */
  added_after: string;
  updated_at: string;
}

export interface Peer {
  name: string;
  url: string;
  username: string;
  auth: 'password' | 'token';
  /** Code of the local member that owns what is pulled. */
  member: string;
  /** `member`, `coalition`, `group:<slug>` or `recipients:A,B`. */
  audience: string;
  collections: string[];
  interval_seconds: number;
  created_at: string;
  last_pull_at: string | null;
  last_error: string | null;
  checkpoints: PeerCheckpoint[];
}

export interface NewPeer {
  name: string;
  url: string;
  username: string;
  password?: string;
  token?: string;
  member?: string;
  audience: string;
  collections?: string[];
  interval_seconds?: number;
}

export interface CollectionTransfer {
  collection: string;
  title: string;
  fetched: number;
  stored: number;
  duplicates: number;
  rejected: number;
  problems: string[];
  checkpoint: string | null;
  error?: string;
}

export interface TransferReport {
  peer: string;
  collections: CollectionTransfer[];
  error?: string;
}

export interface TotpEnrolment {
  secret: string;
  uri: string;
}

export type TokenScope = 'read' | 'write' | 'federation';

export interface ApiToken {
  id: string;
  name: string;
  scope: TokenScope;
  created_at: string;
  last_used_at: string | null;
  username: string;
}

export interface CreatedToken {
  id: string;
  name: string;
  scope: TokenScope;
  token: string;
}

export interface NewReport {
  names: Partial<Record<Locale, string>>;
  descriptions: Partial<Record<Locale, string>>;
  tlp: Tlp;
  audience: Audience;
  federate: boolean;
  object_refs?: string[];
}
