/**
 * The web console (examples/web-console) in headless Chromium: the page loads, an alert arrives live,
 * its detail shows its operations, a whitelist plan is reviewed (rules before and after the merge),
 * approved, executed with live progress, and its results are read. A screenshot of each step is kept
 * in test-results/web-console/.
 *
 * The browser is Debian's `chromium` (CHROMIUM_PATH, default /usr/bin/chromium); nothing is
 * downloaded. Without it the test is skipped, unless REQUIRE_BROWSER=1 (as in CI), where it fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../examples/web-console/server.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const installed = existsSync(executablePath);
const required = process.env.REQUIRE_BROWSER === '1';
if (!installed && !required) {
  console.warn(
    `Skipping the web console's browser test: no Chromium at ${executablePath} ` +
      '(apt-get install chromium, or set CHROMIUM_PATH; REQUIRE_BROWSER=1 makes this a failure).',
  );
}

const screenshots = fileURLToPath(new URL('../../test-results/web-console/', import.meta.url));
/** Generous: the machine is shared, and the feed polls every second. */
const WAIT = { timeout: 30_000 };

describe.skipIf(!installed && !required)('the web console in headless Chromium', () => {
  let running: RunningConsole;
  let browser: Browser;
  let page: Page;
  let step = 0;
  const shot = (name: string) =>
    page.screenshot({ path: `${screenshots}${String(++step).padStart(2, '0')}-${name}.png`, fullPage: true });
  const byTestId = (id: string) => page.getByTestId(id);

  beforeAll(async () => {
    if (!installed)
      throw new Error(`REQUIRE_BROWSER=1 and no Chromium at ${executablePath} (CHROMIUM_PATH).`);
    mkdirSync(screenshots, { recursive: true });
    // Alerts keep arriving for a minute, so some arrive after the page has loaded; nothing else changes them.
    running = await startConsole({
      port: 0,
      arrivals: 20,
      firstArrivalMs: 2000,
      arrivalEveryMs: 3000,
      activity: 0,
      feedIntervalMs: 1000,
    });
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('shows an alert arriving live, then plans, approves and executes its handling and shows the results', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // 1. The page loads with the emulator's alerts, and the live feed connects.
    await page.goto(running.url);
    await expect.poll(() => byTestId('alert-row').count(), WAIT).toBeGreaterThanOrEqual(45);
    await byTestId('feed-status').getByText('live').waitFor(WAIT);
    const listedAtLoad = await byTestId('alert-row').evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-alert-id')),
    );
    await shot('loaded');

    // 2. An alert that was not there at load arrives through the feed and joins the list.
    let arrived: string | undefined;
    await expect
      .poll(async () => {
        const announced = await page
          .locator('[data-testid="feed-entry"][data-kind="new"]')
          .evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-alert-id')));
        arrived = announced.find((id): id is string => id !== null && !listedAtLoad.includes(id));
        return arrived;
      }, WAIT)
      .toBeDefined();
    const alertId = String(arrived);
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${alertId}"]`);
    await row.waitFor(WAIT);
    await expect.poll(() => row.getAttribute('data-status')).toBe('pending');
    await shot('alert-arrived');

    // 3. Its detail, with the operations it offers.
    await row.click();
    await byTestId('detail-id').getByText(alertId, { exact: true }).waitFor(WAIT);
    const offered = await byTestId('detail-operation').evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-code')),
    );
    expect(offered).toEqual(expect.arrayContaining(['advance_mark_mis_info', 'ignore', 'manual_handled']));
    await shot('alert-detail');

    // 4. A whitelist plan on the alert's first whitelistable field, reviewed: the rules in place, then
    //    the rules after the merge, the new one marked.
    await byTestId('operation').selectOption('advance_mark_mis_info');
    const value = await byTestId('whitelist-value').inputValue();
    expect(value).not.toBe('');
    await byTestId('plan-button').click();
    await byTestId('plan-review').waitFor({ state: 'visible', ...WAIT });
    await expect.poll(() => byTestId('plan-decision').count()).toBe(1);
    await expect.poll(() => byTestId('plan-decision').textContent()).toContain('requested');
    await byTestId('whitelist-before').waitFor(WAIT);
    const added = byTestId('whitelist-after').locator('[data-added="true"]');
    await expect.poll(() => added.count()).toBe(1);
    expect(await added.textContent()).toContain(value);
    const before = await byTestId('whitelist-before').locator('tr').count();
    const after = await byTestId('whitelist-after').locator('tr').count();
    // A header row in each table that has rules; none in "none".
    expect(after).toBe(Math.max(before, 1) + 1);
    expect(await byTestId('execute-button').isDisabled()).toBe(true); // destructive: approval first
    await shot('plan-review');

    // 5. Approved by a named person.
    await byTestId('approver').fill('alice');
    await byTestId('approve-button').click();
    await byTestId('approval').getByText('Approved by alice').waitFor(WAIT);
    await shot('approved');

    // 6. Executed with live progress, then the results summary.
    await byTestId('execute-button').click();
    await byTestId('run').waitFor({ state: 'visible', ...WAIT });
    await page.locator('[data-testid="progress-step"][data-phase="submitted"]').waitFor(WAIT);
    await page.locator('[data-testid="progress-step"][data-phase="finished"]').waitFor(WAIT);
    await byTestId('summary').waitFor({ state: 'visible', ...WAIT });
    await shot('progress-and-summary');
    expect(await byTestId('summary-counts').textContent()).toMatch(/^1 alerts: 1 succeeded, 0 failed/);
    const outcome = byTestId('summary-outcome');
    expect(await outcome.getAttribute('data-status')).toBe('succeeded');
    expect(await outcome.textContent()).toContain(alertId);

    // 7. The feed reports the alert as resolved (whitelisted), and the list shows it.
    await page
      .locator(`[data-testid="feed-entry"][data-kind="resolved"][data-alert-id="${alertId}"]`)
      .waitFor(WAIT);
    await expect.poll(() => row.getAttribute('data-status')).toBe('falsePositive');
    await shot('resolved-live');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
