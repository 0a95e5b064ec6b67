/**
 * docs/response-rules-cookbook.md stays true to the code: its rule set parses, each rule shown on its own
 * is the one of the set, and the simulation output and per-rule lines it quotes are what the simulation
 * of that set over the emulator's sample history prints.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleHistory } from '../../src/emulator/index.js';
import { ResponseRules } from '../../src/index.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const COOKBOOK = readFileSync(`${root}docs/response-rules-cookbook.md`, 'utf8');

/** 2026-01-01 00:00:00 and 2026-01-15 00:00:00 at UTC+08:00, as the page says. */
const FROM = new Date('2026-01-01T00:00:00+08:00');
const TO = new Date('2026-01-15T00:00:00+08:00');
const history = sampleHistory(300, 'cookbook', { from: FROM, to: TO });

const { setup } = useEmulatorHandler();

/** The blocks marked `<!-- cookbook: <kind> [id] -->`, by id (the whole marker text after the kind). */
function blocks(kind: string): Map<string, string> {
  const pattern = new RegExp(
    `<!-- cookbook: ${kind}(?: ([\\w.-]+))? -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``,
    'g',
  );
  return new Map([...COOKBOOK.matchAll(pattern)].map((match) => [match[1] ?? '', match[2] ?? '']));
}

const ruleSetJson = blocks('rules').get('') ?? '';

describe('docs/response-rules-cookbook.md', () => {
  it('holds a rule set that parses, of 6 to 8 rules, each also shown on its own as written in the set', () => {
    const json = JSON.parse(ruleSetJson);
    const rules = ResponseRules.parse(json);
    expect(rules.rules.length).toBeGreaterThanOrEqual(6);
    expect(rules.rules.length).toBeLessThanOrEqual(8);
    const shown = blocks('rule');
    expect([...shown.keys()].sort()).toEqual(json.rules.map((rule: { id: string }) => rule.id).sort());
    for (const rule of json.rules) expect(JSON.parse(shown.get(rule.id) ?? ''), rule.id).toEqual(rule);
  });

  it('quotes the simulation of the set over the sample history as format() prints it', async () => {
    const { emulator, alerts } = await setup({ history });
    const rules = ResponseRules.parse(JSON.parse(ruleSetJson));

    const simulation = await rules.simulate(alerts, { from: FROM, to: TO, maxDisagreements: 3 });
    const printed = simulation.format();
    console.log(printed);

    expect(blocks('simulation').get('')?.trimEnd()).toBe(printed.trimEnd());
    const lines = printed.split('\n');
    const quoted = blocks('line');
    expect([...quoted.keys()].sort()).toEqual(rules.rules.map((rule) => rule.id).sort());
    for (const [ruleId, block] of quoted) {
      const [header, line] = block.trimEnd().split('\n');
      expect(lines, ruleId).toContain(header);
      expect(lines, ruleId).toContain(line);
      expect(line?.startsWith(`${ruleId} `), ruleId).toBe(true);
    }
    // The figures of the text around them.
    expect(simulation.totals).toMatchObject({ alerts: 300, decided: 163, agreed: 144, undecided: 137 });
    expect(COOKBOOK).toContain(
      `the enabled rules decide ${simulation.totals.decided} and agree with people on ${simulation.totals.agreed}`,
    );
    expect(new Set(emulator.received.map((request) => request.action))).toEqual(
      new Set(['DescribeSuspEvents']),
    );
  });
});
