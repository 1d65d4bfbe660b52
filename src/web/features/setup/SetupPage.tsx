import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { ApiError, api, unwrap } from '../../api.ts';
import { AuthCard } from '../../ui/AuthCard.tsx';
import { fieldsOf, showFieldErrors } from '../../ui/form.ts';
import { FormError } from '../../ui/states.tsx';
import { meQuery, setupQuery } from '../session/index.ts';

/** First run: creates the first admin, who is then signed in. */
export function SetupPage() {
  const form = useForm({
    initialValues: { name: '', email: '', password: '' },
    validate: {
      name: isNotEmpty('Enter your name.'),
      email: isNotEmpty('Enter your e-mail address.'),
      password: (p) => (p.length < 10 ? 'Use at least 10 characters.' : null),
    },
  });
  const nameRef = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  useEffect(() => nameRef.current?.focus(), []);

  const mutation = useMutation({
    mutationFn: ({ name, email, password }: typeof form.values) =>
      unwrap(api.POST('/api/v1/setup', { body: { name: name.trim(), email: email.trim(), password } })),
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
    onError: showFieldErrors(form),
  });

  return (
    <AuthCard
      title="Welcome to Steward"
      subtitle="Create the first admin account. You can add everyone else from Settings afterwards."
    >
      <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values))}>
        <Stack gap="sm">
          <FormError error={mutation.error} fields={fieldsOf(form)} />
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
            {...form.getInputProps('name')}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters."
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
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
