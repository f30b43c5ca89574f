// Issue 20's browser test: a progressive canary of sa-logic v2 started from its service page, as a person does it.
// The article's v2 is the broken build (FAIL_RANDOMLY: two requests in three fail), so the run steps to 20 %, its gates
// fail, and after two failed intervals it rolls back to v1. The test reads the refusal of a bad form at its field, the
// sentence of what will happen, the timeline's failing gate against the run's own record, the routing back at v1, the
// steps as markers on the Metrics tab and the badge on the graph's sa-logic node (from cytoscape's own elements). The
// article's VirtualService and DestinationRule go back at the end, v2 and the run's ConfigMap are removed.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canaryRun, type CanaryRun } from '../../lib/api/canary.js';
import { figure } from '../../components/canary/canary-format.js';
import { kubectl } from '../helpers/kubectl.js';
import { launchChromium, openPage, visible } from './browser.js';
import { backToArticleRouting, pollUntil, v2PinnedToV1 } from './canary.js';
import { readCanvas } from './graph-canvas.js';
import { openGraph } from './graph-page.js';
import { watchPageErrors } from './watch-page-errors.js';

// Where the console keeps the run (the ConfigMap beside the service).
const RUN_CONFIGMAP = 'sextant-canary-sa-logic';

/** With SEXTANT_E2E_SHOTS=<dir>, a PNG of what the person sees at this step, for the README. */
async function shoot(what: Locator, name: string): Promise<void> {
  const dir = process.env['SEXTANT_E2E_SHOTS'];
  if (dir) await what.screenshot({ path: `${dir}/${name}` });
}

async function runOfSaLogic(consoleUrl: string): Promise<CanaryRun> {
  const res = await fetch(`${consoleUrl}/api/namespaces/demo/services/sa-logic/canary`);
  expect(res.status, 'the run of sa-logic as the console answers it').toBe(200);
  return canaryRun.parse(await res.json());
}

// A gate as the timeline writes it: "✗ success rate 66.7 % < 99 %", "✗ p99 30000 ms > 500 ms".
const FAILED_GATE = /^✗ (success rate|p99) ([\d.]+) (%|ms) [<>] ([\d.]+) (%|ms)$/;
const GATE_NAMES = { 'success rate': 'success-rate', p99: 'p99' } as const;

