import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { errorMessage, signIn } from '../../api.ts';
import { AuthCard } from '../../ui/AuthCard.tsx';
import { meQuery, safeRedirect } from './session.ts';

export function SignInPage({ redirect }: { redirect?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailRef = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  useEffect(() => emailRef.current?.focus(), []);

  const mutation = useMutation({
    mutationFn: async () => {
      await signIn(email.trim(), password);
      return queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
    },
    onSuccess: async () => {
      await navigate({ href: safeRedirect(redirect), replace: true });
    },
    onError: () => setPassword(''),
  });

  return (
    <AuthCard title="Sign in" subtitle="Use the e-mail and password your Steward admin gave you.">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutate();
        }}
      >
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
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
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
