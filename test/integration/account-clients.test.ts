/**
 * The clients of the calls that reach an organization's accounts, over HTTP against a loopback server:
 * each sends its action and version, puts its parameters on the wire as the official client does, and
 * reads the documented answer; endpoints resolve from the documented hosts.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../src/generated/index.js';
import { ResourceDirectoryClient, SasClient, StsClient, ValidationError } from '../../src/index.js';
import { caught } from '../support/caught.js';
import { startLoopback } from './transport-server.js';

const KEY = { accessKeyId: 'LTAItestkey', accessKeySecret: 'test-secret-value' };

/** A loopback server answering `body`, and the action, version and query of each request it got. */
async function serving(body: unknown) {
  const seen: { action: string; version: string; query: Record<string, string> }[] = [];
  const server = await startLoopback((request: IncomingMessage, response) => {
    const url = new URL(request.url ?? '/', 'http://loopback');
    seen.push({
      action: String(request.headers['x-acs-action']),
      version: String(request.headers['x-acs-version']),
      query: Object.fromEntries(url.searchParams),
    });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return {
    seen,
    connection: { endpoint: `http://${server.endpoint}`, credential: KEY, retry: false as const },
  };
}

describe('SasClient account listings', () => {
  it('describeMonitorAccounts sends no parameter and reads the account IDs as strings', async () => {
    const { seen, connection } = await serving({
      RequestId: 'R-1',
      AccountIds: ['1234567890123456', 1234567890123457],
      AccountIdInfos: [{ AccountId: '1234567890123456', AddTime: 1760520684000, SasVersion: 7 }],
    });

    const answer = await new SasClient(connection).describeMonitorAccounts();

    expect(seen).toEqual([{ action: 'DescribeMonitorAccounts', version: '2018-12-03', query: {} }]);
    expect(answer.AccountIds).toEqual(['1234567890123456', '1234567890123457']);
    expect(answer.AccountIdInfos?.[0]).toMatchObject({ AccountId: '1234567890123456', SasVersion: '7' });
  });

  it('listAccountsInResourceDirectory sends no parameter and reads each member', async () => {
    const { seen, connection } = await serving({
      RequestId: 'R-2',
      Accounts: [
        {
          AccountId: '1234567890123456',
          IsMaAccount: 'yes',
          BuySasNew: true,
          PostPayModuleSwitch: '{"VUL":0}',
        },
        { AccountId: '1234567890123457', IsMaAccount: 'no', FolderId: 'fd-1' },
      ],
    });

    const answer = await new SasClient(connection).listAccountsInResourceDirectory();

    expect(seen).toEqual([{ action: 'ListAccountsInResourceDirectory', version: '2018-12-03', query: {} }]);
    expect(answer.Accounts?.map((account) => account.AccountId)).toEqual([
      '1234567890123456',
      '1234567890123457',
    ]);
  });

  it('rejects a parameter for an action that takes none, before anything is sent', async () => {
    const { seen, connection } = await serving({});

    const error = await new SasClient(connection)
      .describeMonitorAccounts({ PageSize: 10 } as never)
      .catch((caughtError: unknown) => caughtError);

    expect(error).toBeInstanceOf(ValidationError);
    expect(seen).toEqual([]);
  });
});

describe('ResourceDirectoryClient', () => {
  it('listAccounts pages by token and sends tag filters as a repeat list', async () => {
    const { seen, connection } = await serving({
      RequestId: 'R-3',
      NextToken: 'TGlzdFJlc291cm',
      Accounts: {
        Account: [{ AccountId: '1234567890123456', Status: 'CreateSuccess', Type: 'ResourceAccount' }],
      },
    });

    const page = await new ResourceDirectoryClient(connection).listAccounts({
      MaxResults: 100,
      IncludeTags: true,
      Tag: [{ Key: 'team', Value: 'security' }],
    });

    expect(seen).toEqual([
      {
        action: 'ListAccounts',
        version: '2022-04-19',
        query: { MaxResults: '100', IncludeTags: 'true', 'Tag.1.Key': 'team', 'Tag.1.Value': 'security' },
      },
    ]);
    expect(page.NextToken).toBe('TGlzdFJlc291cm');
    expect(page.Accounts?.Account?.[0]?.AccountId).toBe('1234567890123456');
  });

  it('resolves the China and international sites from their regions, and asks for an endpoint elsewhere', () => {
    expect(() => new ResourceDirectoryClient({ regionId: 'cn-shanghai', credential: KEY })).not.toThrow();
    expect(() => new ResourceDirectoryClient({ regionId: 'ap-southeast-1', credential: KEY })).not.toThrow();
    const error = caught(() => new ResourceDirectoryClient({ regionId: 'cn-hangzhou', credential: KEY }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('regionId');
    expect((error as Error).message).toMatch(/ap-southeast-1, cn-shanghai; or set `endpoint`/);
  });
});

describe('StsClient', () => {
  it('calls the central host without a region, and the documented regional host with one', () => {
    expect(endpoints.Sts.centralEndpoint).toBe('sts.aliyuncs.com');
    expect(() => new StsClient({ credential: KEY })).not.toThrow();
    expect(() => new StsClient({ regionId: 'cn-shanghai', credential: KEY })).not.toThrow();
    expect(caught(() => new StsClient({ regionId: 'xx-nowhere-1', credential: KEY }))).toBeInstanceOf(
      ValidationError,
    );
  });

  it('checks the session name as STS documents it, before anything is sent', async () => {
    const { seen, connection } = await serving({});

    const error = await new StsClient(connection)
      .assumeRole({ RoleArn: 'acs:ram::1234567890123456:role/x', RoleSessionName: 'has space' })
      .catch((caughtError: unknown) => caughtError);

    expect(error).toBeInstanceOf(ValidationError);
    expect(seen).toEqual([]);
  });
});