describe('a progressive canary of sa-logic v2 started from its page', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const { kubeconfig, consoleUrl } = inject('e2e');
    // The article's starting point: v2 deployed, the VirtualService pinning everything to v1, no run before.
    await kubectl(kubeconfig, ['delete', 'configmap', '-n', 'demo', '--ignore-not-found', RUN_CONFIGMAP]);
    await v2PinnedToV1(kubeconfig, consoleUrl);
    const browser = await launchChromium();
    page = await openPage(browser, consoleUrl);
    errors = watchPageErrors(page).problems;
  }, 150_000);

  afterAll(async () => {
    const { kubeconfig } = inject('e2e');
    // Back to the article's objects, whatever the test left; the run's record goes too, so no later page shows it.
    await backToArticleRouting(kubeconfig);
    await kubectl(kubeconfig, ['delete', 'configmap', '-n', 'demo', '--ignore-not-found', RUN_CONFIGMAP]);
    await page?.context().browser()?.close();
  });

  it('steps v2 to 20 %, fails its gates and rolls back to v1, on the page, the charts and the graph', async () => {
    const { consoleUrl } = inject('e2e');
    await page.goto('/namespaces/demo/services/sa-logic?tab=routing&refresh=off&window=10m');
    const panel = await visible(page.getByRole('region', { name: 'Canary of sa-logic' }), 30_000);
    const form = await visible(panel.getByRole('form', { name: 'Start a canary of sa-logic' }));

    // The demo preset, v2 against v1. A floor of 3 requests: the demo sends v2 about 3 in 10 s at 20 %, and with fewer
    // an interval of v2's (half of its finished requests fail) passes often enough to be promoted now and then.
    await form.getByRole('button', { name: 'Quick (demo)' }).click();
    expect(await form.getByRole('button', { name: 'Quick (demo)' }).getAttribute('aria-pressed')).toBe('true');
    await form.getByRole('combobox', { name: 'Canary version' }).selectOption('v2');
    await form.getByRole('combobox', { name: 'Baseline' }).selectOption('v1');
    // 10 s intervals (the preset's are 30 s) keep the test short.
    await form.getByRole('textbox', { name: 'Interval', exact: true }).fill('10s');
    await form.getByRole('textbox', { name: 'Requests per interval at least' }).fill('3');

    // A max weight under the step weight: the API refuses it, and the page says so at that field.
    await form.getByRole('textbox', { name: 'Max weight (%)' }).fill('10');
    await form.getByRole('button', { name: 'Start canary' }).click();
    const maxWeight = form.getByRole('textbox', { name: 'Max weight (%)' });
    const refusal = await visible(form.locator(`#${await maxWeight.getAttribute('id')}-error`));
    expect(await refusal.innerText()).toContain('must be at least stepWeight');
    expect(await maxWeight.getAttribute('aria-invalid')).toBe('true');
    await maxWeight.fill('60');

    const sentence = await form.getByRole('note', { name: 'What the canary will do' }).innerText();
    expect(sentence).toBe(
      'Every 10s add 20 % to v2 up to 60 %, then promote v2 to 100 %, while its success rate stays at or above 99 % ' +
        'and its p99 at or below 500 ms (an interval with fewer than 3 requests holds the step); 2 failed intervals ' +
        'send everything back to v1.',
    );
    await form.getByRole('button', { name: 'Start canary' }).click();

    // The run on screen: progressing at 20 %, its first step in the timeline.
    const phase = (words: string) => panel.locator('p').filter({ hasText: new RegExp(`^Phase: ${words}`) });
    const steps = panel.getByRole('list', { name: 'Steps of the canary of sa-logic' });
    await visible(steps.locator(':scope > li').filter({ hasText: /Started: v2 at 20 %/ }));

    // Two failed intervals later (10 s each, held ones aside) the run has sent everything back to v1.
    await visible(phase('Rolled back'), 180_000);
    await visible(panel.getByText('Weight: v2 0 %, v1 100 %', { exact: false }));
    await visible(panel.getByText(/^Failed intervals: 2 of 2/));
    await visible(page.getByText(/^Split now: v1 100 %/));
    const newest = steps.locator(':scope > li').first();
    expect(await newest.innerText()).toMatch(/Rolled back: v2 at 0 %/);

    // A failing gate's value as the page writes it is the one the run recorded for that step.
    const run = await runOfSaLogic(consoleUrl);
    expect(run.phase).toBe('rolledBack');
    const failed = steps.locator(':scope > li').filter({ hasText: /Failed: v2 at/ });
    expect(await failed.count()).toBeGreaterThanOrEqual(1);
    const gateTexts = await failed.first().getByRole('list', { name: 'Gates' }).getByRole('listitem').allInnerTexts();
    const onScreen = gateTexts.map((t) => FAILED_GATE.exec(t.trim())).find((m) => m !== null);
    expect(onScreen, `a failed gate among ${JSON.stringify(gateTexts)}`).toBeDefined();
    const [, name, value, unit] = onScreen!;
    const failSteps = run.steps.filter((s) => s.decision === 'fail');
    const recorded = failSteps.at(-1)!.gates.find((g) => g.name === GATE_NAMES[name as keyof typeof GATE_NAMES])!;
    expect(`${value} ${unit}`).toBe(`${figure(recorded.value!)} ${recorded.unit}`);
    if (name === 'success rate') expect(Number(value)).toBeLessThan(99);
    else expect(Number(value)).toBeGreaterThan(500);

    // The rollback's history entry, one click from its step.
    const link = newest.getByRole('link', { name: 'History entry of this change' });
    const anchor = (await link.getAttribute('href'))!;
    expect(anchor).toBe(`#audit-${run.steps.at(-1)!.entryId}`);
    await link.click();
    await visible(page.locator(anchor));

    if (process.env['SEXTANT_E2E_SHOTS']) {
      // The whole panel in one picture: taller than the page's 900 px, and under the shell's sticky header.
      await page.setViewportSize({ width: 1400, height: 1600 });
      await panel.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await shoot(panel, 'canary-timeline.png');
      await page.setViewportSize({ width: 1400, height: 900 });
    }

    // The steps as markers on the service's charts: "canary v2 → 20 %", then the rollback.
    await page.getByRole('tab', { name: 'Metrics' }).click();
    const changes = await visible(page.getByRole('list', { name: 'Config changes in the window' }), 30_000);
    await visible(changes.getByText(/canary v2 → 20 %/).first(), 30_000);
    await visible(changes.getByText(/canary v2 → 0 % \(rolled back\)/), 30_000);

    // The graph: sa-logic's service node carries the run's state, as cytoscape holds it.
    const graph = await openGraph(page, 'namespaces=demo&window=1m');
    const service = graph.nodes.find((n) => n.nodeType === 'service' && n.service === 'sa-logic');
    expect(service, 'the sa-logic service node in the graph').toBeDefined();
    await pollUntil(async () => {
      const drawn = (await readCanvas(page))?.nodes.find((n) => n.id === service!.id);
      return drawn !== undefined && drawn.label.includes('canary rolled back');
    }, 'the graph\'s sa-logic node never read "canary rolled back" within 90 s');
    const drawn = (await readCanvas(page))!.nodes.find((n) => n.id === service!.id)!;
    expect(drawn.classes).toEqual(expect.arrayContaining(['canary', 'canary-rolledBack']));

    // The refused start is the one error status the page met, on purpose; Chromium logs it as a console error.
    expect(errors.filter((e) => !/status of 400 .*\/services\/sa-logic\/canary\b/.test(e))).toEqual([]);
  }, 400_000);

  it('pauses, resumes and aborts a run from its buttons, each refused action disabled with its reason', async () => {
    await page.goto('/namespaces/demo/services/sa-logic?tab=routing&refresh=off');
    const panel = await visible(page.getByRole('region', { name: 'Canary of sa-logic' }), 30_000);
    const phase = (words: string) => panel.locator('p').filter({ hasText: new RegExp(`^Phase: ${words}`) });
    const button = (name: string) => panel.getByRole('group', { name: 'Canary actions' }).getByRole('button', { name });

    // The run before (if the first test left one) has ended: a new one starts from the folded form. Flagger's
    // example steps once a minute, so nothing moves but what the buttons do.
    const summary = await visible(panel.locator('summary').filter({ hasText: /^Start (a|another) canary$/ }));
    if ((await summary.innerText()) === 'Start another canary') await summary.click();
    const form = await visible(panel.getByRole('form', { name: 'Start a canary of sa-logic' }));
    await form.getByRole('button', { name: "Flagger's example" }).click();
    await form.getByRole('combobox', { name: 'Canary version' }).selectOption('v2');
    await form.getByRole('combobox', { name: 'Baseline' }).selectOption('v1');
    await form.getByRole('button', { name: 'Start canary' }).click();
    await visible(phase('Progressing'));
    await visible(panel.getByText(/^Weight: v2 10 %, v1 90 %/));
    expect(await button('Resume').isDisabled()).toBe(true);
    expect(await button('Resume').getAttribute('title')).toBe('The run is progressing: nothing to resume.');

    await button('Pause').click();
    await visible(phase('Paused'));
    await visible(panel.getByRole('note').filter({ hasText: /^Paused: / }));
    expect(await button('Pause').getAttribute('title')).toBe('The run is paused already.');

    await button('Resume').click();
    await visible(phase('Progressing'));

    await button('Abort').click();
    await visible(phase('Aborted'));
    await visible(panel.getByText(/^Weight: v2 0 %, v1 100 %/));
    await visible(page.getByText(/^Split now: v1 100 %/));
    expect(await button('Promote now').getAttribute('title')).toBe(
      'The run has ended (aborted); start a new one to act again.',
    );
    const steps = panel.getByRole('list', { name: 'Steps of the canary of sa-logic' }).locator(':scope > li');
    expect(await steps.first().innerText()).toMatch(/Aborted: v2 at 0 %/);
  }, 120_000);
});
