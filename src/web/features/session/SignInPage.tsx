import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { errorMessage, signIn } from '../../api.ts';
import { AuthCard } from '../../ui/AuthCard.tsx';
import { meQuery, safeRedirect } from './session.ts';

export function SignInPage({ redirect }: { redirect?: string }) {
  const form = useForm({ initialValues: { email: '', password: '' } });
  const emailRef = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  useEffect(() => emailRef.current?.focus(), []);

  const mutation = useMutation({
    mutationFn: async ({ email, password }: typeof form.values) => {
      await signIn(email.trim(), password);
      return queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
    },
    onSuccess: async () => {
      await navigate({ href: safeRedirect(redirect), replace: true });
    },
    onError: () => form.setFieldValue('password', ''),
  });

  return (
    <AuthCard title="Sign in" subtitle="Use the e-mail and password your Steward admin gave you.">
      <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values))}>
        <Stack gap="sm">
          {mutation.isError && (
            <Alert color="red" icon={<IconAlertCircle />} role="alert">
              {errorMessage(mutation.error)}
            </Alert>
          )}
          <TextInput
            ref={emailRef}
            label="Email"
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
            visibilityToggleButtonProps={{ 'aria-label': 'Show typed characters' }}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
