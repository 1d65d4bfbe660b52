import { describe, expect, it } from 'vitest';
import {
  domainOf,
  enumKey,
  headerKey,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseList,
  parseNumber,
} from './csv-values.ts';

const ok = <T>(value: T) => ({ ok: true, value });
const failed = { ok: false, message: expect.any(String) };

describe('parseNumber', () => {
  it('reads plain and US-formatted numbers', () => {
    expect(parseNumber('12500')).toEqual(ok(12500));
    expect(parseNumber('12,500.00')).toEqual(ok(12500));
    expect(parseNumber('$12,500.00')).toEqual(ok(12500));
    expect(parseNumber('$1,250,000.00')).toEqual(ok(1_250_000)); // a Salesforce report amount
    expect(parseNumber('$0.00')).toEqual(ok(0));
    expect(parseNumber('0.5')).toEqual(ok(0.5));
    expect(parseNumber('  42  ')).toEqual(ok(42));
  });

  it('reads European numbers: dot or space groups, comma decimal, currency after', () => {
    expect(parseNumber('12.500,00 €')).toEqual(ok(12500));
    expect(parseNumber('1 250,5')).toEqual(ok(1250.5));
    expect(parseNumber('1\u00a0250,5')).toEqual(ok(1250.5)); // no-break space
    expect(parseNumber('1.234.567,89')).toEqual(ok(1_234_567.89));
    expect(parseNumber('1,5')).toEqual(ok(1.5));
  });

  it('takes a lone mark before exactly three digits as grouping, unless the whole part is 0', () => {
    expect(parseNumber('1,500')).toEqual(ok(1500));
    expect(parseNumber('1.500')).toEqual(ok(1500));
    expect(parseNumber('0,500')).toEqual(ok(0.5));
    expect(parseNumber('0.500')).toEqual(ok(0.5));
    expect(parseNumber('.500')).toEqual(ok(0.5)); // no whole part: a decimal, not 500
    expect(parseNumber('1234,500')).toEqual(ok(1234.5)); // four digits before: not a group
    expect(parseNumber('1,25')).toEqual(ok(1.25));
    expect(parseNumber('1,250,000')).toEqual(ok(1_250_000)); // two marks of one kind: grouping
    expect(parseNumber('1,25,000.50')).toEqual(ok(125_000.5)); // Indian lakh grouping
  });

  it('reads negatives written with a sign or in parentheses', () => {
    expect(parseNumber('(300)')).toEqual(ok(-300));
    expect(parseNumber('($1,250.00)')).toEqual(ok(-1250));
    expect(parseNumber('-12.5')).toEqual(ok(-12.5));
    expect(parseNumber('$-12.50')).toEqual(ok(-12.5));
  });

  it('drops a percent sign (45% is 45) and ISO currency codes', () => {
    expect(parseNumber('45%')).toEqual(ok(45));
    expect(parseNumber('USD 1,000')).toEqual(ok(1000));
    expect(parseNumber('1.234,56 EUR')).toEqual(ok(1234.56));
    expect(parseNumber('£99')).toEqual(ok(99));
  });

  it('fails on what is not a number, naming the cell', () => {
    expect(parseNumber('TBD')).toEqual({ ok: false, message: '"TBD" is not a number' });
    expect(parseNumber('')).toEqual({ ok: false, message: '"" is not a number' });
    expect(parseNumber('   ')).toEqual(failed);
    expect(parseNumber('-')).toEqual(failed);
    expect(parseNumber('$')).toEqual(failed);
    expect(parseNumber('1e3')).toEqual(failed);
    expect(parseNumber('12 apples')).toEqual(failed);
    expect(parseNumber('1,2.3,4')).toEqual(failed); // two commas around the decimal point
  });

  it('fails on malformed grouping rather than guessing', () => {
    // Neither grouping (groups of three) nor a decimal: not 123.4.
    expect(parseNumber('1.2.3,4')).toEqual({ ok: false, message: '"1.2.3,4" is not a number' });
    expect(parseNumber('1.5.2026')).toEqual(failed); // a date typed in a number column, not 152026
    expect(parseNumber('1,2,3')).toEqual(failed);
    expect(parseNumber('1..5')).toEqual(failed);
    expect(parseNumber('12,50.00')).toEqual(failed);
  });
});

