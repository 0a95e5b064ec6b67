/**
 * What every store guarantees, whatever keeps its data (src/stores/store.ts): streams, leases, fenced
 * writes, checkpoints and argument checks in one process (`storeContract`), and leases and appends across
 * processes (`storeProcessContract`). Each store's tests run them with its {@link StoreKind}.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import type { JsonValue, Lease } from '../../src/stores/store.js';
import { LeaseLostError } from '../../src/stores/store-errors.js';
import type { StoreKind } from './store-kinds.js';
import { failureOf } from './typed-failure.js';

const BAD_NAMES: unknown[] = [
  '',
  'Execution-1',
  '../escape',
  'a/b',
  'a\\b',
  '.hidden',
  '-dash',
  'with space',
  'colon:name',
  'é',
  'a'.repeat(129),
  42,
  undefined,
];

/** The contract of one store in one process. */
export function storeContract(kind: StoreKind): void {
  describe(`${kind.name} streams`, () => {
    it('numbers records 1, 2, 3… in append order and reads them back in that order', async () => {
      const { store, clock } = await kind.open(5_000);

      expect(await store.append('execution-1', [{ intent: 1 }, { intent: 2 }])).toBe(2);
      await clock.advance(10);
      expect(await store.append('execution-1', ['third'])).toBe(3);

      expect(await store.read('execution-1')).toEqual([
        { seq: 1, at: 5_000, data: { intent: 1 } },
        { seq: 2, at: 5_000, data: { intent: 2 } },
        { seq: 3, at: 5_010, data: 'third' },
      ]);
    });

    it('keeps every JSON value as given', async () => {
      const { store } = await kind.open();
      const values: JsonValue[] = [
        null,
        true,
        0,
        -1.5,
        1e21,
        '',
        'é ✓ \n "quoted" \u0000',
        [],
        {},
        { nested: [1, { deep: null }] },
        { z: 1, a: 2 },
      ];

      await store.append('values', values);

      const read = (await store.read('values')).map((record) => record.data);
      expect(read).toEqual(values);
      expect(read.map((value) => JSON.stringify(value))).toEqual(
        values.map((value) => JSON.stringify(value)),
      );
    });

    it('numbers the appends of one process in the order they were made, even when not awaited', async () => {
      const { store } = await kind.open();

      const seqs = await Promise.all(Array.from({ length: 50 }, (_, n) => store.append('busy', [n])));

      expect(seqs).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
      expect((await store.read('busy')).map((record) => record.data)).toEqual(seqs.map((seq) => seq - 1));
    });

    it('goes on from the end of the stream when another store (another process) appended meanwhile', async () => {
      const { store: first, another } = await kind.open();
      const second = another();

      await first.append('shared', ['a']);
      await second.append('shared', ['b', 'c']);

      expect(await first.append('shared', ['d'])).toBe(4);
      expect((await second.read('shared')).map((record) => record.data)).toEqual(['a', 'b', 'c', 'd']);
    });

    it('answers an empty append with the last sequence number, 0 for an empty stream', async () => {
      const { store } = await kind.open();

      expect(await store.append('quiet', [])).toBe(0);
      await store.append('quiet', ['one']);
      expect(await store.append('quiet', [])).toBe(1);
    });

    it('reads a stream never appended to as empty', async () => {
      const { store } = await kind.open();

      expect(await store.read('never')).toEqual([]);
      expect(await store.streams()).toEqual([]);
    });

    it('lists the streams, sorted, those starting with a prefix', async () => {
      const { store } = await kind.open();
      for (const stream of ['execution-b', 'feed-1', 'execution-a', 'execution_c', 'executionx']) {
        await store.append(stream, [1]);
      }

      expect(await store.streams()).toEqual([
        'execution-a',
        'execution-b',
        'execution_c',
        'executionx',
        'feed-1',
      ]);
      expect(await store.streams('execution-')).toEqual(['execution-a', 'execution-b']);
      expect(await store.streams('execution_')).toEqual(['execution_c']);
      expect(await store.streams('nothing')).toEqual([]);
    });
  });

  describe(`${kind.name} leases`, () => {
    it('gives a free key to the first owner, for its duration, and to no one else meanwhile', async () => {
      const { store, clock } = await kind.open(1_000);

      const lease = await store.acquire('execution-1', 'worker-a', 500);

      expect(lease).toEqual({ key: 'execution-1', owner: 'worker-a', token: 1, expiresAt: 1_500 });
      expect(await store.holder('execution-1')).toEqual(lease);
      expect(await store.acquire('execution-1', 'worker-b', 500)).toBeUndefined();
      // Not even the same owner through a second lease: a holder renews.
      expect(await store.acquire('execution-1', 'worker-a', 500)).toBeUndefined();
      await clock.set(1_499);
      expect(await store.acquire('execution-1', 'worker-b', 500)).toBeUndefined();
    });

    it('lets another owner take an expired lease, with a greater token', async () => {
      const { store, clock } = await kind.open(1_000);
      await store.acquire('execution-1', 'worker-a', 500);

      await clock.set(1_500);
      expect(await store.holder('execution-1')).toBeUndefined();
      const taken = await store.acquire('execution-1', 'worker-b', 500);

      expect(taken).toEqual({ key: 'execution-1', owner: 'worker-b', token: 2, expiresAt: 2_000 });
      expect(await store.holder('execution-1')).toEqual(taken);
    });

    it('renews a held lease with the same token, and moves its expiry', async () => {
      const { store, clock } = await kind.open(1_000);
      const lease = await store.acquire('execution-1', 'worker-a', 500);
      if (lease === undefined) throw new Error('not acquired');

      await clock.set(1_400);
      const renewed = await store.renew(lease, 1_000);

      expect(renewed).toEqual({ ...lease, expiresAt: 2_400 });
      await clock.set(2_000);
      expect(await store.acquire('execution-1', 'worker-b', 500)).toBeUndefined();
      expect(await store.holder('execution-1')).toEqual(renewed);
    });

    it('renews an expired lease that no one took, and not one that was taken over or released', async () => {
      const { store, clock } = await kind.open(1_000);
      const first = await store.acquire('execution-1', 'worker-a', 500);
      if (first === undefined) throw new Error('not acquired');

      await clock.set(1_600);
      expect(await store.renew(first, 500)).toEqual({ ...first, expiresAt: 2_100 });

      await clock.set(2_100);
      const second = await store.acquire('execution-1', 'worker-b', 500);
      expect(second?.token).toBe(2);
      expect(await store.renew(first, 500)).toBeUndefined();
      expect(await store.holder('execution-1')).toEqual(second);

      if (second === undefined) throw new Error('not acquired');
      await store.release(second);
      expect(await store.renew(second, 500)).toBeUndefined();
    });

    it('frees a released key at once, and its next holder still gets a greater token', async () => {
      const { store } = await kind.open(1_000);
      const lease = await store.acquire('execution-1', 'worker-a', 60_000);
      if (lease === undefined) throw new Error('not acquired');

      await store.release(lease);

      expect(await store.holder('execution-1')).toBeUndefined();
      expect(await store.acquire('execution-1', 'worker-b', 500)).toMatchObject({
        owner: 'worker-b',
        token: 2,
      });
    });

    it('does nothing when a lost lease is released: the new holder keeps the key', async () => {
      const { store, clock } = await kind.open(1_000);
      const old = await store.acquire('execution-1', 'worker-a', 500);
      if (old === undefined) throw new Error('not acquired');
      await clock.set(2_000);
      const current = await store.acquire('execution-1', 'worker-b', 500);

      await store.release(old);

      expect(await store.holder('execution-1')).toEqual(current);
    });

    it('hands out strictly increasing tokens over expiries and releases', async () => {
      const { store, clock } = await kind.open(0);
      const tokens: number[] = [];

      for (let round = 0; round < 20; round++) {
        await clock.set(round * 1_000);
        const lease = await store.acquire('alert-7009607', `worker-${round % 3}`, 100);
        if (lease === undefined) throw new Error(`round ${round}: not acquired`);
        tokens.push(lease.token);
        if (round % 2 === 0) await store.release(lease);
      }

      expect(tokens).toEqual(Array.from({ length: 20 }, (_, round) => round + 1));
    });

    it('gives an expired key to exactly one of several stores racing for it', async () => {
      const { clock, another } = await kind.open(0);
      const stores = Array.from({ length: 6 }, () => another());

      for (let round = 1; round <= 10; round++) {
        await clock.set(round * 1_000);
        const leases = await Promise.all(
          stores.map((store, index) => store.acquire('execution-1', `worker-${index}`, 500)),
        );
        const won = leases.filter((lease) => lease !== undefined);
        expect(won.map((lease) => lease.token)).toEqual([round]);
      }
    });

    it('keeps the leases of different keys apart', async () => {
      const { store } = await kind.open(0);

      const a = await store.acquire('alert-1', 'worker-a', 100);
      const b = await store.acquire('alert-2', 'worker-b', 100);

      expect([a?.token, b?.token]).toEqual([1, 1]);
      expect(await store.holder('alert-3')).toBeUndefined();
    });
  });

  describe(`${kind.name} writes fenced by a lease`, () => {
    /** A store at 1000, and a lease of `worker-a` on `execution-1` until 1500. */
    const leased = async () => {
      const opened = await kind.open(1_000);
      const lease = await opened.store.acquire('execution-1', 'worker-a', 500);
      if (lease === undefined) throw new Error('not acquired');
      return { ...opened, lease };
    };

    it('are written while the lease holds its key', async () => {
      const { store, lease } = await leased();

      expect(await store.append('execution-1', ['intent'], { lease })).toBe(1);
      await store.putCheckpoint('execution-1', { batch: 1 }, { lease });

      expect(await store.read('execution-1')).toHaveLength(1);
      expect(await store.getCheckpoint('execution-1')).toEqual({ batch: 1 });
    });

    it('are refused after another owner took the key over, and write nothing', async () => {
      const { store, clock, lease } = await leased();
      await store.append('execution-1', ['before'], { lease });
      await store.putCheckpoint('position', 'before', { lease });
      await clock.set(1_500);
      const current = await store.acquire('execution-1', 'worker-b', 500);

      const append = await failureOf(LeaseLostError, store.append('execution-1', ['late'], { lease }));
      const put = await failureOf(LeaseLostError, store.putCheckpoint('position', 'late', { lease }));
      const empty = await failureOf(LeaseLostError, store.append('execution-1', [], { lease }));

      for (const error of [append, put, empty]) {
        expect(error).toMatchObject({
          name: 'LeaseLostError',
          code: 'LeaseLost',
          delivery: 'notSent',
          key: 'execution-1',
          token: 1,
          currentToken: 2,
        });
        expect(error.message).toContain('was taken over');
      }
      expect((await store.read('execution-1')).map((record) => record.data)).toEqual(['before']);
      expect(await store.getCheckpoint('position')).toBe('before');
      // The new holder writes.
      expect(await store.append('execution-1', ['after'], { lease: current })).toBe(2);
    });

    it('are refused once the lease expired, even before anyone took it, until it is renewed', async () => {
      const { store, clock, lease } = await leased();
      await clock.set(1_500);

      const error = await failureOf(LeaseLostError, store.append('execution-1', ['late'], { lease }));
      expect(error.message).toContain('expired at 1500');
      expect(error.currentToken).toBe(1);

      const renewed = await store.renew(lease, 500);
      expect(await store.append('execution-1', ['renewed'], { lease: renewed })).toBe(1);
    });

    it('are refused after the lease was released', async () => {
      const { store, lease } = await leased();
      await store.release(lease);

      const error = await failureOf(LeaseLostError, store.putCheckpoint('position', 1, { lease }));

      expect(error.message).toContain('was released');
      expect(await store.getCheckpoint('position')).toBeUndefined();
    });

    it('are refused with a lease of an owner that never held the key', async () => {
      const { store, lease } = await leased();
      const forged: Lease = { ...lease, owner: 'worker-z' };

      await failureOf(LeaseLostError, store.append('execution-1', ['forged'], { lease: forged }));
      const never = await failureOf(
        LeaseLostError,
        store.append('other', ['never'], { lease: { ...lease, key: 'other' } }),
      );
      expect(never.currentToken).toBeUndefined();
      expect(await store.streams()).toEqual([]);
    });

    it('check the lease of one key, whatever stream they write to', async () => {
      const { store, clock, lease } = await leased();
      await clock.set(2_000);
      await store.acquire('execution-1', 'worker-b', 500);

      await failureOf(LeaseLostError, store.append('audit-log', ['late'], { lease }));
      expect(await store.append('audit-log', ['unfenced'])).toBe(1);
    });
  });

  describe(`${kind.name} checkpoints`, () => {
    it('reads back what was put, and undefined for a key never put', async () => {
      const { store } = await kind.open();
      const position = { lastAlertId: '7009607', page: 4, seen: ['a', 'b'], done: false, note: null };

      await store.putCheckpoint('feed-cn-shanghai', position);

      expect(await store.getCheckpoint('feed-cn-shanghai')).toEqual(position);
      expect(await store.getCheckpoint('feed-cn-hangzhou')).toBeUndefined();
    });

    it('replaces the previous value as a whole, also from another store on the same data', async () => {
      const { store, another } = await kind.open();
      await store.putCheckpoint('feed', { page: 1, extra: true });

      await another().putCheckpoint('feed', { page: 2 });

      expect(await another().getCheckpoint('feed')).toEqual({ page: 2 });
    });

    it('keeps null, numbers and strings as values', async () => {
      const { store } = await kind.open();
      for (const value of [null, 0, 'text', [1, 2]]) {
        await store.putCheckpoint('value', value);
        expect(await store.getCheckpoint('value')).toEqual(value);
      }
    });
  });

  describe(`${kind.name} arguments`, () => {
    it('accepts names of a-z, 0-9, dot, underscore and dash up to 128 characters', async () => {
      const { store } = await kind.open();
      for (const name of ['a', '7009607', 'execution-2024_01.x', 'z'.repeat(128)]) {
        expect(await store.append(name, [1])).toBe(1);
        expect(await store.acquire(name, 'worker', 100)).toMatchObject({ key: name });
        await store.putCheckpoint(name, 1);
      }
    });

    it('refuses every other stream name and key, before writing anything', async () => {
      const { store } = await kind.open();
      const calls = (name: string): [string, Promise<unknown>][] => [
        ['append: stream', store.append(name, [1])],
        ['read: stream', store.read(name)],
        ['acquire: key', store.acquire(name, 'worker', 100)],
        ['holder: key', store.holder(name)],
        ['getCheckpoint: key', store.getCheckpoint(name)],
        ['putCheckpoint: key', store.putCheckpoint(name, 1)],
      ];
      for (const name of BAD_NAMES) {
        for (const [field, call] of calls(name as string)) {
          const error = await failureOf(ValidationError, call);
          expect(error).toMatchObject({ field, code: 'ValidationError', delivery: 'notSent' });
          expect(error.message).toContain('a-z, 0-9');
        }
      }
      expect(await store.streams()).toEqual([]);
    });

    it('refuses a prefix that no name can start with', async () => {
      const { store } = await kind.open();

      expect(await store.streams('')).toEqual([]);
      await failureOf(ValidationError, store.streams('Upper'));
      await failureOf(ValidationError, store.streams('a/'));
      await failureOf(ValidationError, store.streams('a%'));
    });

    it('refuses records and checkpoints that are not JSON, naming where', async () => {
      const { store } = await kind.open();
      const sparse: unknown[] = [1];
      sparse[2] = 3;
      const cases: [unknown, string][] = [
        [undefined, 'append: records[0] must be JSON'],
        [Number.NaN, 'must be a finite number'],
        [{ at: new Date(0) }, 'at `at` must be a plain object or an array, got Date'],
        [{ list: [1, () => 1] }, 'at `list[1]` must be JSON'],
        [{ big: 1n }, 'at `big` must be JSON (null, boolean, number, string, array or object), got 1n'],
        [sparse, 'at `[1]` must be JSON (null, boolean, number, string, array or object), got undefined'],
      ];
      for (const [record, message] of cases) {
        const error = await failureOf(ValidationError, store.append('values', [record as JsonValue]));
        expect(error.message).toContain(message);
      }
      const loop: Record<string, unknown> = {};
      loop.self = loop;
      const error = await failureOf(ValidationError, store.putCheckpoint('value', loop as JsonValue));
      expect(error.message).toBe('putCheckpoint: value at `self` refers to itself. Nothing was written.');
      await failureOf(ValidationError, store.append('values', 'not an array' as unknown as JsonValue[]));
      expect(await store.streams()).toEqual([]);
    });

    it('refuses bad owners, durations and leases', async () => {
      const { store } = await kind.open();
      const lease = await store.acquire('key', 'worker', 100);
      if (lease === undefined) throw new Error('not acquired');

      for (const owner of ['', 'x'.repeat(257), 7]) {
        await failureOf(ValidationError, store.acquire('key', owner as string, 100));
      }
      for (const ttlMs of [0, -1, 1.5, Number.POSITIVE_INFINITY, '100']) {
        await failureOf(ValidationError, store.acquire('key', 'worker', ttlMs as number));
        await failureOf(ValidationError, store.renew(lease, ttlMs as number));
      }
      const forged: unknown[] = [
        null,
        {},
        { ...lease, token: 0 },
        { ...lease, key: '../x' },
        { ...lease, owner: '' },
      ];
      for (const bad of forged) {
        await failureOf(ValidationError, store.renew(bad as Lease, 100));
        await failureOf(ValidationError, store.release(bad as Lease));
        await failureOf(ValidationError, store.append('stream', [1], { lease: bad as Lease }));
      }
      await failureOf(ValidationError, store.release(undefined as unknown as Lease));
      expect(await store.streams()).toEqual([]);
    });
  });
}

