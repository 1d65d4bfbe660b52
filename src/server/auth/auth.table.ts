import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { roles } from '../../core/schemas/common.ts';
import { at, createdAt, pk, updatedAt, version } from '../db/columns.ts';

// The four tables better-auth needs, written by hand (its generator fails on Node 20).
export const users = pgTable(
  'users',
  {
    id: pk(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    role: text('role', { enum: roles }).notNull().default('member'),
    active: boolean('active').notNull().default(true),
    /** Effort points the person can take on in a week (the workload report's capacity). */
    weeklyCapacityPoints: integer('weekly_capacity_points').notNull().default(20),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    index('users_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: pk(),
    token: text('token').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: at('expires_at').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('sessions_token_key').on(t.token), index('sessions_user_idx').on(t.userId)],
);

/** better-auth's "account": a credential of a user (not a client account). */
export const authAccounts = pgTable(
  'auth_accounts',
  {
    id: pk(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: at('access_token_expires_at'),
    refreshTokenExpiresAt: at('refresh_token_expires_at'),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('auth_accounts_user_idx').on(t.userId)],
);

export const verifications = pgTable('verifications', {
  id: pk(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: at('expires_at').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Recent sign-in attempts per e-mail and per client address (keys are HMACs keyed with the
 * deployment's secret, so neither what was typed nor the address is kept): the sign-in limit
 * reserves a slot here in one atomic statement before the password is checked, so parallel
 * attempts cannot all slip under it.
 */
export const signInAttempts = pgTable('sign_in_attempts', {
  key: text('key').primaryKey(),
  attempts: at('attempts').array().notNull(),
});
