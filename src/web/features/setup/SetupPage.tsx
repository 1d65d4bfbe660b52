import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, fieldErrorsOf, otherFieldErrors, unwrap } from '../../api.ts';
import { AuthCard } from '../../ui/AuthCard.tsx';
import { FormError } from '../../ui/states.tsx';
import { meQuery, setupQuery } from '../session/session.ts';

const fields = ['name', 'email', 'password'] as const;

/** First run: creates the first admin, who is then signed in. */
export function SetupPage() {
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const nameRef = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  useEffect(() => nameRef.current?.focus(), []);

  const mutation = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/setup', {
          body: { name: values.name.trim(), email: values.email.trim(), password: values.password },
        }),
      ),
    onSuccess: async (me) => {
      queryClient.setQueryData(setupQuery.queryKey, { needed: false });
      queryClient.setQueryData(meQuery.queryKey, me);
      notifications.show({
        color: 'green',
        title: `Welcome, ${me.name}`,
        message: 'Your admin account is ready.',
      });
      await navigate({ to: '/', replace: true });
    },
  });

  const submit = () => {
    const errors: Record<string, string> = {};
    if (!values.name.trim()) errors.name = 'Enter your name.';
    if (!values.email.trim()) errors.email = 'Enter your e-mail address.';
    if (values.password.length < 10) errors.password = 'Use at least 10 characters.';
    setLocal(errors);
    if (Object.keys(errors).length === 0) mutation.mutate();
  };

  const server = fieldErrorsOf(mutation.error);
  const errorOf = (f: (typeof fields)[number]) => local[f] ?? (mutation.isError ? server[f] : undefined);
  const set = (f: (typeof fields)[number]) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const v = e.currentTarget.value;
    setValues((s) => ({ ...s, [f]: v }));
  };

  return (
    <AuthCard
      title="Welcome to Steward"
      subtitle="Create the first admin account. You can add everyone else from Settings afterwards."
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <FormError error={mutation.error} extra={otherFieldErrors(mutation.error, fields)} />
          {mutation.error instanceof ApiError && mutation.error.status === 409 && (
            <Button component={Link} to="/sign-in" variant="light">
              Go to sign in
            </Button>
          )}
          <TextInput
            ref={nameRef}
            label="Name"
            autoComplete="name"
            required
            value={values.name}
            onChange={set('name')}
            error={errorOf('name')}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={values.email}
            onChange={set('email')}
            error={errorOf('email')}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters."
            autoComplete="new-password"
            required
            value={values.password}
            onChange={set('password')}
            error={errorOf('password')}
            visibilityToggleButtonProps={{ 'aria-label': 'Show typed characters' }}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth mt="xs">
            Create admin account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
