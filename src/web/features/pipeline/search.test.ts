import { describe, expect, it } from 'vitest';
import { pipelineFilters, validatePipelineSearch } from './search.ts';

const owner = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('pipeline address', () => {
  it('keeps well-formed parameters and drops the rest', () => {
    expect(
      validatePipelineSearch({
        view: 'table',
        owner,
        team: 'not-an-id',
        type: 'upsell',
        period: 'custom',
        from: '2026-02-30',
        to: '2026-03-31',
        sort: '-amount',
      }),
    ).toEqual({
      view: 'table',
      owner,
      team: undefined,
      type: 'upsell',
      period: 'custom',
      from: undefined,
      to: '2026-03-31',
      sort: '-amount',
    });
    expect(validatePipelineSearch({ view: 'grid', type: 'gift', period: 'soon', sort: '-secret' })).toEqual({
      view: undefined,
      owner: undefined,
      team: undefined,
      type: undefined,
      period: undefined,
      from: undefined,
      to: undefined,
      sort: undefined,
    });
  });

  it('turns a close period into the list query’s dates', () => {
    expect(pipelineFilters({ period: 'this' }, '2026-11-20')).toEqual({
      closeFrom: '2026-10-01',
      closeTo: '2026-12-31',
    });
    expect(pipelineFilters({ period: 'next', owner, type: 'renewal' }, '2026-11-20')).toEqual({
      ownerId: owner,
      type: 'renewal',
      closeFrom: '2027-01-01',
      closeTo: '2027-03-31',
    });
    expect(pipelineFilters({ period: 'custom', to: '2026-12-15' }, '2026-11-20')).toEqual({
      closeTo: '2026-12-15',
    });
    expect(pipelineFilters({}, '2026-11-20')).toEqual({});
  });
});
