/**
 * The web console: a small Node.js server, built only on the package's public API, and a page that
 * shows alerts arriving live, an alert's detail and operations, a plan to review (whitelist rules
 * before and after the merge), its approval, its execution with live progress and the results.
 *
 *   npm run console                  (or: npx tsx examples/web-console/server.ts [--port 8081])
 *
 * It runs against an embedded emulator whose alerts arrive, fire again and change status every few
 * seconds. The approval key is made at start and stays in this process: the page never sees it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type Alert,
  AlertHandler,
  type Approval,
  approve,
  createAlertEventStream,
  DEFAULT_RESPONSE_RULES,
  deliver,
  type ExecuteProgress,
  executeResponsePlan,
  formatPlan,
  type ResponsePlan,
  ResponseRules,
  type Sink,
  ValidationError,
  type WhitelistRule,
} from 'alicloud-alert-handler';
import {
  DEFAULT_SCENARIO,
  sampleActivity,
  sampleArrivals,
  scenarioToOptions,
  startEmulator,
} from 'alicloud-alert-handler/emulator';

/** What the embedded emulator makes happen while the console runs. */
export interface ConsoleOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @defaultValue 8081 */
  readonly port?: number;
  /** Alerts that arrive after start. @defaultValue 40 */
  readonly arrivals?: number;
  /** When the first may arrive, in milliseconds after start. @defaultValue 3000 */
  readonly firstArrivalMs?: number;
  /** Milliseconds between arrivals, on average. @defaultValue 6000 */
  readonly arrivalEveryMs?: number;
  /** Alerts firing again and statuses set by people in the console, over the same period. @defaultValue 30 */
  readonly activity?: number;
  /** How often the live feed polls. @defaultValue 2000 */
  readonly feedIntervalMs?: number;
}

/** A running console. */
export interface RunningConsole {
  /** Its address, e.g. `http://127.0.0.1:8081`. */
  readonly url: string;
  /** Stops the feed, the server and the emulator. */
  close(): Promise<void>;
}

/** A plan made in the console, its approval and its run. */
interface ConsolePlan {
  readonly rplan: ResponsePlan;
  approval?: Approval;
  run?: Run;
}

/** One execution: its events so far (replayed to every page that follows it) and who follows it. */
interface Run {
  readonly events: { readonly type: string; readonly data: unknown }[];
  readonly followers: Set<ServerResponse>;
  done: boolean;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
};
/** How long an approval given in the console lasts. */
const APPROVAL_TTL_MS = 15 * 60_000;
/** Destructive handlings one plan may hold: a person reviews and approves each plan here. */
const MAX_DESTRUCTIVE_PER_PLAN = 20;
const MAX_BODY_BYTES = 64 * 1024;