describe('parseDate', () => {
  it('reads ISO dates and the date of an ISO timestamp', () => {
    expect(parseDate('2026-12-31')).toEqual(ok('2026-12-31'));
    expect(parseDate(' 2026-1-5 ')).toEqual(ok('2026-01-05'));
    expect(parseDate('2026-12-31T23:30:00.000Z')).toEqual(ok('2026-12-31'));
    expect(parseDate('2026-12-31 09:30')).toEqual(ok('2026-12-31'));
    expect(parseDate('2028-02-29')).toEqual(ok('2028-02-29'));
  });

  it('reads US dates month first, padded or not', () => {
    expect(parseDate('12/31/2026')).toEqual(ok('2026-12-31'));
    expect(parseDate('1/29/2027')).toEqual(ok('2027-01-29'));
    expect(parseDate('05/04/2026')).toEqual(ok('2026-05-04'));
    expect(parseDate('12-31-2026')).toEqual(ok('2026-12-31'));
    expect(parseDate('12/31/2026 9:30 AM')).toEqual(ok('2026-12-31'));
  });

  it('reads the day first when the first number exceeds 12, with dots, or when told', () => {
    expect(parseDate('31/12/2026')).toEqual(ok('2026-12-31'));
    expect(parseDate('31.12.2026')).toEqual(ok('2026-12-31'));
    expect(parseDate('05.04.2026')).toEqual(ok('2026-04-05')); // dots: always day first
    expect(parseDate('05/04/2026', 'dmy')).toEqual(ok('2026-04-05'));
    // Told day first, but 31 cannot be a month: month first after all.
    expect(parseDate('12/31/2026', 'dmy')).toEqual(ok('2026-12-31'));
  });

  it('takes two-digit years as 20xx', () => {
    expect(parseDate('12/31/26')).toEqual(ok('2026-12-31'));
    expect(parseDate('1/2/27')).toEqual(ok('2027-01-02'));
    expect(parseDate('31.12.99')).toEqual(ok('2099-12-31'));
  });

  it('fails on days that do not exist and on other forms', () => {
    expect(parseDate('2026-02-30')).toEqual({ ok: false, message: '"2026-02-30" is not a date' });
    expect(parseDate('2026-02-29')).toEqual(failed); // 2026 is not a leap year
    expect(parseDate('2026-13-01')).toEqual(failed);
    expect(parseDate('13/13/2026')).toEqual(failed);
    expect(parseDate('2/30/2026')).toEqual(failed);
    expect(parseDate('0/10/2026')).toEqual(failed);
    expect(parseDate('12/31-2026')).toEqual(failed); // mixed separators
    expect(parseDate('12/31/202')).toEqual(failed);
    expect(parseDate('Dec 31, 2026')).toEqual({
      ok: false,
      message: '"Dec 31, 2026" is not a date (use YYYY-MM-DD)',
    });
    expect(parseDate('')).toEqual(failed);
  });
});

describe('parseDateTime', () => {
  it('reads ISO timestamps, converting an offset to UTC', () => {
    expect(parseDateTime('2026-12-31T09:30:00Z')).toEqual(ok('2026-12-31T09:30:00.000Z'));
    expect(parseDateTime('2026-12-31T09:30:00.250Z')).toEqual(ok('2026-12-31T09:30:00.250Z'));
    expect(parseDateTime('2026-12-31T09:30:00+02:00')).toEqual(ok('2026-12-31T07:30:00.000Z'));
    expect(parseDateTime('2026-12-31T23:30:00-05:00')).toEqual(ok('2027-01-01T04:30:00.000Z'));
  });

  it('takes a timestamp without zone as UTC', () => {
    expect(parseDateTime('2026-12-31T09:30:00')).toEqual(ok('2026-12-31T09:30:00.000Z'));
    expect(parseDateTime('2026-12-31 09:30')).toEqual(ok('2026-12-31T09:30:00.000Z'));
    expect(parseDateTime('2024-01-08 09:14')).toEqual(ok('2024-01-08T09:14:00.000Z')); // HubSpot
  });

  it('reads US and European dates with a 12- or 24-hour time', () => {
    expect(parseDateTime('12/31/2026 9:30 AM')).toEqual(ok('2026-12-31T09:30:00.000Z'));
    expect(parseDateTime('12/31/2026 9:30 pm')).toEqual(ok('2026-12-31T21:30:00.000Z'));
    expect(parseDateTime('12/31/2026 12:15 PM')).toEqual(ok('2026-12-31T12:15:00.000Z'));
    expect(parseDateTime('12/31/2026 12:15 AM')).toEqual(ok('2026-12-31T00:15:00.000Z'));
    expect(parseDateTime('12/31/2026, 9:30PM')).toEqual(ok('2026-12-31T21:30:00.000Z'));
    expect(parseDateTime('31.12.2026 14:05:30')).toEqual(ok('2026-12-31T14:05:30.000Z'));
    expect(parseDateTime('05/04/2026 08:00', 'dmy')).toEqual(ok('2026-04-05T08:00:00.000Z'));
  });

  it('takes a bare date as midnight UTC', () => {
    expect(parseDateTime('2026-12-31')).toEqual(ok('2026-12-31T00:00:00.000Z'));
    expect(parseDateTime('1/29/2027')).toEqual(ok('2027-01-29T00:00:00.000Z'));
  });

  it('fails on impossible times, dates and other forms', () => {
    const message = (raw: string) => ({ ok: false, message: `"${raw}" is not a date and time` });
    expect(parseDateTime('12/31/2026 13:00 PM')).toEqual(message('12/31/2026 13:00 PM'));
    expect(parseDateTime('12/31/2026 0:30 AM')).toEqual(failed);
    expect(parseDateTime('12/31/2026 24:00')).toEqual(failed);
    expect(parseDateTime('12/31/2026 9:60')).toEqual(failed);
    expect(parseDateTime('2026-12-31 25:00')).toEqual(failed);
    expect(parseDateTime('2/30/2026 10:00')).toEqual(failed);
    // Not rolled over into March, as Date.parse would.
    expect(parseDateTime('2026-02-30T10:00:00Z')).toEqual(message('2026-02-30T10:00:00Z'));
    expect(parseDateTime('2026-04-31 08:00')).toEqual(failed);
    expect(parseDateTime('next Tuesday')).toEqual(failed);
    expect(parseDateTime('')).toEqual(failed);
  });
});

