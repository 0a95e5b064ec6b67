import { appendFileSync, copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ICruiseResult } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cruiseSources,
  describeViolation,
  hasDependency,
  inlineTypeOnlyImports,
  REPO_ROOT,
} from '../support/dependency-rules.js';

// The layering rules live in .dependency-cruiser.cjs (`npm run lint:deps` prints the same findings).

/**
 * Marked one by one, `import { type X }` would pass as type-only; `verbatimModuleSyntax` keeps it as a
 * runtime import of the module.
 */
const INLINE_TYPE_PLANT = {
  from: 'src/emulator/request-log.ts',
  line: "import { type SasClient as PlantedClient } from '../clients/sas-client.js';\nexport type Planted = PlantedClient;",
};

/** An import added to a copy of src/, and the rule that must report it, or stay silent about it. */
interface Plant {
  /** The importing file, relative to the root; the line is appended to it. */
  from: string;
  line: string;
  /** The module the import resolves to, as the cruiser names it. */
  to: string;
  rule: string;
  verdict: 'reported' | 'allowed';
}

const PLANTS: Plant[] = [
  // src/stores → the workflow
  {
    from: 'src/stores/json.ts',
    line: "import { AlertHandler as PlantedHandler } from '../alerts/alert-handler.js';\nexport const planted = PlantedHandler;",
    to: 'src/alerts/alert-handler.ts',
    rule: 'stores-know-no-workflow',
    verdict: 'reported',
  },
  {
    from: 'src/stores/checks.ts',
    line: "import type { ClientOptions as PlantedOptions } from '../transport/options.js';\nexport type Planted = PlantedOptions;",
    to: 'src/transport/options.ts',
    rule: 'stores-know-no-workflow',
    verdict: 'reported',
  },
  // src/transport → src/alerts | src/risks | src/clients
  {
    from: 'src/transport/endpoint.ts',
    line: "import { AlertHandler as PlantedHandler } from '../alerts/alert-handler.js';\nexport const planted = PlantedHandler;",
    to: 'src/alerts/alert-handler.ts',
    rule: 'transport-not-to-higher-layers',
    verdict: 'reported',
  },
  {
    from: 'src/transport/redact.ts',
    line: "import type { Alert as PlantedAlert } from '../alerts/alert.js';\nexport type Planted = PlantedAlert;",
    to: 'src/alerts/alert.ts',
    rule: 'transport-not-to-higher-layers',
    verdict: 'reported',
  },
  {
    from: 'src/transport/serialize.ts',
    line: "import { RiskHandler as PlantedHandler } from '../risks/risk-handler.js';\nexport const planted = PlantedHandler;",
    to: 'src/risks/risk-handler.ts',
    rule: 'transport-not-to-higher-layers',
    verdict: 'reported',
  },
  {
    from: 'src/transport/map-error.ts',
    line: "import { SasClient as PlantedClient } from '../clients/sas-client.js';\nexport const planted = PlantedClient;",
    to: 'src/clients/sas-client.ts',
    rule: 'transport-not-to-higher-layers',
    verdict: 'reported',
  },
  // src/clients → src/alerts | src/risks
  {
    from: 'src/clients/sas-client.ts',
    line: "import type { Plan as PlantedPlan } from '../alerts/plan.js';\nexport type Planted = PlantedPlan;",
    to: 'src/alerts/plan.ts',
    rule: 'clients-not-to-handlers',
    verdict: 'reported',
  },
  {
    from: 'src/clients/sddp-client.ts',
    line: "import { toRisk as plantedToRisk } from '../risks/risk.js';\nexport const planted = plantedToRisk;",
    to: 'src/risks/risk.ts',
    rule: 'clients-not-to-handlers',
    verdict: 'reported',
  },
  // src/alerts | src/risks | src/clients | src/transport → src/emulator
  {
    from: 'src/alerts/list.ts',
    line: "import { startEmulator as plantedStart } from '../emulator/index.js';\nexport const planted = plantedStart;",
    to: 'src/emulator/index.ts',
    rule: 'sdk-not-to-emulator',
    verdict: 'reported',
  },
  {
    from: 'src/risks/risk.ts',
    line: "import type { Scenario as PlantedScenario } from '../emulator/index.js';\nexport type Planted = PlantedScenario;",
    to: 'src/emulator/index.ts',
    rule: 'sdk-not-to-emulator',
    verdict: 'reported',
  },
  {
    from: 'src/clients/sddp-client.ts',
    line: "import { startEmulator as plantedStart } from '../emulator/emulator.js';\nexport const plantedStart2 = plantedStart;",
    to: 'src/emulator/emulator.ts',
    rule: 'sdk-not-to-emulator',
    verdict: 'reported',
  },
  {
    from: 'src/transport/credentials.ts',
    line: "import { startEmulator as plantedStart } from '../emulator/index.js';\nexport const planted = plantedStart;",
    to: 'src/emulator/index.ts',
    rule: 'sdk-not-to-emulator',
    verdict: 'reported',
  },
  // src/index.ts → src/emulator
  {
    from: 'src/index.ts',
    line: "import { startEmulator } from './emulator/index.js';\nexport const planted = startEmulator;",
    to: 'src/emulator/index.ts',
    rule: 'sdk-not-to-emulator',
    verdict: 'reported',
  },
  // src/emulator → the SDK's runtime code; its types stay allowed
  {
    from: 'src/emulator/random.ts',
    line: "import { SDK_VERSION as PLANTED_VERSION } from '../version.js';\nexport const planted = PLANTED_VERSION;",
    to: 'src/version.ts',
    rule: 'emulator-not-to-sdk-runtime',
    verdict: 'reported',
  },
  {
    from: 'src/emulator/replay.ts',
    line: "import { Transport as PlantedTransport } from '../transport/transport.js';\nexport const planted = PlantedTransport;",
    to: 'src/transport/transport.ts',
    rule: 'emulator-not-to-sdk-runtime',
    verdict: 'reported',
  },
  {
    from: 'src/emulator/request-id.ts',
    line: "import { AlertHandler as PlantedHandler } from 'alicloud-alert-handler';\nexport const planted = PlantedHandler;",
    to: 'src/index.ts',
    rule: 'emulator-not-to-sdk-runtime',
    verdict: 'reported',
  },
  {
    from: 'src/emulator/cassette.ts',
    line: "import type { SasClient as PlantedClient } from '../clients/sas-client.js';\nexport type Planted = PlantedClient;",
    to: 'src/clients/sas-client.ts',
    rule: 'emulator-not-to-sdk-runtime',
    verdict: 'allowed',
  },
  // src/cli uses the public entry only; nothing imports it
  {
    from: 'src/cli/connection.ts',
    line: "import { Transport as PlantedTransport } from '../transport/transport.js';\nexport const planted = PlantedTransport;",
    to: 'src/transport/transport.ts',
    rule: 'cli-only-over-the-public-entry',
    verdict: 'reported',
  },
  {
    from: 'src/cli/rules.ts',
    line: "import type { ResponsePlan as PlantedPlan } from '../rules/response-plan.js';\nexport type Planted = PlantedPlan;",
    to: 'src/rules/response-plan.ts',
    rule: 'cli-only-over-the-public-entry',
    verdict: 'reported',
  },
  {
    from: 'src/index.ts',
    line: "import { main as plantedMain } from './cli/main.js';\nexport const plantedCli = plantedMain;",
    to: 'src/cli/main.ts',
    rule: 'nothing-to-cli',
    verdict: 'reported',
  },
  {
    from: 'src/emulator/test-key.ts',
    line: "import { PROGRAM as PLANTED_PROGRAM } from '../cli/io.js';\nexport const planted = PLANTED_PROGRAM;",
    to: 'src/cli/io.ts',
    rule: 'nothing-to-cli',
    verdict: 'reported',
  },
  // src/util and src/validation are the bottom layer
  {
    from: 'src/util/concurrency.ts',
    line: "import type { CallOptions as PlantedOptions } from '../transport/options.js';\nexport type Planted = PlantedOptions;",
    to: 'src/transport/options.ts',
    rule: 'util-validation-at-the-bottom',
    verdict: 'reported',
  },
  {
    from: 'src/validation/checks.ts',
    line: "import { actions as plantedActions } from '../generated/index.js';\nexport const planted = plantedActions;",
    to: 'src/generated/index.ts',
    rule: 'util-validation-at-the-bottom',
    verdict: 'reported',
  },
  // src/generated names transport types only, and nothing above transport
  {
    from: 'src/generated/endpoints.ts',
    line: "import { resolveEndpoint as plantedResolve } from '../transport/endpoint.js';\nexport const planted = plantedResolve;",
    to: 'src/transport/endpoint.ts',
    rule: 'generated-types-only-from-transport',
    verdict: 'reported',
  },
  {
    from: 'src/generated/endpoints.ts',
    line: "import type { CallOptions as PlantedOptions } from '../transport/options.js';\nexport type Planted = PlantedOptions;",
    to: 'src/transport/options.ts',
    rule: 'generated-types-only-from-transport',
    verdict: 'allowed',
  },
  {
    from: 'src/generated/index.ts',
    line: "import type { SasClient as PlantedClient } from '../clients/sas-client.js';\nexport type Planted = PlantedClient;",
    to: 'src/clients/sas-client.ts',
    rule: 'generated-not-to-higher-layers',
    verdict: 'reported',
  },
  // src/alerts and src/risks are independent
  {
    from: 'src/alerts/recommend.ts',
    line: "import type { Risk as PlantedRisk } from '../risks/risk.js';\nexport type Planted = PlantedRisk;",
    to: 'src/risks/risk.ts',
    rule: 'alerts-not-to-risks',
    verdict: 'reported',
  },
  {
    from: 'src/risks/risk-handler.ts',
    line: "import { HandlingReport as PlantedReport } from '../alerts/report.js';\nexport const planted = PlantedReport;",
    to: 'src/alerts/report.ts',
    rule: 'risks-not-to-alerts',
    verdict: 'reported',
  },
  // src/workers: over the alert handler, the store interface and the logger; only the entry points import it
  {
    from: 'src/workers/queue.ts',
    line: "import { SasClient as PlantedClient } from '../clients/sas-client.js';\nexport const planted = PlantedClient;",
    to: 'src/clients/sas-client.ts',
    rule: 'workers-only-over-alerts-and-stores',
    verdict: 'reported',
  },
  {
    from: 'src/workers/job-lease.ts',
    line: "import type { ClientOptions as PlantedOptions } from '../transport/options.js';\nexport type Planted = PlantedOptions;",
    to: 'src/transport/options.ts',
    rule: 'workers-only-over-alerts-and-stores',
    verdict: 'reported',
  },
  {
    from: 'src/workers/job-lease.ts',
    line: "import { resolveLog as plantedResolve } from '../transport/logger.js';\nexport const planted = plantedResolve;",
    to: 'src/transport/logger.ts',
    rule: 'workers-only-over-alerts-and-stores',
    verdict: 'allowed',
  },
  {
    from: 'src/alerts/recommend.ts',
    line: "import type { Worker as PlantedWorker } from '../workers/worker.js';\nexport type Planted = PlantedWorker;",
    to: 'src/workers/worker.ts',
    rule: 'workers-only-from-entry-points',
    verdict: 'reported',
  },
  // no cycles, type-only imports included
  {
    from: 'src/util/planted-cycle-a.ts',
    line: "import type { B } from './planted-cycle-b.js';\nexport type A = { b?: B };",
    to: 'src/util/planted-cycle-b.ts',
    rule: 'no-circular',
    verdict: 'reported',
  },
  {
    from: 'src/util/planted-cycle-b.ts',
    line: "import type { A } from './planted-cycle-a.js';\nexport type B = { a?: A };",
    to: 'src/util/planted-cycle-a.ts',
    rule: 'no-circular',
    verdict: 'reported',
  },
  // an import the cruiser cannot follow would escape every rule
  {
    from: 'src/paging.ts',
    line: "import { planted as plantedMissing } from './no-such-module.js';\nexport const planted = plantedMissing;",
    to: './no-such-module.js',
    rule: 'not-to-unresolvable',
    verdict: 'reported',
  },
];