const PROCESSES = 4;
const ROUNDS = 100;
const APPENDS = 200;

/** The contract of one store's data shared by several processes. */
export function storeProcessContract(kind: StoreKind): void {
  describe(`${kind.name} across processes`, () => {
    it(`gives an expired lease to exactly one of ${PROCESSES} racing processes, ${ROUNDS} rounds in a row`, async () => {
      const { clock, processes } = await kind.open(0);
      const workers = await processes(PROCESSES);
      const winnersPerRound: number[] = [];
      const tokens: number[] = [];
      const wins = new Array<number>(PROCESSES).fill(0);

      for (let round = 1; round <= ROUNDS; round++) {
        // Every process reads the same clock: the lease of the round before (500 ms) has expired.
        const now = round * 1_000;
        await clock.set(now);
        const leases = await Promise.all(
          workers.map((worker, index) =>
            worker.request<Lease | undefined>({
              op: 'call',
              method: 'acquire',
              args: ['execution-1', `worker-${index}`, 500],
              now,
            }),
          ),
        );
        const won = leases.flatMap((lease, index) => (lease === undefined ? [] : [{ lease, index }]));
        winnersPerRound.push(won.length);
        for (const { lease, index } of won) {
          tokens.push(lease.token);
          wins[index] = (wins[index] ?? 0) + 1;
        }
      }

      expect(winnersPerRound).toEqual(new Array(ROUNDS).fill(1));
      expect(tokens).toEqual(Array.from({ length: ROUNDS }, (_, index) => index + 1));
      expect(wins.reduce((sum, count) => sum + count, 0)).toBe(ROUNDS);
      console.log(
        `${kind.name} lease race: ${ROUNDS} rounds, each won exactly once; wins per process ${wins.join(', ')}`,
      );
    }, 60_000);

    it(`keeps every record of ${PROCESSES} processes appending ${APPENDS} each to one stream, once, numbered without gaps`, async () => {
      const { store, processes } = await kind.open(1);
      const workers = await processes(PROCESSES);

      const answered = await Promise.all(
        workers.map((worker, index) =>
          worker.request<number[]>({
            op: 'appendMany',
            stream: 'shared',
            count: APPENDS,
            worker: index,
            now: 1,
          }),
        ),
      );

      const total = PROCESSES * APPENDS;
      const records = await store.read('shared');
      expect(records.map((record) => record.seq)).toEqual(
        Array.from({ length: total }, (_, index) => index + 1),
      );
      // Each process's records, exactly once each, in the order it appended them.
      for (let worker = 0; worker < PROCESSES; worker++) {
        const own = records.filter((record) => (record.data as { worker: number }).worker === worker);
        expect(own.map((record) => (record.data as { n: number }).n)).toEqual([...Array(APPENDS).keys()]);
        expect(own.map((record) => record.seq)).toEqual(answered[worker]);
      }
      // Every sequence number was answered to exactly one append.
      expect(answered.flat().sort((a, b) => a - b)).toEqual(records.map((record) => record.seq));
      const writers = records.map((record) => (record.data as { worker: number }).worker);
      const switches = writers.filter((writer, index) => index > 0 && writer !== writers[index - 1]).length;
      console.log(
        `${kind.name} concurrent appends: ${total} records, seqs 1..${total}, ${switches} switches between processes`,
      );
    }, 120_000);

    it('lets another process take over the lease of a process killed (SIGKILL) while appending, once it expires, and refuses the old lease', async () => {
      const { store, clock, processes } = await kind.open(1_000);
      const [worker] = await processes(1);
      if (worker === undefined) throw new Error('no worker');
      // The clock stays at 1000 while the worker appends: its lease lasts until 6000.
      const lease = await worker.request<Lease>({
        op: 'call',
        method: 'acquire',
        args: ['execution-1', 'worker-killed', 5_000],
        now: 1_000,
      });
      await worker.request({ op: 'appendUntilKilled', stream: 'execution-1', lease, now: 1_000 });
      while ((await store.read('execution-1')).length < 20)
        await new Promise((resolve) => setTimeout(resolve, 5));

      await worker.kill();

      expect(await store.acquire('execution-1', 'worker-next', 60_000)).toBeUndefined();
      await clock.set(5_999);
      expect(await store.holder('execution-1')).toMatchObject({ owner: 'worker-killed', token: lease.token });
      await clock.set(6_000);
      const next = await store.acquire('execution-1', 'worker-next', 60_000);
      expect(next).toMatchObject({ owner: 'worker-next', token: lease.token + 1 });
      // The killed process's lease writes nothing more, whoever holds it.
      await failureOf(LeaseLostError, store.append('execution-1', ['late'], { lease }));
      await failureOf(LeaseLostError, store.putCheckpoint('execution-1', 'late', { lease }));

      const appended = store.append('execution-1', [{ takenOverBy: 'worker-next' }], { lease: next });
      // An append lock the killed process may have left (the file store's last 10 s) expires.
      await clock.set(11_000);
      const seq = await appended;
      const records = await store.read('execution-1');
      expect(records.map((record) => record.seq)).toEqual(
        Array.from({ length: seq }, (_, index) => index + 1),
      );
      expect(records.slice(0, -1).map((record) => record.data)).toEqual(
        Array.from({ length: seq - 1 }, (_, n) => ({ n })),
      );
      expect(records.at(-1)?.data).toEqual({ takenOverBy: 'worker-next' });
      expect(await store.getCheckpoint('execution-1')).toBeUndefined();
      console.log(
        `${kind.name} killed holder: ${seq - 1} records before the kill, taken over with token ${next?.token}`,
      );
    }, 60_000);
  });
}
