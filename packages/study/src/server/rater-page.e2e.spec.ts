import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { decodeImage } from '@geneava/core/image';
import { findChromium } from '../../test/chromium.js';
import { makeStudy } from '../../test/study-fixture.js';
import { exportStudy } from '../export/export-study.js';
import type { StudyFile } from '../study-files.js';
import { createStudyServer, type StudyServer } from './create-server.js';

const browserPath = findChromium();
if (!browserPath) {
  console.warn('Skipping the rater page browser tests: no Chromium found (install the Debian package "chromium" or set CHROMIUM_PATH).');
}
const describeInBrowser = browserPath ? describe : describe.skip;

/** The pair on screen, found from its two image names in study.json (two tasks may share an attention check). */
async function pairOnScreen(page: Page, study: StudyFile, task: number): Promise<string> {
  const names = await page.evaluate(() => [document.querySelector<HTMLImageElement>('#real')!.src, document.querySelector<HTMLImageElement>('#avatar')!.src].map((src) => src.split('/').pop()));
  const pair = study.pairs.find((p) => study.tasks[task]!.pairs.includes(p.id) && p.real === names[0] && p.avatar === names[1]);
  if (!pair) throw new Error(`no pair shows ${names.join(' and ')}`);
  return pair.id;
}

async function waitForProgress(page: Page, text: string): Promise<void> {
  await page.waitForFunction((expected) => document.getElementById('progress-text')!.textContent!.includes(expected), text);
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('figure img')].every((img) => img.complete && img.naturalWidth > 0));
}

/** Standard deviation of a screenshot's pixel values: 0 for a blank (one-colour) picture. */
async function pixelSpread(png: Buffer): Promise<number> {
  const { data } = await decodeImage(png);
  let sum = 0;
  let squares = 0;
  for (const value of data) {
    sum += value;
    squares += value * value;
  }
  const mean = sum / data.length;
  return Math.sqrt(squares / data.length - mean * mean);
}

