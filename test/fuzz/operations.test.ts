/**
 * Operation inputs: `inIpSegment` values, block durations and expiry times, whitelist rules. Bad ones
 * are rejected before any request, naming the field; whitelist values that try to break out of the
 * `MarkMissParam` JSON arrive exactly as given.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, sampleAlerts, sampleRisks, startEmulator } from '../../src/emulator/index.js';
import {
  AlertHandler,
  type BlockIpOptions,
  Operations,
  WHITELIST_OPERATORS,
  type WhitelistOperator,
  type WhitelistRule,
} from '../../src/index.js';
import { Tally } from '../support/tally.js';

const RUNS = 150;
const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 0, 15, 8);
const now = () => NOW;
/** Sample alerts with the whitelist fields their `advance_mark_mis_info` offers. */
const MINER = { id: '7009605', fields: ['processPath', 'cmdline', 'md5'] };
const SCAN = { id: '7009602', fields: ['dstIp'] };
const tally = new Tally('operations');

let emulator: Emulator;
let alerts: AlertHandler;
beforeAll(async () => {
  emulator = await startEmulator({ state: { alerts: sampleAlerts(5), risks: sampleRisks(3) } });
  alerts = new AlertHandler({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
  });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.close());
const sent = () => emulator.count();

/** Handles the alert with a whitelist of these rules (which must fail before anything is sent). */
function whitelist(alertId: string, rules: { field: string; operate: string; value?: unknown }[]) {
  return () =>
    alerts.handle(
      [alertId],
      Operations.whitelist({
        rules: rules as Parameters<typeof Operations.whitelist>[0]['rules'],
        scope: 'ALL',
      }),
      { confirm: true },
    );
}

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.'));
const ipv6 = fc.ipV6();
/** Characters that occur in no IP address or CIDR block, whitespace excluded (it is trimmed). */
const foreign = fc.constantFrom(...'ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ!"#$&\'()*+,;<=>?@[\\]^_`{|}~');

const BAD_IP_SEGMENTS: Record<string, fc.Arbitrary<string>> = {
  'IPv4 octet above 255': fc
    .tuple(
      fc.array(octet, { minLength: 4, maxLength: 4 }),
      fc.nat({ max: 3 }),
      fc.integer({ min: 256, max: 99_999 }),
    )
    .map(([parts, at, bad]) => parts.map((part, index) => (index === at ? bad : part)).join('.')),
  'IPv4 with 1 to 3 or 5 to 8 parts': fc
    .oneof(fc.array(octet, { minLength: 1, maxLength: 3 }), fc.array(octet, { minLength: 5, maxLength: 8 }))
    .map((parts) => parts.join('.')),
  'IPv4 with a leading zero': fc
    .tuple(fc.array(octet, { minLength: 4, maxLength: 4 }), fc.nat({ max: 3 }))
    .map(([parts, at]) => parts.map((part, index) => (index === at ? `0${part}` : part)).join('.')),
  'IPv4 prefix above 32': fc
    .tuple(ipv4, fc.integer({ min: 33, max: 999 }))
    .map(([ip, bits]) => `${ip}/${bits}`),
  'IPv6 prefix above 128': fc
    .tuple(ipv6, fc.integer({ min: 129, max: 999 }))
    .map(([ip, bits]) => `${ip}/${bits}`),
  'prefix not a number': fc
    .tuple(fc.oneof(ipv4, ipv6), fc.constantFrom('', '-1', '+8', '1.5', '0x10', 'abc', '1e1', '8 /8'))
    .map(([ip, bits]) => `${ip}/${bits}`),
  'more than one slash': fc
    .tuple(ipv4, fc.integer({ min: 0, max: 32 }), fc.string({ maxLength: 5 }))
    .map(([ip, bits, rest]) => `${ip}/${bits}/${rest}`),
  'host name': fc.domain(),
  'text with a foreign character': fc
    .tuple(fc.oneof(ipv4, ipv6, fc.string()), fc.nat(), foreign)
    .map(([text, at, character]) => {
      const cut = at % (text.length + 1);
      return `${text.slice(0, cut)}${character}${text.slice(cut)}`;
    }),
};

describe.each(Object.entries(BAD_IP_SEGMENTS))('inIpSegment value: %s', (kind, value) => {
  it('is rejected, naming rules[0].value', async () => {
    await fc.assert(
      fc.asyncProperty(value, async (bad) => {
        await tally.rejects({
          category: `inIpSegment: ${kind}`,
          input: bad,
          field: 'rules[0].value',
          attempt: whitelist(SCAN.id, [{ field: 'dstIp', operate: 'inIpSegment', value: bad }]),
          sent,
        });
      }),
      { numRuns: RUNS },
    );
  });
});

it('inIpSegment takes IPv4 and IPv6 addresses and CIDR blocks (positive control)', () => {
  const good = fc.oneof(
    ipv4,
    ipv6,
    fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
    fc.tuple(ipv6, fc.integer({ min: 0, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
  );
  fc.assert(
    fc.property(good, (value) => {
      const operation = Operations.whitelist({
        rules: [{ field: 'dstIp', operate: 'inIpSegment', value }],
        scope: 'part',
      });
      expect(operation.rules?.[0]?.fieldValue).toBe(value);
    }),
    { numRuns: RUNS },
  );
});

const BAD_BLOCKS: Record<string, fc.Arbitrary<{ options: BlockIpOptions; field: string }>> = {
  'duration below one minute (0, negative)': fc
    .integer({ min: -DAY_MS, max: 59_999 })
    .map((duration) => ({ options: { duration }, field: 'duration' })),
  'duration beyond 365 days': fc
    .integer({ min: 365 * DAY_MS + 1, max: Number.MAX_SAFE_INTEGER })
    .map((duration) => ({ options: { duration }, field: 'duration' })),
  'duration not a whole number (float, NaN, Infinity)': fc
    .double({ noInteger: true })
    .map((duration) => ({ options: { duration }, field: 'duration' })),
  'duration name not offered': fc
    .string({ maxLength: 8 })
    .filter((name) => !['6h', '1d', '7d', '30d'].includes(name))
    .map((name) => ({ options: { duration: name as '7d' }, field: 'duration' })),
  'expireTime in the past or now': fc
    .integer({ min: 0, max: NOW })
    .chain((ms) => fc.constantFrom(ms, new Date(ms)))
    .map((expireTime) => ({ options: { expireTime }, field: 'expireTime' })),
  'expireTime beyond 365 days': fc
    .integer({ min: NOW + 365 * DAY_MS + 1, max: 8.64e15 })
    .chain((ms) => fc.constantFrom(ms, new Date(ms)))
    .map((expireTime) => ({ options: { expireTime }, field: 'expireTime' })),
  'expireTime not a time (NaN, Infinity, float, invalid Date)': fc
    .oneof(
      fc.double({ noInteger: true }),
      fc.constant(new Date(Number.NaN)),
      fc.constantFrom('2026-02-01', null, true),
    )
    .map((expireTime) => ({ options: { expireTime: expireTime as number }, field: 'expireTime' })),
  'both duration and expireTime': fc
    .tuple(
      fc.constantFrom('6h', '1d', '7d', '30d' as const),
      fc.integer({ min: NOW + 1, max: NOW + 30 * DAY_MS }),
    )
    .map(([duration, expireTime]) => ({ options: { duration, expireTime }, field: 'expireTime' })),
};

describe.each(Object.entries(BAD_BLOCKS))('block_ip: %s', (kind, block) => {
  it('is rejected, naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(block, async ({ options, field }) => {
        await tally.rejects({
          category: `block_ip: ${kind}`,
          input: options,
          field,
          attempt: () => alerts.handle([SCAN.id], Operations.blockIp({ ...options, now }), { confirm: true }),
          sent,
        });
      }),
      { numRuns: RUNS },
    );
  });
});