/** Starts the emulator, the live feed and the console's server. */
export async function startConsole(options: ConsoleOptions = {}): Promise<RunningConsole> {
  const {
    port = 8081,
    arrivals: arrivalCount = 40,
    firstArrivalMs = 3000,
    arrivalEveryMs = 6000,
    activity: activityCount = 30,
    feedIntervalMs = 2000,
  } = options;
  const start = Date.now();
  const scenario = scenarioToOptions(DEFAULT_SCENARIO);
  const period = { from: start + firstArrivalMs, to: start + firstArrivalMs + arrivalCount * arrivalEveryMs };
  const arrivals = sampleArrivals(arrivalCount, 'web-console', period);
  const activity = sampleActivity(activityCount, 'web-console', {
    ...period,
    alerts: scenario.state.alerts ?? [],
    arrivals,
  });
  const emulator = await startEmulator({ ...scenario, state: { ...scenario.state, arrivals, activity } });

  const alerts = new AlertHandler({
    endpoint: emulator.url,
    credential: emulator.credentials,
    lang: 'en',
    poll: { intervalMs: 300, maxAttempts: 10, maxWaitMs: 5000 },
  });
  const secret = randomBytes(32).toString('hex');
  const known = new Map<string, Alert>();
  const plans = new Map<string, ConsolePlan>();

  // The live feed: every change goes to the browsers (server-sent events) and to the console's own view.
  const events = createAlertEventStream({ heartbeatMs: 15_000 });
  const remember: Sink = {
    name: 'console-view',
    async send(changes) {
      for (const change of changes) known.set(change.alert.id, change.alert);
    },
  };
  const stop = new AbortController();
  const feed = alerts.watch({ intervalMs: feedIntervalMs, signal: stop.signal });
  const delivery = deliver(feed, [events, remember], { signal: stop.signal }).catch((error: unknown) => {
    console.error('The live feed stopped:', error);
  });

  const routes: Route[] = [
    ['GET', /^\/events$/, (request, response) => events.serve(request, response)],
    ['GET', /^\/api\/alerts$/, async (_request, response) => sendJson(response, 200, await listAlerts())],
    [
      'GET',
      /^\/api\/alerts\/([^/]+)$/,
      async (_request, response, [id = '']) => sendJson(response, 200, await detail(id)),
    ],
    [
      'POST',
      /^\/api\/plan$/,
      async (request, response) => sendJson(response, 200, await plan(await readJson(request))),
    ],
    [
      'POST',
      /^\/api\/approve$/,
      async (request, response) => sendJson(response, 200, approvePlan(await readJson(request))),
    ],
    [
      'POST',
      /^\/api\/execute$/,
      async (request, response) => sendJson(response, 202, execute(await readJson(request))),
    ],
    ['GET', /^\/api\/runs\/([^/]+)\/progress$/, (request, response, [id]) => follow(request, response, id)],
  ];

  async function listAlerts() {
    const listed: Alert[] = [];
    for await (const alert of alerts.listAlerts({ maxItems: 500 })) listed.push(alert);
    for (const alert of listed) known.set(alert.id, alert);
    return listed.map(alertView);
  }

  async function detail(id: string) {
    const alert = known.get(id);
    if (alert === undefined) throw new NotFound(`No alert ${id} is known to the console.`);
    const offered = await alerts.getOperations(id);
    return {
      alert: { ...alertView(alert), details: alert.details, uuid: alert.uuid, instanceId: alert.instanceId },
      operations: offered.operations.map(({ code, displayName, userCanOperate }) => ({
        code,
        displayName,
        userCanOperate,
      })),
      whitelistRules: offered.whitelistRules,
      whitelistFields: offered.whitelistFields,
    };
  }

  async function plan(body: Record<string, unknown>) {
    const ids = stringList(body.alertIds, 'alertIds');
    const selected = ids.map((id) => {
      const alert = known.get(id);
      if (alert === undefined) throw new ValidationError(`No alert ${id} is known to the console.`);
      return alert;
    });
    const rules = ResponseRules.parse(
      body.operation === undefined ? DEFAULT_RESPONSE_RULES : chosenRules(body.operation),
    );
    const rplan = await rules.plan(alerts, selected, {
      maxDestructivePerRun: MAX_DESTRUCTIVE_PER_PLAN,
      now: Date.now(),
    });
    const planId = randomUUID();
    plans.set(planId, { rplan });
    const batches = await Promise.all(
      rplan.plan.batches.map(async (batch) => ({
        operation: batch.operation,
        alertIds: batch.alertIds,
        ...(batch.operation.markMissParam !== undefined && {
          whitelist: {
            before: (await alerts.getOperations(batch.alertIds[0] ?? '')).whitelistRules,
            after: JSON.parse(batch.operation.markMissParam) as WhitelistRule[],
          },
        }),
      })),
    );
    return {
      planId,
      digest: rplan.digest,
      ruleSet: rplan.ruleSet,
      destructive: rplan.plan.destructive,
      decisions: rplan.decisions.map(({ trace: _trace, ...decision }) => decision),
      guardsTripped: rplan.guardsTripped,
      batches,
      skipped: rplan.plan.skipped,
      text: formatPlan(rplan.plan),
    };
  }

  function approvePlan(body: Record<string, unknown>) {
    const entry = planOf(body.planId);
    const approver = typeof body.approver === 'string' ? body.approver.trim() : '';
    if (approver === '') throw new ValidationError('approver: give your name to approve the plan.');
    entry.approval = approve(entry.rplan, { approver, expiresAt: Date.now() + APPROVAL_TTL_MS, secret });
    return {
      approver: entry.approval.approver,
      expiresAt: entry.approval.expiresAt,
      digest: entry.rplan.digest,
    };
  }

  function execute(body: Record<string, unknown>) {
    const entry = planOf(body.planId);
    if (entry.run !== undefined) throw new Conflict('This plan was executed already: make a new one.');
    const run: Run = { events: [], followers: new Set(), done: false };
    entry.run = run;
    const publish = (type: string, data: unknown, last = false) => {
      run.events.push({ type, data });
      run.done ||= last;
      for (const follower of run.followers) {
        writeEvent(follower, type, data);
        if (last) follower.end();
      }
    };
    executeResponsePlan(alerts, entry.rplan, {
      ...(entry.approval !== undefined && { approval: entry.approval }),
      secret,
      onProgress: (progress) => publish('progress', progressView(progress)),
    }).then(
      (report) => publish('summary', { ...report.toJSON(), text: report.summary() }, true),
      (error: unknown) => publish('failed', { message: messageOf(error) }, true),
    );
    return { runId: String(body.planId) };
  }

  function follow(request: IncomingMessage, response: ServerResponse, id = '') {
    const run = plans.get(id)?.run;
    if (run === undefined) throw new NotFound(`No run ${id}.`);
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    for (const { type, data } of run.events) writeEvent(response, type, data);
    if (run.done) {
      response.end();
      return;
    }
    run.followers.add(response);
    request.once('close', () => run.followers.delete(response));
  }

  function planOf(planId: unknown): ConsolePlan {
    const entry = typeof planId === 'string' ? plans.get(planId) : undefined;
    if (entry === undefined) throw new NotFound('No such plan: make one first.');
    return entry;
  }

  const server = createServer((request, response) => {
    handle(routes, request, response).catch((error: unknown) => {
      const status =
        error instanceof NotFound
          ? 404
          : error instanceof Conflict
            ? 409
            : error instanceof ValidationError
              ? 400
              : 500;
      if (status === 500) console.error(error);
      if (!response.headersSent) sendJson(response, status, { error: messageOf(error) });
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    async close() {
      stop.abort();
      await delivery;
      events.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await emulator.close();
    },
  };
}

type Route = [
  method: string,
  path: RegExp,
  handler: (request: IncomingMessage, response: ServerResponse, params: string[]) => unknown,
];

async function handle(routes: Route[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const page = STATIC[path];
  if (page !== undefined && request.method === 'GET') {
    response.writeHead(200, {
      'content-type': page.type,
      'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'",
      'x-content-type-options': 'nosniff',
    });
    response.end(await readFile(`${here}${page.file}`));
    return;
  }
  for (const [method, pattern, handler] of routes) {
    const match = pattern.exec(path);
    if (match === null) continue;
    if (request.method !== method) throw new NotFound(`${request.method} ${path} is not served.`);
    await handler(request, response, match.slice(1).map(decodeURIComponent));
    return;
  }
  throw new NotFound(`${path} is not served.`);
}

class NotFound extends Error {}
class Conflict extends Error {}

/** A one-rule set that handles every selected alert with the operation chosen in the page. */
function chosenRules(operation: unknown): unknown {
  const { code, input } = (operation ?? {}) as { code?: unknown; input?: unknown };
  return {
    name: 'web-console',
    version: 1,
    rules: [
      {
        id: 'chosen-in-console',
        order: 1,
        match: { all: [] },
        action: {
          handle: {
            operation: code,
            ...(input !== undefined && { input }),
            reason: 'chosen in the web console',
          },
        },
      },
    ],
  };
}

function alertView(alert: Alert) {
  return {
    id: alert.id,
    name: alert.name,
    level: alert.level,
    status: alert.status,
    type: alert.typeDisplay ?? alert.type,
    asset: alert.instanceName || alert.instanceId || alert.uuid,
    internetIp: alert.internetIp,
    intranetIp: alert.intranetIp,
    lastSeen: alert.lastSeen?.toISOString(),
  };
}

function progressView(progress: ExecuteProgress) {
  return {
    phase: progress.phase,
    batchIndex: progress.batchIndex,
    batchCount: progress.batchCount,
    alertIds: progress.alertIds,
    operation: progress.operation.displayName,
    completedAlerts: progress.completedAlerts,
    totalAlerts: progress.totalAlerts,
    ...(progress.task !== undefined && { task: progress.task }),
    ...(progress.outcomes !== undefined && {
      outcomes: progress.outcomes.map(({ alertId, status, reason }) => ({ alertId, status, reason })),
    }),
  };
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string')) {
    throw new ValidationError(`${field}: a non-empty list of alert ids.`);
  }
  return [...new Set(value as string[])];
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > MAX_BODY_BYTES) throw new ValidationError('The request body is too large.');
  }
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {}
  throw new ValidationError('The request body must be a JSON object.');
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(value));
}

function writeEvent(response: ServerResponse, type: string, data: unknown): void {
  response.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8081' } } });
  const running = await startConsole({ port: Number(values.port) });
  console.log(
    `The web console runs on ${running.url} (an embedded emulator: alerts arrive every few seconds). Ctrl+C stops it.`,
  );
  const shutdown = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
