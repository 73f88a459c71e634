import { loginNameKey } from '@stockline/domain';
import { z } from 'zod';
import { hasControlCharacter, Id, NO_CONTROL_MESSAGE } from './common';

export const ROLES = ['clerk', 'manager', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const Username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only');
/** The server also refuses passwords that are easy to guess (a common-password check). */
export const MAX_PASSWORD_LENGTH = 200;
export const Password = z.string().min(10).max(MAX_PASSWORD_LENGTH);

/** A login name as typed; parsed into its one spelling (loginNameKey). */
const LoginName = z
  .string()
  .min(1)
  .max(64)
  .transform(loginNameKey)
  .pipe(
    z
      .string()
      .min(1, 'a login name is needed')
      .refine((s) => !hasControlCharacter(s), NO_CONTROL_MESSAGE),
  );

export const LoginRequest = z.strictObject({ username: LoginName, password: z.string().min(1).max(200) });
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Admins see every warehouse; others only those listed. */
export const User = z.object({
  id: Id,
  username: z.string(),
  role: Role,
  warehouseIds: z.array(Id),
  /** A deactivated user cannot log in; their tokens and live sockets stop at once. */
  active: z.boolean(),
});
export type User = z.infer<typeof User>;

export const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), user: User });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const CreateUserRequest = z.strictObject({
  username: Username,
  password: Password,
  role: Role,
  warehouseIds: z.array(Id).max(1000).default([]),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** An admin's change to a user: any of role, warehouses, password and active; at least one. */
export const UpdateUserRequest = z
  .strictObject({
    role: Role.optional(),
    warehouseIds: z.array(Id).max(1000).optional(),
    password: Password.optional(),
    active: z.boolean().optional(),
  })
  .refine(
    (u) => u.role !== undefined || u.warehouseIds !== undefined || u.password !== undefined || u.active !== undefined,
    {
      message: 'give at least one of role, warehouseIds, password, active',
    },
  );
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;