/** Text without edge whitespace and not empty, so that trimming leaves it as is. */
const trimmed = (text: fc.Arbitrary<string>) =>
  text.filter((value) => value !== '' && value === value.trim());
const whitespace = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff'), {
    maxLength: 6,
  })
  .map((characters) => characters.join(''));
const regexSource = fc.string({
  unit: fc.constantFrom(...'()[]{}*+?\\|^$.-,:=!<>0123456789abcdkw'),
  minLength: 1,
});
const compiles = (pattern: string) => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};

describe('whitelist rules', () => {
  it('an operator that is not one of WHITELIST_OPERATORS is rejected, naming rules[i].operate', async () => {
    const operator = fc
      .oneof(
        fc.string(),
        fc.constantFrom(...WHITELIST_OPERATORS).map((known) => known.toUpperCase()),
      )
      .filter((operate) => !(WHITELIST_OPERATORS as readonly string[]).includes(operate));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 2 }), operator, async (index, operate) => {
        const rules = [
          { field: 'processPath', operate: 'contains', value: '/opt/a' },
          { field: 'cmdline', operate: 'contains', value: '--b' },
        ];
        rules.splice(index, 0, { field: 'md5', operate, value: 'a7c3e91f04b2d6587e0f1c9b3d2a6e85' });
        await tally.rejects({
          category: 'whitelist: unsupported operator',
          input: operate,
          field: `rules[${index}].operate`,
          attempt: whitelist(MINER.id, rules),
          sent,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('an empty or whitespace-only value is rejected, naming rules[i].value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(whitespace, fc.constantFrom(undefined, null, 42)), async (value) => {
        await tally.rejects({
          category: 'whitelist: empty, whitespace or no value',
          input: value,
          field: 'rules[0].value',
          attempt: whitelist(MINER.id, [{ field: 'processPath', operate: 'strEqual', value }]),
          sent,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('a regex that does not compile is rejected, naming rules[i].value', async () => {
    await fc.assert(
      fc.asyncProperty(
        regexSource.filter((pattern) => !compiles(pattern)),
        async (pattern) => {
          await tally.rejects({
            category: 'whitelist: regex that does not compile',
            input: pattern,
            field: 'rules[0].value',
            attempt: whitelist(MINER.id, [{ field: 'cmdline', operate: 'regex', value: pattern }]),
            sent,
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a regex that compiles is taken as is (positive control)', () => {
    fc.assert(
      fc.property(trimmed(regexSource).filter(compiles), (pattern) => {
        const operation = Operations.whitelist({
          rules: [{ field: 'cmdline', operate: 'regex', value: pattern }],
          scope: 'ALL',
        });
        expect(operation.rules?.[0]?.fieldValue).toBe(pattern);
      }),
      { numRuns: RUNS },
    );
  });

  it('a field the alert does not offer is rejected by plan, naming rules[i].field, before any handling', async () => {
    const field = trimmed(fc.string({ minLength: 1, maxLength: 20 })).filter(
      (name) => !MINER.fields.includes(name),
    );
    await fc.assert(
      fc.asyncProperty(field, async (name) => {
        await tally.rejects({
          category: 'whitelist: field the alert does not offer',
          input: name,
          field: 'rules[0].field',
          attempt: whitelist(MINER.id, [{ field: name, operate: 'strEqual', value: 'x' }]),
          sent: () => emulator.count('HandleSecurityEvents'),
        });
      }),
      { numRuns: 100 },
    );
  });

  it("an operator the alert's field does not support is rejected by plan, naming rules[i].operate", async () => {
    // md5 takes strEqual and strNotEqual only; dstIp takes strEqual, strNotEqual and inIpSegment.
    const unsupported = fc.oneof(
      fc
        .constantFrom('contains', 'notContains', 'regex')
        .map((operate) => ({ alert: MINER.id, field: 'md5', operate })),
      fc
        .constantFrom('contains', 'notContains', 'regex')
        .map((operate) => ({ alert: SCAN.id, field: 'dstIp', operate })),
    );
    await fc.assert(
      fc.asyncProperty(unsupported, async ({ alert, field, operate }) => {
        await tally.rejects({
          category: 'whitelist: operator the field does not support',
          input: [field, operate],
          field: 'rules[0].operate',
          attempt: whitelist(alert, [{ field, operate, value: 'abc' }]),
          sent: () => emulator.count('HandleSecurityEvents'),
        });
      }),
      { numRuns: 30 },
    );
  });
});

/** Values made to break out of a JSON string: quotes, backslashes, line breaks, `"}]`, unicode. */
const hostileValue = trimmed(
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '"',
          '\\',
          '\n',
          '\r',
          '\t',
          '"}]',
          '"},{"uuid":"ALL"',
          '\\"',
          '\u0000',
          '\u2028',
          '\ud83d\ude00',
          "'",
        ),
        fc.string({ maxLength: 6 }),
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map((parts) => parts.join('')),
);
const hostileRules = fc.uniqueArray(
  fc.record({
    field: fc.constantFrom('processPath', 'cmdline'),
    operate: fc.constantFrom<WhitelistOperator>('strEqual', 'strNotEqual', 'contains', 'notContains'),
    value: hostileValue,
  }),
  { minLength: 1, maxLength: 5, selector: (rule) => JSON.stringify([rule.field, rule.operate, rule.value]) },
);
const asSent = (
  rules: readonly { field: string; operate: string; value: string }[],
  uuid = 'ALL',
): WhitelistRule[] => rules.map(({ field, operate, value }) => ({ uuid, field, operate, fieldValue: value }));

describe('whitelist values that try to break the MarkMissParam JSON', () => {
  it('parse back to exactly the given rules, from the operation and from the plan', async () => {
    await fc.assert(
      fc.asyncProperty(hostileRules, async (rules) => {
        const operation = Operations.whitelist({ rules, scope: 'ALL' });
        expect(JSON.parse(operation.markMissParam ?? '')).toEqual(asSent(rules));

        const plan = await alerts.plan([{ alertId: MINER.id, operation }]);
        expect(JSON.parse(plan.batches[0]?.operation.markMissParam ?? '')).toEqual(asSent(rules));
      }),
      { numRuns: 100 },
    );
  });

  it('reach the service exactly as given: the emulator stores the same rules', async () => {
    await fc.assert(
      fc.asyncProperty(hostileRules, async (rules) => {
        const fresh = await startEmulator({ state: { alerts: sampleAlerts(5) } });
        try {
          const handler = new AlertHandler({
            endpoint: fresh.endpoint,
            protocol: 'http',
            credential: fresh.credentials,
            poll: { intervalMs: 1 },
          });
          const report = await handler.handle([MINER.id], Operations.whitelist({ rules, scope: 'ALL' }), {
            confirm: true,
          });
          expect(report.succeeded).toHaveLength(1);
          expect(fresh.state.whitelistRules('Malicious process')).toEqual(asSent(rules));
        } finally {
          await fresh.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
