import { Anchor, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { sections } from '../../ui/sections.ts';
import { SectionUnavailable } from '../sections/SectionUnavailable.tsx';
import { useMe } from '../session/session.ts';

function greeting(hour: number): string {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

export function MyDayPage() {
  const me = useMe();
  const firstName = me.name.split(/\s+/)[0] ?? me.name;
  return (
    <SectionUnavailable section={sections[0]!}>
      <Text size="lg">
        {greeting(new Date().getHours())}, {firstName}.
      </Text>
      <Text size="sm" c="dimmed">
        What this version does have:{' '}
        <Anchor component={Link} to="/settings/users">
          users, teams and API keys
        </Anchor>
        , under Settings.
      </Text>
    </SectionUnavailable>
  );
}
