import { describe, expect, it } from 'vitest';
import { exportCsvUrl } from './exportCsv.ts';

describe('exportCsvUrl', () => {
  it('is the entity’s CSV with no query when the list has no filters', () => {
    expect(exportCsvUrl('feedback')).toBe('/api/v1/exports/feedback.csv');
    expect(exportCsvUrl('contacts', {})).toBe('/api/v1/exports/contacts.csv');
  });

  it('carries the list’s filters and sort, dropping absent values and paging', () => {
    expect(
      exportCsvUrl('accounts', {
        sort: '-arr',
        q: 'acme & co',
        ownerId: undefined,
        segment: null,
        tag: '',
        limit: 100,
        cursor: 'abc',
        archived: 'true',
      }),
    ).toBe('/api/v1/exports/accounts.csv?sort=-arr&q=acme+%26+co&archived=true');
  });

  it('repeats the key of an array, as the API client writes one', () => {
    expect(exportCsvUrl('issues', { status: ['new', 'triaged'], breached: true })).toBe(
      '/api/v1/exports/issues.csv?status=new&status=triaged&breached=true',
    );
  });
});
