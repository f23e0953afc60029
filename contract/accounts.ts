import { Type, type Static } from 'typebox';
import { LocaleSchema, Nullable, OneOf } from './common.ts';
import { MemberSchema, MyGroupSchema } from './members.ts';
import { REGIONS } from './regions.ts';
import { ROLES, TOKEN_SCOPES } from './vocabulary.ts';

export const RoleSchema = OneOf(ROLES);
export const TokenScopeSchema = OneOf(
  TOKEN_SCOPES,
  'read, write, or federation: read-only, and only what may be federated (for a peer instance)',
);

/** Two-step verification: `pending` is an enrolment started but not confirmed, with no factor on. */
export const TotpStateSchema = OneOf(['off', 'pending', 'on'] as const);
export type TotpState = Static<typeof TotpStateSchema>;

export const MeSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: RoleSchema,
  locale: LocaleSchema,
  /** The region the user chose (contract/regions.ts), or null: the member's country decides. */
  region: Nullable(Type.String()),
  /** The BCP 47 tag dates, month names and digits are written in for this user now. */
  formatting_locale: Type.String(),
  totp: TotpStateSchema,
  /** Unused recovery codes of the second factor. */
  recovery_codes_left: Type.Integer(),
  /** The installation requires a second factor of this user (and it has none yet: only enrolment works). */
  second_factor_required: Type.Boolean(),
  member: MemberSchema,
  groups: Type.Array(MyGroupSchema),
  /** Present for cookie sessions: echo it in `x-csrf-token` on writes. */
  csrfToken: Type.Optional(Type.String()),
});
export type Me = Static<typeof MeSchema>;

/** What a user changes of their own account: the interface language, the region. */
export const MyPreferencesSchema = Type.Object(
  {
    locale: Type.Optional(LocaleSchema),
    region: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 35,
          description: `dates, month names and digits: one of ${REGIONS.join(', ')}; null: from the member’s country`,
        }),
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MyPreferences = Static<typeof MyPreferencesSchema>;

export const LoginSchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
    totp: Type.Optional(Type.String({ maxLength: 12 })),
  },
  { additionalProperties: false },
);

export const TotpCodeSchema = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 12 }) },
  { additionalProperties: false },
);

export const TotpEnrolmentSchema = Type.Object({ secret: Type.String(), uri: Type.String() });
export type TotpEnrolment = Static<typeof TotpEnrolmentSchema>;

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: RoleSchema,
  locale: LocaleSchema,
  disabled: Type.Boolean(),
  created_at: Type.String(),
  member_id: Type.String(),
  member_code: Type.String(),
});
export type User = Static<typeof UserSchema>;

export const NewUserSchema = Type.Object(
  {
    username: Type.String({ maxLength: 63 }),
    password: Type.String({ maxLength: 256 }),
    role: RoleSchema,
    member: Type.String({ maxLength: 16, description: "the member's code" }),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);
export type NewUser = Static<typeof NewUserSchema>;

export const UserChangeSchema = Type.Object(
  {
    password: Type.Optional(Type.String({ maxLength: 256 })),
    disabled: Type.Optional(Type.Boolean()),
    role: Type.Optional(RoleSchema),
  },
  { additionalProperties: false },
);
export type UserChange = Static<typeof UserChangeSchema>;

export const UserRefSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: RoleSchema,
  disabled: Type.Optional(Type.Boolean()),
});

export const ApiTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: TokenScopeSchema,
  created_at: Type.String(),
  last_used_at: Nullable(Type.String()),
  username: Type.String(),
});
export type ApiToken = Static<typeof ApiTokenSchema>;

export const NewTokenSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), scope: TokenScopeSchema },
  { additionalProperties: false },
);

export const CreatedTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: TokenScopeSchema,
  token: Type.String({ description: 'shown once: keep it, it is stored hashed' }),
});
export type CreatedToken = Static<typeof CreatedTokenSchema>;

/** One of the signed-in user's sessions: where and when it was used; `current` is this one. */
export const SessionInfoSchema = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  expires_at: Type.String(),
  last_seen_at: Nullable(Type.String()),
  address: Nullable(Type.String()),
  user_agent: Nullable(Type.String()),
  current: Type.Boolean(),
});
export type SessionInfo = Static<typeof SessionInfoSchema>;

/** Recovery codes, shown once: each signs in once in place of an authenticator code. */
export const RecoveryCodesSchema = Type.Object({ recovery_codes: Type.Array(Type.String()) });
export type RecoveryCodes = Static<typeof RecoveryCodesSchema>;
