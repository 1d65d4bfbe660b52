import { describe, expect, it } from 'vitest';
import { isInternalAddress, parseIpv6, webhookUrlProblem } from './webhook-url.ts';

describe('internal addresses', () => {
  it('finds the private, loopback, link-local and reserved IPv4 ranges', () => {
    const internal = [
      '0.0.0.0',
      '10.0.0.1',
      '10.255.255.255',
      '100.64.0.1',
      '127.0.0.1',
      '127.8.9.10',
      '169.254.169.254',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '198.18.0.1',
      '224.0.0.1',
      '255.255.255.255',
    ];
    const external = [
      '8.8.8.8',
      '1.1.1.1',
      '172.15.255.255',
      '172.32.0.0',
      '100.128.0.1',
      '169.253.1.1',
      '93.184.216.34',
    ];
    expect(internal.filter((a) => !isInternalAddress(a))).toEqual([]);
    expect(external.filter(isInternalAddress)).toEqual([]);
  });

  it('finds the IPv6 ones, and IPv4 inside IPv6 by its IPv4 address', () => {
    const internal = [
      '::',
      '::1',
      '0:0:0:0:0:0:0:1',
      'fe80::1',
      'fe80::1%eth0',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '::ffff:10.1.2.3',
      '::ffff:0.0.0.0',
      '::127.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '2002:7f00:1::',
      '[::1]',
    ];
    const external = [
      '2606:4700:4700::1111',
      '2001:4860:4860::8888',
      '::ffff:8.8.8.8',
      '::ffff:808:808',
      '2002:808:808::',
    ];
    expect(internal.filter((a) => !isInternalAddress(a))).toEqual([]);
    expect(external.filter(isInternalAddress)).toEqual([]);
  });

  it('parses IPv6 forms and refuses what is not an address', () => {
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6('1::8')).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIpv6('1::2::3')).toBeNull();
    expect(parseIpv6('12345::')).toBeNull();
    expect(isInternalAddress('not-an-address')).toBe(true);
  });
});

describe('webhook URLs', () => {
  it('takes https to a public host, and http only when allowed', () => {
    expect(webhookUrlProblem('https://hooks.example.com/steward', false)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.com/steward', false)).toBe('must be an https URL');
    expect(webhookUrlProblem('http://hooks.example.com/steward', true)).toBeNull();
    expect(webhookUrlProblem('ftp://hooks.example.com/', true)).toBe('must be an http or https URL');
    expect(webhookUrlProblem('nonsense', false)).toBe('is not a URL');
    expect(webhookUrlProblem('https://user:pw@hooks.example.com/', false)).toBe(
      'must not carry a user name or password',
    );
  });

  it('refuses internal addresses however they are written, unless allowed', () => {
    const refused = [
      'https://127.0.0.1/',
      'https://2130706433/',
      'https://0x7f.1/',
      'https://10.1.2.3/',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[fe80::1]/',
      'https://0.0.0.0/',
      'https://localhost/',
      'https://api.localhost/',
    ];
    expect(refused.map((u) => [u, webhookUrlProblem(u, false)])).toEqual(
      refused.map((u) => [u, 'must not point at a private, loopback or link-local address']),
    );
    expect(refused.filter((u) => webhookUrlProblem(u, true) !== null)).toEqual([]);
    expect(webhookUrlProblem('https://8.8.8.8/', false)).toBeNull();
    expect(webhookUrlProblem('https://[2606:4700:4700::1111]/', false)).toBeNull();
  });
});
