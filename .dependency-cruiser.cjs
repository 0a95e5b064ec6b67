// Which way dependencies may point inside src/, checked by `npm run lint:deps`
// and by test/architecture/boundaries.test.ts.
//
// Layers, lowest first:
//   src/util, src/validation            helpers that know nothing of the SDK above them
//   src/generated                       action types, descriptors and validators
//   src/transport                       signing, retries, wire format
//   src/clients                         one typed client per product
//   src/alerts, src/risks               the handlers, independent of each other
//   src/rules                           response rules, over the alert handler
//   src/feed                            live alert feed, sinks, server-sent events, over the alert handler
//   src/fleet                           many accounts: the alert workflow and response rules per account
//   src/workers                         a queue of executions in a store, and the workers that run it
//   src/index.ts (and the other entry points)
// src/emulator is a separate entry point: the SDK never imports it, and it
// imports the SDK's types only, never its runtime code.
// src/cli is the handler's command line (alicloud-alert-handler): it uses the
// public API of src/index.ts only, and nothing imports it.
//
// Type-only imports count everywhere (tsPreCompilationDeps), except where a
// rule allows them with `dependencyTypesNot: ['type-only']`. Note that the
// cruiser also calls `import { type X }` type-only, although under
// `verbatimModuleSyntax` that form still loads its module at run time;
// test/architecture/boundaries.test.ts therefore also requires every import of
// types alone to be written `import type { X }` (Biome's useImportType fix).

