/**
 * One account's trouble stays in that account, over HTTP against an emulated resource directory:
 * - throttling injected in one account does not slow the others: while the throttled account waits in
 *   its backoff (fake timers hold it there), the others list every page; and they make exactly the
 *   requests, with the same results, as when no account is throttled, the throttled one failing alone;
 * - nothing is sent to an account outside `allowedAccounts`, not even a request for its credentials;
 * - no account's credentials (AccessKey ID, secret, token) appear in another account's errors, audit
 *   events or log lines.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AccountNotAllowedError,
  type FleetAlert,
  type FleetAuditEvent,
  type FleetListingError,
  type FleetPlan,
  Operations,
  parseFleetPlan,
} from '../../../src/index.js';
import { failure } from '../../support/caught.js';
import { useFleetEmulator } from '../../support/fleet-emulator.js';

const start = useFleetEmulator();
afterEach(() => {
  vi.useRealTimers();
});

const ALERTS = 50;
const PAGE_SIZE = 10;
/** Pages of one account's listing: the full pages, and the empty page that ends none (the total does). */
const PAGES = ALERTS / PAGE_SIZE;

describe('fleet isolation over HTTP', () => {
  it("lists every other account at full pace while one account's throttling holds it back", async () => {
    const { emulator, ids, open } = await start(4, ALERTS);
    const [a, throttled, c, d] = ids as [string, string, string, string];
    emulator.faults.inject({
      action: 'DescribeSuspEvents',
      accountId: throttled,
      rate: 1,
      kinds: ['throttle'],
    });
    // Roles assumed first, so that only listing runs under the fake clock.
    const fleet = await open({
      adaptiveRate: false,
      retry: { maxAttempts: 4, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    await fleet.map(() => undefined);
    emulator.reset();

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stream = fleet.listAlerts({ pageSize: PAGE_SIZE });
    const got: FleetAlert[] = [];
    // The throttled account sleeps in its backoff: no timer fires. The others must still finish.
    while (got.length < 3 * ALERTS) {
      const next = await stream.next();
      if (next.done) break;
      got.push(next.value);
    }
    for (const id of [a, c, d]) {
      expect(got.filter((alert) => alert.accountId === id)).toHaveLength(ALERTS);
      expect(emulator.account(id).count('DescribeSuspEvents')).toBe(PAGES);
    }
    expect(got.some((alert) => alert.accountId === throttled)).toBe(false);
    // One attempt so far, throttled; its retry waits for a timer that has not fired.
    expect(emulator.account(throttled).count('DescribeSuspEvents')).toBe(1);
    // Every request of the other accounts came before the throttled account's retry.
    expect(emulator.received.filter((request) => request.accountId === throttled)).toHaveLength(1);

    // Leaving the loop stops the throttled account's lane in its backoff; the next test shows it
    // failing alone once its retries are spent.
    vi.useRealTimers();
    await stream.return?.(undefined);
    expect(emulator.account(throttled).count('DescribeSuspEvents')).toBe(1);
  });

  it('makes the same requests in the other accounts with or without one account throttled', async () => {
    const counts = async (throttle: boolean) => {
      const { emulator, ids, open } = await start(3, ALERTS);
      if (throttle) {
        emulator.faults.inject({ action: '*', accountId: ids[0] as string, rate: 1, kinds: ['throttle'] });
      }
      const fleet = await open({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
      const outcomes = await fleet.map(async (account) => {
        let listed = 0;
        for await (const _ of account.alerts.listAlerts({ pageSize: PAGE_SIZE })) listed++;
        const plan = await account.alerts.plan([{ alertId: '1', operation: Operations.ignore() }]);
        return { listed, skipped: plan.skipped.length };
      });
      return {
        outcomes: outcomes.map((outcome) => (outcome.ok ? outcome.value : outcome.error.code)),
        requests: ids.map(
          (id) => emulator.account(id).received.filter((request) => request.action !== 'AssumeRole').length,
        ),
      };
    };
    const calm = await counts(false);
    const stormy = await counts(true);
    expect(stormy.outcomes.slice(1)).toEqual(calm.outcomes.slice(1));
    expect(stormy.requests.slice(1)).toEqual(calm.requests.slice(1));
    expect(stormy.outcomes[0]).toMatch(/^Throttling/);
  });

  it('sends nothing to an account outside allowedAccounts', async () => {
    const { emulator, ids, open } = await start(3, 2);
    const [allowedA, allowedB, outside] = ids as [string, string, string];
    const planned = await (await open()).plan({ dealt: false }, () => Operations.ignore());
    expect(planned.accounts.map((account) => account.accountId)).toEqual(ids);
    const stored: FleetPlan = parseFleetPlan(JSON.stringify(planned));

    // A new run, as a reviewed plan would be executed: no credentials held yet.
    const fleet = await open({ runId: 'execute-run' });
    emulator.reset();
    const rolesBefore = emulator.assumedRoles().length;
    const report = await fleet.execute(stored, { allowedAccounts: [allowedA, allowedB] });

    const refused = report.accounts[2];
    expect(refused?.ok === false && refused.phase).toBe('skipped');
    expect(refused?.ok === false && refused.error).toBeInstanceOf(AccountNotAllowedError);
    expect(refused?.ok === false && refused.error.delivery).toBe('notSent');
    expect(report.failedAccounts.map((outcome) => [outcome.accountId, outcome.phase])).toEqual([
      [outside, 'skipped'],
    ]);
    expect(emulator.account(outside).received).toEqual([]);
    expect(emulator.received.filter((request) => request.accountId === outside)).toEqual([]);
    const roles = emulator.assumedRoles().slice(rolesBefore);
    expect(roles.map((role) => role.accountId).sort()).toEqual([allowedA, allowedB]);
    expect(report.counts.alerts).toMatchObject({ total: 4, succeeded: 4 });
    expect(
      emulator
        .account(outside)
        .state.alerts()
        .every((alert) => alert.EventStatus === 1),
    ).toBe(true);
  });

  it("shows no account's credentials in another account's errors, audit events or logs", async () => {
    const { emulator, ids, open } = await start(3, 3, (accountId) =>
      accountId === '1000000000000004' ? { role: { refuse: true } } : {},
    );
    emulator.faults.inject({
      action: 'HandleSecurityEvents',
      accountId: ids[1] as string,
      rate: 1,
      kinds: ['internalError'],
    });
    const events: FleetAuditEvent[] = [];
    const lines: string[] = [];
    const log = (...args: unknown[]) => lines.push(inspect(args, { depth: 12 }));
    const fleet = await open({
      onAudit: (event) => events.push(event),
      logger: { debug: log, info: log, warn: log, error: log },
      logLevel: 'debug',
      auditResponseBodies: true,
    });
    const plan = await fleet.plan({ dealt: false }, () => Operations.ignore());
    const report = await fleet.execute(plan, { allowedAccounts: ids, reconcileGraceMs: 20 });
    const listing = await failure(
      (async () => {
        for await (const _ of fleet.listAlerts()) {
          // drained
        }
      })(),
    );
    expect(report.counts.accounts).toEqual({ total: 2, ok: 2, failed: 0 });
    expect(report.counts.alerts.succeeded).toBe(3);

    // Every account's secrets: its own key, and the role credentials the fleet holds for it.
    const secrets = new Map<string, string[]>();
    for (const account of fleet.accounts) {
      const own = emulator.account(account.accountId).credentials;
      const held =
        account.credential?.expiresAt === undefined ? {} : await account.credential.getCredential();
      secrets.set(
        account.accountId,
        [
          own.accessKeyId,
          own.accessKeySecret,
          held.accessKeyId,
          held.accessKeySecret,
          held.securityToken,
        ].filter((value): value is string => typeof value === 'string' && value.length > 0),
      );
    }
    const management = [emulator.credentials.accessKeyId, emulator.credentials.accessKeySecret];
    const secretValues = (id: string) => (secrets.get(id) ?? []).filter((value) => !value.startsWith('LTAI'));
    const others = (id: string | undefined) =>
      [...secrets.entries()].filter(([other]) => other !== id).flatMap(([, values]) => values);

    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      const text = inspect(event, { depth: 12 });
      for (const value of others(event.accountId)) expect(text).not.toContain(value);
      if (event.accountId !== undefined)
        for (const value of secretValues(event.accountId)) expect(text).not.toContain(value);
      expect(text).not.toContain(management[1]);
    }
    const errors = [
      ...report.accounts.flatMap((outcome) =>
        outcome.ok
          ? outcome.value.failed.map((failed) => ({ accountId: outcome.accountId, error: failed.error }))
          : [],
      ),
      ...(listing as FleetListingError).failed,
    ];
    expect(errors.length).toBeGreaterThan(0);
    for (const { accountId, error } of errors) {
      const text = inspect(error, { depth: 12 });
      for (const value of [...others(accountId), ...secretValues(accountId), management[1] as string]) {
        expect(text).not.toContain(value);
      }
    }
    const allSecrets = [...secrets.keys()].flatMap(secretValues);
    expect(allSecrets.length).toBeGreaterThan(4);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      for (const value of [...allSecrets, management[1] as string]) expect(line).not.toContain(value);
  });
});