/** The rules reporting the edge `from → to`: as the violating dependency itself, or as a step of a cycle. */
function rulesReporting(result: ICruiseResult, from: string, to: string): string[] {
  return result.summary.violations
    .filter((violation) => {
      if (violation.from === from && violation.to === to) return true;
      const path = [violation.from, ...(violation.cycle ?? []).map((step) => step.name)];
      return path.some((name, index) => name === from && path[index + 1] === to);
    })
    .map((violation) => violation.rule.name);
}

const CRUISE_TIMEOUT_MS = 60_000;

let real: ICruiseResult;
let planted: ICruiseResult;
let plantedRoot: string;

beforeAll(async () => {
  plantedRoot = mkdtempSync(join(tmpdir(), 'alicloud-alert-handler-boundaries-'));
  cpSync(join(REPO_ROOT, 'src'), join(plantedRoot, 'src'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'tsconfig.json'), join(plantedRoot, 'tsconfig.json'));
  // Imports outside src/ (packages, the emulator's scenario files) resolve as in the repository.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(plantedRoot, 'node_modules'), 'dir');
  symlinkSync(join(REPO_ROOT, 'scenarios'), join(plantedRoot, 'scenarios'), 'dir');
  for (const plant of [...PLANTS, INLINE_TYPE_PLANT]) {
    appendFileSync(join(plantedRoot, plant.from), `\n${plant.line}\n`);
  }

  real = await cruiseSources(REPO_ROOT);
  planted = await cruiseSources(plantedRoot);
}, CRUISE_TIMEOUT_MS);