/** Everything in src/ except the emulator. */
const SDK = '^src/(?!emulator/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'transport-not-to-higher-layers',
      comment:
        'src/transport is the lowest SDK layer above util/validation/generated: it must not import ' +
        'the clients or the alert and risk handlers built on top of it.',
      severity: 'error',
      from: { path: '^src/transport/' },
      to: { path: '^src/(alerts|risks|clients)/' },
    },
    {
      name: 'clients-not-to-handlers',
      comment: 'src/clients serve the alert and risk handlers; they must not import them.',
      severity: 'error',
      from: { path: '^src/clients/' },
      to: { path: '^src/(alerts|risks)/' },
    },
    {
      name: 'sdk-not-to-emulator',
      comment:
        'The emulator is a separate entry point (alicloud-alert-handler/emulator). No SDK module, ' +
        'src/index.ts included, may import it, not even for types.',
      severity: 'error',
      from: { path: SDK },
      to: { path: '^src/emulator/' },
    },
    {
      name: 'emulator-not-to-sdk-runtime',
      comment:
        'The emulator stands in for the cloud, so it must not run SDK code: it may import SDK types ' +
        '(`import type`, which compiling removes) but no runtime code from outside src/emulator.',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: SDK, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-only-over-the-public-entry',
      comment:
        'The command line (src/cli) is a user of the package: it imports src/index.ts, the public API, ' +
        'and its own modules, never an internal module (nor the emulator).',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/', pathNot: ['^src/cli/', '^src/index\\.ts$'] },
    },
    {
      name: 'nothing-to-cli',
      comment:
        'No module outside src/cli imports the command line: the SDK and the emulator know nothing of it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'stores-know-no-workflow',
      comment:
        'A store (journal, leases, checkpoints) knows no workflow: src/stores imports only the errors ' +
        'and src/util, never generated code, the transport, the clients or the handlers.',
      severity: 'error',
      from: { path: '^src/stores/' },
      to: {
        path: [
          '^src/(generated|transport|clients|alerts|risks|validation)/',
          '^src/(index|schemas|permissions)\\.ts$',
        ],
      },
    },
    {
      name: 'util-validation-at-the-bottom',
      comment:
        'src/util and src/validation are the bottom layer: they import nothing from generated, ' +
        'transport, clients, the handlers or the entry points. (Imports of the emulator are ' +
        'reported by sdk-not-to-emulator.)',
      severity: 'error',
      from: { path: '^src/(util|validation)/' },
      to: {
        path: ['^src/(generated|transport|clients|alerts|risks)/', '^src/(index|schemas|permissions)\\.ts$'],
      },
    },
    {
      name: 'generated-types-only-from-transport',
      comment:
        'Generated code may name transport types (`import type { ActionDescriptor }`) but must not load ' +
        'transport code at run time.',
      severity: 'error',
      from: { path: '^src/generated/' },
      to: { path: '^src/transport/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'generated-not-to-higher-layers',
      comment: 'Generated code sits below the clients and handlers and must not import them.',
      severity: 'error',
      from: { path: '^src/generated/' },
      to: { path: '^src/(clients|alerts|risks)/' },
    },
    {
      name: 'alerts-not-to-risks',
      comment:
        'The alert handler (Security Center) and the risk handler (Data Security Center) are independent.',
      severity: 'error',
      from: { path: '^src/alerts/' },
      to: { path: '^src/risks/' },
    },
    {
      name: 'risks-not-to-alerts',
      comment:
        'The risk handler (Data Security Center) and the alert handler (Security Center) are independent.',
      severity: 'error',
      from: { path: '^src/risks/' },
      to: { path: '^src/alerts/' },
    },
    {
      name: 'rules-only-over-alerts',
      comment:
        'Response rules (src/rules) are built on the alert handler: they may import src/alerts, the store ' +
        "interface (src/stores, for the runner's journal), src/util, src/validation and the errors, never " +
        'the transport, the clients, generated code or the risk handler.',
      severity: 'error',
      from: { path: '^src/rules/' },
      to: {
        path: '^src/',
        pathNot: ['^src/rules/', '^src/(alerts|stores|util|validation|errors)/', '^src/errors\\.ts$'],
      },
    },
    {
      name: 'rules-only-from-entry-points',
      comment:
        'Only the entry points, the fleet (which runs response rules per account) and the workers (which ' +
        'run queued fleet response plans) import src/rules: the layers below know nothing of response rules.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(rules|fleet|workers)/', '^src/(index|schemas)\\.ts$'] },
      to: { path: '^src/rules/' },
    },
    {
      name: 'feed-only-over-alerts-and-stores',
      comment:
        'The live feed (src/feed) is built on the alert handler and the store interface: it may import ' +
        'src/alerts, src/stores, src/util, src/validation and the errors, never the transport, the ' +
        'clients, generated code, the risk handler or the response rules.',
      severity: 'error',
      from: { path: '^src/feed/' },
      to: {
        path: '^src/',
        pathNot: ['^src/feed/', '^src/(alerts|stores|util|validation|errors)/', '^src/errors\\.ts$'],
      },
    },
    {
      name: 'feed-only-from-entry-points',
      comment: "Only the entry points and the alert handler's watch() import src/feed.",
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: ['^src/feed/', '^src/(index|schemas)\\.ts$', '^src/alerts/alert-handler\\.ts$'],
      },
      to: { path: '^src/feed/' },
    },
    {
      name: 'fleet-over-alerts-rules-and-clients',
      comment:
        'The fleet (src/fleet) runs the alert workflow and response rules in many accounts: it may import ' +
        'src/alerts, src/rules, the clients, the store interface, the generated endpoint maps, the ' +
        "assumed-role credentials and the transport's option types and rules, src/util, src/validation, " +
        'the errors and the permissions (for the names of the discovery calls); never the rest of the ' +
        'transport (each client has its own), the feed or the risk handler.',
      severity: 'error',
      from: { path: '^src/fleet/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/(fleet|alerts|rules|clients|stores|util|validation|errors)/',
          '^src/generated/',
          '^src/transport/(assume-role-credentials|options|client-config|action-descriptor)\\.ts$',
          '^src/(errors|permissions)\\.ts$',
        ],
      },
    },
    {
      name: 'workers-only-over-alerts-and-stores',
      comment:
        'The workers (src/workers) run executions through the alert handler and dispatch over the store ' +
        'interface: they may import src/alerts, src/stores, src/util, src/validation, the errors and the ' +
        "SDK's logger (src/transport/logger.ts, for their log lines), and, for queued fleet response plans, " +
        'the response rules (src/rules) and the fleet (src/fleet: its plan format and per-account journal); ' +
        'never the rest of the transport, the clients, generated code, the risk handler or the feed.',
      severity: 'error',
      from: { path: '^src/workers/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/workers/',
          '^src/(alerts|rules|fleet|stores|util|validation|errors)/',
          '^src/errors\\.ts$',
          '^src/transport/logger\\.ts$',
        ],
      },
    },
    {
      name: 'fleet-only-from-entry-points',
      comment:
        'Only the entry points and the workers (which run queued fleet response plans, a layer above) ' +
        'import src/fleet: the layers below know nothing of many accounts.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(fleet|workers)/', '^src/(index|schemas)\\.ts$'] },
      to: { path: '^src/fleet/' },
    },
    {
      name: 'workers-only-from-entry-points',
      comment: 'Only the entry points import src/workers: the layers below know nothing of workers.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/workers/', '^src/index\\.ts$'] },
      to: { path: '^src/workers/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles in src/, type-only imports included.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import must resolve; an import the cruiser cannot follow would slip past the rules above.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