/** What must hold for the page at any size: everything a rater needs on screen, nothing overflowing sideways. */
async function checkLayout(page: Page, minTarget: number, name: string): Promise<void> {
  const layout = await page.evaluate(() => {
    const box = (element: Element) => {
      const r = element.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, height: r.height };
    };
    return {
      width: window.innerWidth,
      height: window.innerHeight,
      scrollWidth: document.documentElement.scrollWidth,
      needed: ['#real', '#avatar', '#next', ...[...document.querySelectorAll('fieldset')].map((_, i) => `fieldset:nth-of-type(${i + 1})`)].map((selector) => ({ selector, ...box(document.querySelector(selector)!) })),
      targets: [...document.querySelectorAll('.choice, #next')].map((element) => box(element).height),
      // WCAG contrast of each text against the first opaque background behind it.
      contrast: [...document.querySelectorAll('h1, .progress-text, figcaption, legend, .choice, #next, .help')].map((element) => {
        const rgb = (color: string) => color.match(/[\d.]+/g)!.map(Number);
        const luminance = (color: string) => {
          const [r, g, b] = rgb(color).slice(0, 3).map((v) => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        let behind: Element | null = element;
        let background = 'rgb(255, 255, 255)';
        while (behind) {
          const color = getComputedStyle(behind).backgroundColor;
          if (rgb(color)[3] !== 0) {
            background = color;
            break;
          }
          behind = behind.parentElement;
        }
        const [light, dark] = [luminance(getComputedStyle(element).color), luminance(background)].sort((a, b) => b - a);
        return { text: element.textContent!.trim().slice(0, 20), ratio: (light! + 0.05) / (dark! + 0.05) };
      }),
      labelled: [...document.querySelectorAll('input')].every((input) => (input as HTMLInputElement).labels!.length === 1 && (input as HTMLInputElement).labels![0]!.textContent!.trim().length > 0),
    };
  });
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
  for (const element of layout.needed) {
    expect({ selector: element.selector, inside: element.left >= 0 && element.top >= 0 && element.right <= layout.width && element.bottom <= layout.height }).toEqual({ selector: element.selector, inside: true });
  }
  for (const height of layout.targets) expect(height).toBeGreaterThanOrEqual(minTarget);
  expect(layout.labelled).toBe(true);
  expect(layout.contrast.length).toBeGreaterThan(8);
  for (const { text, ratio } of layout.contrast) expect({ text, enough: ratio >= 4.5 }).toEqual({ text, enough: true });
  for (const selector of ['#real', '#avatar']) expect(await pixelSpread(await page.locator(selector).screenshot())).toBeGreaterThan(10);
  const screenshot = await page.screenshot();
  expect(await pixelSpread(screenshot)).toBeGreaterThan(10);
  // For a person to look at (e.g. a CI artifact): STUDY_SCREENSHOTS=folder keeps the pictures checked above.
  const keep = process.env['STUDY_SCREENSHOTS'];
  if (keep) {
    await mkdir(keep, { recursive: true });
    await writeFile(join(keep, `rater-page-${name}.png`), screenshot);
  }
}

describeInBrowser('rater page in Chromium', () => {
  jest.setTimeout(180_000);
  let study: Awaited<ReturnType<typeof makeStudy>>;
  let server: StudyServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: browserPath!, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    // 2 expressions x 1 stylizer x 2 pairs = 4 rated pairs, 2 per task with the check: 2 tasks of 3 pairs.
    study = await makeStudy({ pairsPerTask: 3, ratersPerTask: 1, raters: 1, stylizers: ['classic'], pairsPerCell: 2, strengthQuestion: true });
    server = await createStudyServer({ dir: study.dir });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await server.close();
    await study.remove();
  });

  it('a rater answers by mouse and keyboard, reloads mid-task, finishes, and the export holds exactly those answers', async () => {
    const studyFile = JSON.parse(await readFile(join(study.dir, 'study.json'), 'utf8')) as StudyFile;
    const key = JSON.parse(await readFile(join(study.dir, 'key.json'), 'utf8')) as { pairs: Record<string, { kind: string }> };
    expect(studyFile.tasks.map((task) => task.pairs.length)).toEqual([3, 3]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/rate/${study.created.raters[0]!.token}`);
    const given = new Map<string, { identity: boolean; expression: boolean; cartoon: boolean }>();
    // One rater per task: the server hands out the tasks in study order.
    const answer = async (how: 'mouse' | 'keys', index: number) => {
      const pair = await pairOnScreen(page, studyFile, index < 3 ? 0 : 1);
      // The attention check gets the attentive answer; the others a pattern that differs from pair to pair.
      const identity = key.pairs[pair]!.kind === 'attention' ? false : index % 2 === 0;
      const choice = { identity, expression: index % 3 !== 1, cartoon: index % 2 === 1 };
      expect(await page.locator('#next').isDisabled()).toBe(true);
      if (how === 'mouse') {
        for (const [question, yes] of Object.entries(choice)) await page.locator(`label:has(#${question}-${yes ? 'yes' : 'no'})`).click();
        await page.locator('#next').click();
      } else {
        await page.keyboard.press(choice.identity ? '1' : '2');
        await page.keyboard.press(choice.expression ? '3' : '4');
        await page.keyboard.press(choice.cartoon ? '5' : '6');
        await page.keyboard.press('Enter');
      }
      given.set(pair, choice);
    };

    await waitForProgress(page, 'Task 1 · pair 1 of 3');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('identity');
    await answer('mouse', 0);
    await waitForProgress(page, 'Task 1 · pair 2 of 3');
    await answer('keys', 1);
    await waitForProgress(page, 'Task 1 · pair 3 of 3');
    const before = await pairOnScreen(page, studyFile, 0);
    // A choice made before the reload is still there after it.
    const draftSaved = page.waitForResponse((response) => response.url().endsWith('/api/draft') && response.ok());
    await page.locator('label:has(#expression-no)').click();
    await draftSaved;
    await page.reload();
    await waitForProgress(page, 'Task 1 · pair 3 of 3');
    expect(await pairOnScreen(page, studyFile, 0)).toBe(before);
    expect(await page.locator('#expression-no').isChecked()).toBe(true);
    expect(await page.locator('#identity-yes').isChecked()).toBe(false);
    await answer('keys', 2);
    await waitForProgress(page, 'Task 2 · pair 1 of 3');
    for (let index = 3; index < 6; index++) {
      await answer(index % 2 === 0 ? 'mouse' : 'keys', index);
      if (index < 5) await waitForProgress(page, `Task 2 · pair ${index - 1} of 3`);
    }
    await page.waitForSelector('#done:not([hidden])');
    expect(await page.locator('#done').textContent()).toContain('Thank you');
    await context.close();

    const { results } = await exportStudy(study.dir);
    expect(results.counts).toMatchObject({ completed: 2, valid: 2, failedAttention: 0, incomplete: 0, ratings: 4 * 3 });
    expect(given.size).toBe(6);
    for (const pair of results.pairs) {
      const clicked = given.get(pair.pair)!;
      for (const question of ['identity', 'expression', 'cartoon'] as const) expect({ pair: pair.pair, question, votes: pair.votes[question] }).toEqual({ pair: pair.pair, question, votes: { yes: clicked[question] ? 1 : 0, n: 1 } });
    }
  });

  it('fits a desktop window and a phone screen: all in view, no sideways scrolling, touch-sized buttons, real pictures', async () => {
    const token = study.created.raters[0]!.token;
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const desktopPage = await desktop.newPage();
    await desktopPage.goto(`${base}/rate/${token}`);
    await waitForProgress(desktopPage, 'pair 1 of 3');
    await checkLayout(desktopPage, 44, 'desktop');
    await desktop.close();

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const phonePage = await phone.newPage();
    await phonePage.goto(`${base}/rate/${token}`);
    await waitForProgress(phonePage, 'pair 1 of 3');
    await checkLayout(phonePage, 44, 'phone');
    // Touch works as well as the mouse: tap the three answers and the button.
    for (const id of ['identity-no', 'expression-yes', 'cartoon-yes']) await phonePage.locator(`label:has(#${id})`).tap();
    await phonePage.locator('#next').tap();
    await waitForProgress(phonePage, 'pair 2 of 3');
    await phone.close();
  });

  it('tells a visitor with a wrong link that it is not valid', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${base}/rate/${'A'.repeat(32)}`);
    expect(response!.status()).toBe(404);
    expect(await page.textContent('main')).toContain('This link is not valid');
    await context.close();
  });
});