afterAll(() => {
  if (plantedRoot !== undefined) rmSync(plantedRoot, { recursive: true, force: true });
});

describe('dependency boundaries of src/', () => {
  it('cruises every module, resolving .js specifiers to the .ts sources', () => {
    expect(real.summary.totalCruised).toBeGreaterThan(100);
    const dependencies = real.modules.flatMap((module) => module.dependencies);
    expect(
      dependencies.some(({ module, resolved }) => module.endsWith('.js') && resolved.endsWith('.ts')),
    ).toBe(true);
  });

  it('breaks none of the rules in .dependency-cruiser.cjs', () => {
    const lines = real.summary.violations.map(describeViolation);
    expect(lines, `dependency rules broken:\n${lines.join('\n')}\n`).toEqual([]);
  });

  it('writes imports of types alone as `import type`, so that type-only ones are erased at run time', () => {
    const lines = inlineTypeOnlyImports(REPO_ROOT);
    expect(lines, `write these as \`import type { … }\`:\n${lines.join('\n')}\n`).toEqual([]);
  });
});

describe('a planted import', () => {
  it.for(PLANTS)('$from → $to: $verdict by $rule', (plant) => {
    expect(hasDependency(real, plant.from, plant.to), 'the edge must be new, not already in src/').toBe(
      false,
    );
    if (plant.rule !== 'not-to-unresolvable') expect(hasDependency(planted, plant.from, plant.to)).toBe(true);

    const reported = rulesReporting(planted, plant.from, plant.to);
    if (plant.verdict === 'reported') expect(reported).toContain(plant.rule);
    else expect(reported).not.toContain(plant.rule);
  });

  it('naming types alone with `import { type X }` is caught as well', () => {
    const found = inlineTypeOnlyImports(plantedRoot).filter((line) =>
      line.startsWith(`${INLINE_TYPE_PLANT.from}:`),
    );
    expect(found).toEqual([
      expect.stringContaining("import { type SasClient as PlantedClient } from '../clients/sas-client.js'"),
    ]);
  });
});
