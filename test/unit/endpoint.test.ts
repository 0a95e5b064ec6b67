import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { resolveEndpoint } from '../../src/transport/endpoint.js';

const MAP = {
  'cn-shanghai': 'tds.cn-shanghai.aliyuncs.com',
  'ap-southeast-1': 'tds.ap-southeast-1.aliyuncs.com',
};

describe('resolveEndpoint', () => {
  it('looks the region up in the map, over https by default', () => {
    expect(resolveEndpoint('Sas', MAP, { regionId: 'cn-shanghai' })).toEqual({
      host: 'tds.cn-shanghai.aliyuncs.com',
      protocol: 'https',
    });
  });

  it('prefers an explicit endpoint and strips a scheme and trailing slash', () => {
    expect(
      resolveEndpoint('Sas', MAP, {
        regionId: 'cn-shanghai',
        endpoint: 'http://127.0.0.1:8080/',
        protocol: 'http',
      }),
    ).toEqual({ host: '127.0.0.1:8080', protocol: 'http' });
  });

  it('says what to set when neither resolves', () => {
    expect(() => resolveEndpoint('Sas', MAP, {})).toThrow(ValidationError);
    expect(() => resolveEndpoint('Sas', MAP, {})).toThrow(/set `regionId`.*or an explicit `endpoint`/);
  });

  it('rejects an unmapped region, listing the known ones', () => {
    const error = (() => {
      try {
        resolveEndpoint('Sddp', MAP, { regionId: 'mars-1' });
      } catch (caught) {
        return caught as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.field).toBe('regionId');
    expect(error?.message).toContain('cn-shanghai');
  });

  it('rejects an endpoint with a path or a bad protocol', () => {
    expect(() => resolveEndpoint('Sas', MAP, { endpoint: 'example.com/api' })).toThrow(
      /`endpoint` must be a host/,
    );
    expect(() => resolveEndpoint('Sas', MAP, { endpoint: 'example.com', protocol: 'ftp' as 'http' })).toThrow(
      /`protocol`/,
    );
  });
});

describe('an endpoint given as a URL, as the emulator prints it', () => {
  it('takes its protocol from the scheme', () => {
    expect(resolveEndpoint('Sas', MAP, { endpoint: 'http://127.0.0.1:8080' })).toEqual({
      host: '127.0.0.1:8080',
      protocol: 'http',
    });
    expect(resolveEndpoint('Sas', MAP, { endpoint: 'https://tds.cn-shanghai.aliyuncs.com/' })).toEqual({
      host: 'tds.cn-shanghai.aliyuncs.com',
      protocol: 'https',
    });
    expect(resolveEndpoint('Sas', MAP, { endpoint: 'HTTP://127.0.0.1:8080', protocol: 'http' })).toEqual({
      host: '127.0.0.1:8080',
      protocol: 'http',
    });
  });

  it('refuses a scheme that contradicts `protocol`, and a URL with a path', () => {
    expect(() =>
      resolveEndpoint('Sas', MAP, { endpoint: 'http://127.0.0.1:8080', protocol: 'https' }),
    ).toThrow(/`endpoint` says http but `protocol` says https/);
    expect(() => resolveEndpoint('Sas', MAP, { endpoint: 'http://127.0.0.1:8080/api' })).toThrow(
      ValidationError,
    );
  });
});
