import { useMutation } from '@tanstack/react-query';
import { password } from '../../../core/schemas/people.ts';
import { api, type Body, unwrap } from '../../api.ts';

/** The server's own length rule for a new password (10 to 128 characters), checked before sending. */
export function newPasswordError(value: string): string | null {
  const parsed = password.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'This password cannot be used.');
}

/** The rule of a "Repeat new password" field. */
export function repeatError(value: string, values: { newPassword: string }): string | null {
  return value === values.newPassword ? null : 'This does not match the new password.';
}

/** The signed-in user changes their password; their other sessions end, this one stays. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: Body<'/api/v1/me/password', 'post'>) =>
      unwrap(api.POST('/api/v1/me/password', { body })),
  });
}
