/**
 * Records cassettes from the real service with read-only calls, redacts them and writes one cassette per
 * call. Handling actions are never called: they would change the account's alerts.
 *
 * 1. `DescribeSuspEvents`, page 1, 5 unhandled events;
 * 2. `DescribeSecurityEventOperations` for the first of them, if there is one;
 * 3. `DescribeRiskRules`, page 1, on Data Security Center; skipped with a note if it fails.
 *
 * Usage: `npm run record`, with credentials from the default chain (for instance
 * `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET`) and these optional variables:
 *
 * - `ALIBABA_CLOUD_REGION_ID`: Security Center region (default `cn-shanghai`);
 * - `SDDP_REGION_ID`: Data Security Center region (default `cn-zhangjiakou`);
 * - `RECORD_ENDPOINT`, `RECORD_PROTOCOL`: one host (and port) and `http` or `https` for both products
 *   instead of the regions' endpoints, for a local target;
 * - `RECORD_OUT`: output folder (default `test/fixtures/cassettes/recorded`).
 *
 * `record()` does the same in-process.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Cassette, CassetteRecorder, parseCassette, redactCassette } from '../src/emulator/index.js';
import {
  type ClientOptions,
  type CredentialInput,
  type CredentialModel,
  type CredentialProvider,
  type DescribeRiskRulesRequest,
  type DescribeSuspEventsRequest,
  SasClient,
  SddpClient,
} from '../src/index.js';
import { CredentialSource } from '../src/transport/credentials.js';

/** Where cassettes go by default. */
export const DEFAULT_OUT_DIR = 'test/fixtures/cassettes/recorded';
/** The `DescribeSuspEvents` call recorded: the first 5 unhandled events. */
export const SUSP_EVENTS_PAGE: DescribeSuspEventsRequest = { CurrentPage: '1', PageSize: '5', Dealed: 'N' };
/** The `DescribeRiskRules` call recorded: the first 5 unhandled risk events. */
export const RISK_RULES_PAGE: DescribeRiskRulesRequest = {
  CurrentPage: 1,
  PageSize: 5,
  HandleStatus: 'UNPROCESSED',
};

/** Options of {@link record}. */
export interface RecordOptions {
  /** Security Center region. @defaultValue `'cn-shanghai'` */
  regionId?: string;
  /** Data Security Center region. @defaultValue `'cn-zhangjiakou'` */
  sddpRegionId?: string;
  /** One host (and port) for both products instead of the regions' endpoints. */
  endpoint?: string;
  /** Protocol. @defaultValue `'https'` */
  protocol?: 'https' | 'http';
  /** Credentials; the default chain when omitted. */
  credential?: CredentialInput;
  /** Output folder. @defaultValue {@link DEFAULT_OUT_DIR} */
  outDir?: string;
  /** Receives one line per file written and per note. @defaultValue silent */
  log?: (line: string) => void;
}

/** A cassette written by {@link record}. */
export interface RecordedCassette {
  /** Absolute path of the file. */
  file: string;
  /** The redacted cassette, as written. */
  cassette: Cassette;
}

/** What {@link record} did. */
export interface RecordResult {
  /** The cassettes written, in call order. */
  written: RecordedCassette[];
  /** Calls skipped or attempts left out, and why. */
  notes: string[];
}

/**
 * Makes the read-only calls, redacts what they answered (every credential value used, IP addresses,
 * account IDs) and writes one cassette per call.
 *
 * @throws the SDK's error when a Security Center call fails; nothing is written for that call
 */