describe('parseBoolean', () => {
  it('reads yes in English, French, German and Spanish', () => {
    for (const raw of [
      'true',
      'TRUE',
      'Yes',
      'y',
      '1',
      'x',
      'X',
      'checked',
      'on',
      'ja',
      'Oui',
      'si',
      'Sí',
      'wahr',
      'vrai',
      ' yes ',
    ])
      expect(parseBoolean(raw), raw).toEqual(ok(true));
  });

  it('reads no likewise', () => {
    for (const raw of ['false', 'False', 'no', 'N', '0', 'unchecked', 'off', 'nein', 'non', 'falsch', 'faux'])
      expect(parseBoolean(raw), raw).toEqual(ok(false));
  });

  it('fails on anything else', () => {
    expect(parseBoolean('maybe')).toEqual({ ok: false, message: '"maybe" is not yes or no' });
    expect(parseBoolean('')).toEqual(failed);
    expect(parseBoolean('2')).toEqual(failed);
    expect(parseBoolean('yes please')).toEqual(failed);
  });
});

describe('parseList', () => {
  it('splits on semicolons first, then bars, then commas, trimming and dropping empty parts', () => {
    expect(parseList('a; b')).toEqual(['a', 'b']);
    expect(parseList('a;b')).toEqual(['a', 'b']);
    expect(parseList('a,b')).toEqual(['a', 'b']);
    expect(parseList('emea, priority')).toEqual(['emea', 'priority']);
    expect(parseList('a|b')).toEqual(['a', 'b']);
    expect(parseList('a;; b ;')).toEqual(['a', 'b']);
    expect(parseList('Smith, John; Doe, Jane')).toEqual(['Smith, John', 'Doe, Jane']);
    expect(parseList('a|b,c')).toEqual(['a', 'b,c']);
    expect(parseList('single')).toEqual(['single']);
    expect(parseList('')).toEqual([]);
    expect(parseList(' , ,')).toEqual([]);
  });
});

describe('domainOf', () => {
  it('keeps the host name, lower case, without scheme, www, port, path or trailing dot', () => {
    expect(domainOf('https://www.Acme.com/about')).toBe('acme.com');
    expect(domainOf('http://globex.com:8080/x?y')).toBe('globex.com');
    expect(domainOf('initech.com/contact')).toBe('initech.com');
    expect(domainOf('acme.io.')).toBe('acme.io');
    expect(domainOf(' WWW.MUELLER.DE ')).toBe('mueller.de');
    expect(domainOf('https://contoso.com?ref=mail')).toBe('contoso.com');
    expect(domainOf('fabrikam.com#top')).toBe('fabrikam.com');
    expect(domainOf('www2.acme.com')).toBe('www2.acme.com');
  });

  it('leaves what is not a host name for the schema to reject', () => {
    expect(domainOf('wingtiptoys')).toBe('wingtiptoys');
    expect(domainOf('')).toBe('');
  });
});

describe('enumKey', () => {
  it('lower-cases and joins words with one underscore', () => {
    expect(enumKey('Closed Won')).toBe('closed_won');
    expect(enumKey('Proposal/Price Quote')).toBe('proposal_price_quote');
    expect(enumKey('Existing Customer - Upgrade')).toBe('existing_customer_upgrade');
    expect(enumKey(' Mid-Market ')).toBe('mid_market');
    expect(enumKey('Id. Decision Makers')).toBe('id_decision_makers');
    expect(enumKey('closed_won')).toBe('closed_won');
    expect(enumKey('(none)')).toBe('none');
  });

  it('drops accents rather than splitting words at them', () => {
    expect(enumKey('Négociation')).toBe('negociation');
    expect(enumKey('Clôturé gagné')).toBe('cloture_gagne');
    expect(enumKey('Société')).toBe('societe');
  });
});

describe('headerKey', () => {
  it('keeps lower-case letters and digits only', () => {
    expect(headerKey('Owner.Email')).toBe('owneremail');
    expect(headerKey('Probability (%)')).toBe('probability');
    expect(headerKey('Société')).toBe('societe');
    expect(headerKey('Country/Region')).toBe('countryregion');
    expect(headerKey('customFields.tier')).toBe('customfieldstier');
    expect(headerKey('Email 1')).toBe('email1');
    expect(headerKey('\ufeffRecord ID')).toBe('recordid'); // a byte-order mark left on the first header
  });
});
