import { Avatar, Badge, Box, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconKey, IconLock, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { Suspense, useState } from 'react';
import { ChangePasswordModal, useMe } from '../features/session/index.ts';
import { roleLabel } from '../features/users/index.ts';
import { initials } from './format.ts';

export function UserMenu({ onSignOut }: { onSignOut: () => void }) {
  const me = useMe();
  const [changingPassword, setChangingPassword] = useState(false);
  // The dialog's code loads when it is first asked for, and it stays mounted after.
  const [passwordAsked, setPasswordAsked] = useState(false);
  return (
    <>
      <Menu position="bottom-end" width={260} withinPortal>
        <Menu.Target>
          <UnstyledButton
            aria-label="User menu"
            px={6}
            py={4}
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          >
            <Group gap={8} wrap="nowrap">
              <Avatar size={30} radius="xl" color="indigo" aria-hidden>
                {initials(me.name)}
              </Avatar>
              <Text size="sm" fw={500} visibleFrom="xs" maw={160} truncate="end">
                {me.name}
              </Text>
              <IconChevronDown size={14} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Box px="sm" py={6}>
            <Text size="sm" fw={500} truncate="end">
              {me.name}
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {me.email}
            </Text>
            <Badge mt={6} size="sm" variant="light">
              {roleLabel(me.role)}
            </Badge>
          </Box>
          <Menu.Divider />
          <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} />}>
            Profile
          </Menu.Item>
          <Menu.Item component={Link} to="/settings/api-keys" leftSection={<IconKey size={16} />}>
            API keys
          </Menu.Item>
          <Menu.Item
            leftSection={<IconLock size={16} />}
            onClick={() => {
              setPasswordAsked(true);
              setChangingPassword(true);
            }}
          >
            Change password
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={onSignOut}>
            Sign out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {passwordAsked && (
        <Suspense fallback={null}>
          <ChangePasswordModal opened={changingPassword} onClose={() => setChangingPassword(false)} />
        </Suspense>
      )}
    </>
  );
}
