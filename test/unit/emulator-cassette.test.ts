import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cassette, CassetteError, parseCassette, readCassette } from '../../src/emulator/cassette.js';
import type { EmulatorRequest } from '../../src/emulator/http/handler.js';
import { CassettePlayer } from '../../src/emulator/replay.js';

const cassette: Cassette = {
  name: 'handle',
  source: 'unit test',
  interactions: [
    {
      request: {
        product: 'Sas',
        version: '2018-12-03',
        action: 'HandleSecurityEvents',
        params: { 'SecurityEventIds.1': '1', OperationCode: 'ignore' },
      },
      response: {
        status: 400,
        body: { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' },
      },
    },
    {
      request: {
        product: 'Sas',
        version: '2018-12-03',
        action: 'HandleSecurityEvents',
        params: { 'SecurityEventIds.1': '1', OperationCode: 'ignore' },
      },
      response: { status: 200, body: { HandleSecurityEventsResponse: { TaskId: 42 } }, delayMs: 5 },
    },
  ],
};

function routed(params: Record<string, string>, version = '2018-12-03'): EmulatorRequest {
  return {
    product: 'Sas',
    version,
    action: 'HandleSecurityEvents',
    params,
    accessKeyId: 'LTAIx',
    signatureVersion: 'v3',
  };
}

describe('parseCassette', () => {
  it('accepts JSON text or a parsed value, string and object bodies alike', () => {
    const withHtml = {
      ...cassette,
      interactions: [
        ...cassette.interactions,
        { ...cassette.interactions[0], response: { status: 502, body: '<html>Bad Gateway</html>' } },
      ],
    };

    expect(parseCassette(JSON.stringify(cassette))).toEqual(cassette);
    expect(parseCassette(withHtml).interactions[2]?.response.body).toBe('<html>Bad Gateway</html>');
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseCassette('{ nope')).toThrow(CassetteError);
    expect(() => parseCassette('{ nope')).toThrow(/must be JSON/);
  });

  const problems = (value: unknown): string => {
    try {
      parseCassette(value);
    } catch (error) {
      expect(error).toBeInstanceOf(CassetteError);
      return (error as Error).message;
    }
    throw new Error('The cassette was accepted.');
  };

  it('lists every shape problem with its path', () => {
    const message = problems({
      source: 'x',
      interactions: [
        {
          request: {
            product: 'Sas',
            version: '2018-12-03',
            action: 'DescribeSuspEvents',
            params: { PageSize: 20 },
          },
          response: { status: 700, body: 1 },
        },
      ],
    });

    expect(message).toContain('at name');
    expect(message).toContain('at interactions[0].request.params.PageSize');
    expect(message).toContain('at interactions[0].response.status');
    expect(message).toContain('at interactions[0].response.body');
  });

  it('refuses a version of another product and recorded signing fields', () => {
    const message = problems({
      name: 'leaky',
      source: 'x',
      interactions: [
        {
          request: {
            product: 'Sddp',
            version: '2018-12-03',
            action: 'DescribeRiskRules',
            params: { Signature: 'abc' },
          },
          response: { status: 200, body: {} },
        },
      ],
    });

    expect(message).toContain('version 2018-12-03 is not an API version of Sddp');
    expect(message).toContain('at interactions[0].request.version');
    expect(message).toContain('signing fields are not recorded');
    expect(message).toContain('at interactions[0].request.params.Signature');
  });
});

describe('readCassette', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'emulator-cassette-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads and validates a file', async () => {
    const path = join(folder, 'handle.json');
    await writeFile(path, JSON.stringify(cassette));

    expect(await readCassette(path)).toEqual(cassette);
  });

  it('names the file when it is missing or invalid', async () => {
    const invalid = join(folder, 'invalid.json');
    await writeFile(invalid, '{"name": ""}');

    await expect(readCassette(join(folder, 'missing.json'))).rejects.toThrow(
      /Cannot read cassette .*missing\.json/,
    );
    await expect(readCassette(invalid)).rejects.toThrow(CassetteError);
    await expect(readCassette(invalid)).rejects.toThrow(/invalid\.json: Invalid cassette/);
  });
});

describe('CassettePlayer', () => {
  it('serves matching interactions first to last, once each', () => {
    const player = new CassettePlayer();
    player.load(cassette);
    const request = routed({ OperationCode: 'ignore', 'SecurityEventIds.1': '1' });

    expect(player.claims('HandleSecurityEvents')).toBe(true);
    expect(player.claims('DescribeSuspEvents')).toBe(false);
    expect(player.take(request).status).toBe(400);
    expect(player.take(request)).toMatchObject({ status: 200, delayMs: 5 });
    expect(player.pending()).toEqual([]);
    expect(player.take(request).body).toEqual({
      Code: 'Emulator.UnexpectedRequest',
      Message:
        'Unexpected HandleSecurityEvents request: no unused recorded interaction for HandleSecurityEvents is left.',
    });
    expect(player.claims('HandleSecurityEvents')).toBe(true);
  });

  it('names every differing parameter and the version', () => {
    const player = new CassettePlayer();
    player.load(cassette);

    const reply = player.take(routed({ 'SecurityEventIds.1': '2', MarkMissParam: '[]' }, '2019-01-03'));

    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      Code: 'Emulator.UnexpectedRequest',
      Message:
        'Unexpected HandleSecurityEvents request: the closest unused one (handle #0) differs in ' +
        'version (sent 2019-01-03, recorded 2018-12-03), MarkMissParam (sent "[]", recorded nothing), ' +
        'OperationCode (sent nothing, recorded "ignore"), SecurityEventIds.1 (sent "2", recorded "1").',
    });
    expect(player.pending().map((entry) => entry.index)).toEqual([0, 1]);
  });
});
