import { describe, expect, it } from 'vitest';
import {
  knownPlaceholders,
  placeholdersIn,
  renderPlaceholders,
  unknownPlaceholders,
} from './playbook-placeholders.ts';

const values = {
  account: { name: 'Acme', arr: 12000, ownerName: 'Sam' },
  event: {
    type: 'health.band_changed',
    occurredAt: '2026-03-01T10:00:00.000Z',
    id: 'e1',
    data: { from: 'yellow', to: 'red', score: 31 },
  },
};

describe('placeholders', () => {
  it('parses them, with or without spaces', () => {
    expect(placeholdersIn('Hi {{account.name}}, {{ event.data.to }} {{nope')).toEqual([
      'account.name',
      'event.data.to',
    ]);
  });
  it('knows the account ones and the event data of the trigger', () => {
    const keys = ['from', 'to', 'score'];
    expect(unknownPlaceholders('{{account.name}} {{account.arr}} {{account.owner.name}}', keys)).toEqual([]);
    expect(
      unknownPlaceholders('{{event.type}} {{event.occurredAt}} {{event.data.to}} {{event.score}}', keys),
    ).toEqual([]);
    expect(unknownPlaceholders('{{account.owner.email}} {{event.data.days}} {{user.name}}', keys)).toEqual([
      'account.owner.email',
      'event.data.days',
      'user.name',
    ]);
    expect(knownPlaceholders(['to'])).toEqual([
      'account.name',
      'account.arr',
      'account.owner.name',
      'event.type',
      'event.occurredAt',
      'event.id',
      'event.data.to',
    ]);
  });
  it('renders them', () => {
    expect(
      renderPlaceholders(
        '{{account.name}} ({{account.owner.name}}, {{account.arr}}) went {{event.data.from}} → {{ event.to }} at {{event.occurredAt}}; {{event.data.missing}}.',
        values,
      ),
    ).toBe('Acme (Sam, 12000) went yellow → red at 2026-03-01T10:00:00.000Z; .');
  });
});
