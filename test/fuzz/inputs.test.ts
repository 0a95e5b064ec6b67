/**
 * Risk handling text, page sizes and regions: bad ones are rejected before any request (regions when
 * the client is built), naming the field.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { endpoints } from '../../src/generated/index.js';
import {
  AlertHandler,
  MAX_HANDLE_DETAIL_LENGTH,
  RiskHandler,
  SasClient,
  SddpClient,
} from '../../src/index.js';
import { fuzzTarget } from '../support/fuzz-target.js';
import { Tally } from '../support/tally.js';

const RUNS = 150;
const RISK_ID = '75110103';
const tally = new Tally('inputs');

const target = fuzzTarget();
const sent = () => target.sent();

const whitespace = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff'), {
    maxLength: 8,
  })
  .map((characters) => characters.join(''));
/** Printable text that does not start or end with whitespace. */
const word = fc.string({ minLength: 1, maxLength: 40 }).map((text) => `a${text}z`);
/** C0 control characters other than tab, line feed and carriage return, and DEL. */
const control = fc
  .constantFrom(...Array.from({ length: 32 }, (_, code) => code), 0x7f)
  .filter((code) => ![0x09, 0x0a, 0x0d].includes(code))
  .map((code) => String.fromCharCode(code));

const BAD_DETAILS: Record<string, fc.Arbitrary<unknown>> = {
  'empty or whitespace only': whitespace,
  [`longer than ${MAX_HANDLE_DETAIL_LENGTH} characters once trimmed`]: fc
    .tuple(whitespace, fc.string({ minLength: MAX_HANDLE_DETAIL_LENGTH - 1, maxLength: 3000 }), whitespace)
    .map(([before, text, after]) => `${before}<${text}>${after}`),
  'with a control character': fc
    .tuple(word, control, word)
    .map(([before, character, after]) => `${before}${character}${after}`),
  'not text': fc.constantFrom(undefined, null, 42, ['Reviewed.'], { detail: 'Reviewed.' }),
};

describe.each(Object.entries(BAD_DETAILS))('a risk handling detail %s', (kind, detail) => {
  it('is rejected, naming detail', async () => {
    await fc.assert(
      fc.asyncProperty(detail, async (text) => {
        await tally.rejects({
          category: `handleRisk detail: ${kind}`,
          input: text,
          field: 'detail',
          attempt: () => target.risks.handleRisk(RISK_ID, text as string),
          sent,
        });
      }),
      { numRuns: RUNS },
    );
  });
});

const badPageSize = fc.oneof(
  fc.constantFrom(0, 101, -1, Number.NaN, Number.POSITIVE_INFINITY, '20', null),
  fc.integer({ min: 101 }),
  fc.integer({ max: 0 }),
  fc.double({ noInteger: true }),
);

describe('a page size that is not an integer from 1 to 100', () => {
  it('is rejected by listAlerts and listRisks, naming pageSize', async () => {
    await fc.assert(
      fc.asyncProperty(badPageSize, async (pageSize) => {
        const first = async (items: AsyncIterable<unknown>) => {
          for await (const _ of items) break;
        };
        await tally.rejects({
          category: 'listAlerts: page size',
          input: pageSize,
          field: 'pageSize',
          attempt: () => first(target.alerts.listAlerts({ pageSize: pageSize as number })),
          sent,
        });
        await tally.rejects({
          category: 'listRisks: page size',
          input: pageSize,
          field: 'pageSize',
          attempt: () => first(target.risks.listRisks({ pageSize: pageSize as number })),
          sent,
        });
      }),
      { numRuns: RUNS },
    );
  });
});

const SAS_REGIONS = Object.keys(endpoints.Sas.endpointMap);
const SDDP_REGIONS = Object.keys(endpoints.Sddp.endpointMap);
/** Region ids the product does not know: made-up text, empty, case variants, names every object inherits. */
const unknownRegion = (known: readonly string[]) =>
  fc
    .oneof(
      fc.string({ maxLength: 24 }),
      fc.stringMatching(/^[a-z]{2}-[a-z]{3,12}(-\d)?$/),
      fc.constantFrom(...known).map((region) => region.toUpperCase()),
      fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)),
    )
    .filter((region) => !known.includes(region));
const credential = { accessKeyId: 'LTAIfuzz', accessKeySecret: 'fuzz-secret' };

describe('an unknown region', () => {
  it.each([
    ['SasClient and AlertHandler', SAS_REGIONS, SasClient, AlertHandler],
    ['SddpClient and RiskHandler', SDDP_REGIONS, SddpClient, RiskHandler],
  ] as const)(
    'is rejected by %s when they are built, naming regionId',
    async (name, known, Client, Handler) => {
      // Regions of the other product count as unknown too (Sddp is offered in fewer regions than Sas).
      const other = (Client === SasClient ? SDDP_REGIONS : SAS_REGIONS).filter(
        (region) => !known.includes(region),
      );
      const region =
        other.length > 0 ? fc.oneof(unknownRegion(known), fc.constantFrom(...other)) : unknownRegion(known);
      await fc.assert(
        fc.asyncProperty(region, async (regionId) => {
          for (const Type of [Client, Handler]) {
            await tally.rejects({
              category: `regionId: ${name}`,
              input: regionId,
              field: 'regionId',
              attempt: () => new Type({ regionId, credential }),
            });
          }
        }),
        { numRuns: RUNS },
      );
    },
  );
});