export async function record(options: RecordOptions = {}): Promise<RecordResult> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const log = options.log ?? (() => undefined);
  const credential = new RememberingCredential(options.credential);
  const recorder = new CassetteRecorder();
  const target = (regionId: string): ClientOptions =>
    options.endpoint === undefined
      ? { regionId, protocol: options.protocol ?? 'https' }
      : { endpoint: options.endpoint, protocol: options.protocol ?? 'https' };
  const sasRegion = options.regionId ?? 'cn-shanghai';
  const sddpRegion = options.sddpRegionId ?? 'cn-zhangjiakou';
  // The recorder reads each answer's body from the audit events: they carry it only on request.
  const common = { credential, onAudit: recorder.onAudit, auditResponseBodies: true };
  const sas = new SasClient({ ...target(sasRegion), ...common });
  const sddp = new SddpClient({ ...target(sddpRegion), ...common });
  const result: RecordResult = { written: [], notes: [] };
  const note = (text: string) => {
    result.notes.push(text);
    log(`note: ${text}`);
  };

  const save = async (name: string, action: string, region: string) => {
    const where = options.endpoint === undefined ? `in region ${region}` : 'at a local endpoint';
    const day = new Date().toISOString().slice(0, 10);
    const unanswered = recorder.unanswered;
    const taken = recorder.take(`recorded-${name}`, `recorded from ${action} ${where} on ${day}, redacted`);
    if (unanswered > 0) note(`${action}: ${unanswered} attempt(s) got no answer and are not in the cassette`);
    const cassette = parseCassette(redactCassette(taken, { secrets: credential.values }));
    const file = join(outDir, `${name}.json`);
    await mkdir(outDir, { recursive: true });
    await writeFile(file, `${JSON.stringify(cassette, null, 2)}\n`);
    result.written.push({ file, cassette });
    log(`wrote ${shown(file)} (${cassette.interactions.length} interaction(s))`);
  };

  const page = await sas.describeSuspEvents(SUSP_EVENTS_PAGE);
  await save('describe-susp-events', 'DescribeSuspEvents', sasRegion);
  const firstId = page.SuspEvents?.[0]?.Id;
  if (firstId === undefined) {
    note('no unhandled alert event: DescribeSecurityEventOperations not recorded');
  } else {
    await sas.describeSecurityEventOperations({ SecurityEventId: firstId });
    await save('describe-security-event-operations', 'DescribeSecurityEventOperations', sasRegion);
  }
  try {
    await sddp.describeRiskRules(RISK_RULES_PAGE);
  } catch (error) {
    recorder.take('discarded', '');
    note(`DescribeRiskRules skipped: ${describeError(error)}`);
    return result;
  }
  await save('describe-risk-rules', 'DescribeRiskRules', sddpRegion);
  return result;
}

/** A credential provider that remembers every value it hands out, so that the cassettes can be scrubbed of them. */
class RememberingCredential implements CredentialProvider {
  /** AccessKey IDs, secrets and STS tokens handed out so far. */
  readonly values = new Set<string>();
  readonly #source: CredentialSource;

  constructor(input: CredentialInput | undefined) {
    this.#source = new CredentialSource(input);
  }

  async getCredential(): Promise<CredentialModel> {
    const model = await this.#source.getCredential();
    for (const value of [model.accessKeyId, model.accessKeySecret, model.securityToken]) {
      if (value) this.values.add(value);
    }
    return model;
  }
}

/** A path relative to the working directory when it lies inside it. */
function shown(file: string): string {
  const inside = relative(process.cwd(), file);
  return inside.startsWith('..') ? file : inside;
}

/** The SDK's errors carry no secret in their name or message. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function protocolFrom(value: string | undefined): 'https' | 'http' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'https' || value === 'http') return value;
  throw new Error(`RECORD_PROTOCOL must be http or https, not ${JSON.stringify(value)}`);
}

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const { notes, written } = await record({
    regionId: env.ALIBABA_CLOUD_REGION_ID || undefined,
    sddpRegionId: env.SDDP_REGION_ID || undefined,
    endpoint: env.RECORD_ENDPOINT || undefined,
    protocol: protocolFrom(env.RECORD_PROTOCOL),
    outDir: env.RECORD_OUT || undefined,
    log: (line) => console.log(`record: ${line}`),
  });
  console.log(`record: ${written.length} cassette(s) written, ${notes.length} note(s)`);
}

const invoked = process.argv[1];
if (invoked !== undefined && import.meta.url === pathToFileURL(resolve(invoked)).href) {
  main(process.env).catch((error: unknown) => {
    console.error(`record: ${describeError(error)}`);
    process.exitCode = 1;
  });
}
