import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromRoot } from '../../src/core/paths.ts';
import { datapackageSchema, tableResources } from '../../src/publish/datapackage.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { publishSynthetic, SYNTHETIC_LABEL } from '../helpers/synthetic.ts';

/**
 * `kzstat report` on SYNTHETIC datasets with the published tables' columns
 * (tests/helpers/synthetic.ts: made-up values, labelled as such on the page),
 * checked in a real headless browser: a Chromium or Chrome driven by
 * playwright-core, the one tests/setup/browser.ts found (or installed).
 */
const SHOTS = fromRoot('tests', '.tmp');

/** Chromium with a fresh profile folder of its own (a persistent context is how Playwright takes one). */
async function launch(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(await tempDir('kzstat-chromium-'), {
    executablePath: inject('browser'),
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens a page, recording console errors, page errors and any request that is not the file itself. */
async function open(browser: BrowserContext, file: string) {
  const page = await browser.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `file://${file}`) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, problems, requests };
}

describe('kzstat report', async () => {
  const full = await tempDir();
  await publishSynthetic(full, { innovation: 'all', structure: 'all', trade: 'all' });
  // a second structure version revising one GRP figure (Akmola 800 -> 900): the report says so
  await publishSynthetic(
    full,
    { structure: 'all' },
    {
      tag: 'revised',
      edit: (rows) => rows.replace("('110000000', 800.0, 800.0)", "('110000000', 900.0, 800.0)"),
    },
  );
  const partial = await tempDir();
  await publishSynthetic(partial, { structure: ['grp_per_capita'] });
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('writes <out>/report/index.html and prints its path, nothing else, on stdout', async () => {
    const r = await runCli(['report', '--out', full]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${path.join(full, 'report', 'index.html')}\n`);
    expect(r.stderr).toBe('');
    const html = await readFile(path.join(full, 'report', 'index.html'), 'utf8');
    // self-contained: no script, no stylesheet or font to fetch, no remote image
    expect(html).not.toMatch(/<script|<link|@import|@font-face|url\((?!#)/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });

  it('in chromium: loads with no console error, every chart drawn from its data, synthetic data labelled; a screenshot', async () => {
    await runCli(['report', '--out', full]);
    const file = path.join(full, 'report', 'index.html');
    const { page, problems, requests } = await open(browser, file);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    const charts = await page.$$eval('section.chart', (sections) =>
      sections.map((s) => ({
        id: s.getAttribute('data-chart'),
        state: s.getAttribute('data-state'),
        svgs: s.querySelectorAll('figure svg').length,
        bars: s.querySelectorAll('svg g.mark-rect.role-mark path').length,
        lines: s.querySelectorAll('svg g.mark-line.role-mark path').length,
        rules: s.querySelectorAll('svg g.mark-rule.role-mark line').length,
        points: s.querySelectorAll('svg g.mark-symbol.role-mark path').length,
        labels: Array.from(s.querySelectorAll('svg g.mark-text.role-mark text')).map((t) => t.textContent),
        width: s.querySelector('figure svg')?.getBoundingClientRect().width ?? 0,
        text: (s as HTMLElement).innerText,
      })),
    );
    expect(charts.map((c) => [c.id, c.state, c.svgs])).toEqual([
      ['innovation_rating', 'shown', 1],
      ['location_quotients', 'shown', 1],
      ['grp_per_capita', 'shown', 1],
      ['trade_by_bloc', 'shown', 1],
    ]);
    const [rating, lq, grp, trade] = charts as [
      (typeof charts)[0],
      (typeof charts)[0],
      (typeof charts)[0],
      (typeof charts)[0],
    ];
    // one mark per data row: 5 scored regions in 2013; 5 regions x 4 industries; 5 regions; 3 blocs x 2 flows
    expect(rating.bars).toBe(5);
    expect(rating.labels).toEqual(
      expect.arrayContaining(['90.0 (high)', '70.0 (above medium)', '15.0 (very low)']),
    );
    // beside the scores, each region's rank (a point) with its interval (a rule) from rating_uncertainty
    expect(rating.rules).toBe(5);
    expect(rating.points).toBe(5);
    expect(rating.text).toContain('5th–95th percentile of its rank over 200 draws');
    expect(lq.bars).toBe(20);
    expect(lq.labels).toHaveLength(20);
    expect(grp.bars).toBe(5);
    expect(grp.labels).toEqual(expect.arrayContaining(['5,000', '600', 'Republic 1,000']));
    expect(trade.lines).toBe(6);
    for (const c of charts) {
      expect(c.width, String(c.id)).toBeGreaterThan(200);
      expect(c.text, String(c.id)).toContain('SYNTHETIC test data');
      expect(c.text, String(c.id)).toMatch(/version 20\d{6}T\d{6}\.\d{3}Z/);
      expect(c.text, String(c.id)).toContain('input vintages 2099');
    }
    // industries by OKED name with the code, regions by name: no bare code on any chart
    const texts = await page.$$eval('section.chart', (sections) =>
      sections.map((s) => ({
        axis: Array.from(s.querySelectorAll('svg g.role-axis-label text')).map((t) => t.textContent),
        all: Array.from(s.querySelectorAll('svg text')).map((t) => t.textContent ?? ''),
        status: Array.from(s.querySelectorAll('ul.status li')).map((li) => li.textContent),
        links: Array.from(s.querySelectorAll('p.meta a')).map((a) => [a.textContent, a.getAttribute('href')]),
      })),
    );
    expect(texts[1]!.axis).toEqual(
      expect.arrayContaining([
        'A Agriculture, forestry and fishing',
        'B Mining and quarrying',
        'C Manufacturing',
        'F Construction',
        'Akmola Region',
        'city of Almaty',
      ]),
    );
    for (const t of texts) expect(t.all.filter((x) => /^\d{9}$/.test(x.trim()))).toEqual([]);
    // every chart a note of its data's status
    expect(texts.map((t) => t.status)).toEqual([
      [
        'The 2013 scores rest on both groups of indicators.',
        "Partial ratings in the table's other years: 2012, 2014.",
        'The first published version of this dataset: nothing to compare with yet.',
      ],
      [
        '1 location quotient of 2022 rests on figures marked preliminary (status p).',
        expect.stringMatching(
          /^Not revised since the previous version \(\S+\): no figure changed or disappeared\.$/,
        ),
      ],
      [
        'Preliminary: 1 figure of 2022 rests on a GRP its source marks preliminary.',
        expect.stringMatching(
          /^Revised since the previous version: 1 row changed, 0 removed, 0 added since \S+ \(kzstat diff structure \S+ \S+\)\.$/,
        ),
      ],
      ['The first published version of this dataset: nothing to compare with yet.'],
    ]);
    // every chart links its Parquet file and datapackage.json, relative to the page, and they exist
    const reportDir = path.dirname(file);
    for (const [i, t] of texts.entries()) {
      expect(t.links.map(([label]) => label)).toEqual(['Parquet', 'datapackage.json']);
      expect(t.links[0]![1]).toMatch(new RegExp(`^\\.\\./\\w+/[^/]+/${charts[i]!.id}\\.parquet$`));
      for (const [, href] of t.links) expect(existsSync(path.resolve(reportDir, href!)), href!).toBe(true);
    }
    // and so does every table of the datasets table
    const tableLinks = await page.$$eval('table:first-of-type a', (as) =>
      as.map((a) => a.getAttribute('href')!),
    );
    expect(tableLinks.filter((h) => h.endsWith('.parquet'))).toHaveLength(5);
    expect(tableLinks.filter((h) => h.endsWith('/datapackage.json'))).toHaveLength(3);
    for (const href of tableLinks) expect(existsSync(path.resolve(reportDir, href)), href).toBe(true);
    const body = await page.innerText('body');
    expect(body).toContain('contains SYNTHETIC test data, not statistics');
    expect(body).toContain(`innovation: ${SYNTHETIC_LABEL}`); // the runs' warnings
    expect(body).toContain(`${SYNTHETIC_LABEL}: inline VALUES`); // the provenance
    await mkdir(SHOTS, { recursive: true });
    const shot = path.join(SHOTS, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(50_000);
    await page.close();
  });

  it('on the bundled data, in chromium: every table with no rows says why, as its descriptor does', async () => {
    const out = await tempDir();
    const run = await runCli(['run', '--offline', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const why = new Map<string, string>();
    for (const dataset of ['observations', 'innovation', 'structure', 'trade']) {
      const pkg = datapackageSchema.parse(
        JSON.parse(await readFile(path.join(out, dataset, 'latest', 'datapackage.json'), 'utf8')),
      );
      for (const r of tableResources(pkg).filter((t) => t.rows === 0)) {
        expect(r.kzstat?.not_computed?.indicators.length, `${dataset}.${r.name}`).toBeGreaterThan(0);
        why.set(`${dataset}.${r.name}`, r.kzstat!.not_computed!.reason);
      }
    }
    // the four the bundled inputs cannot fill (no division-level GVA, enterprise counts, production, world imports by country)
    expect([...why.keys()]).toEqual(
      expect.arrayContaining([
        'structure.enterprise_demography',
        'structure.variety',
        'trade.import_dependence',
        'trade.trade_intensity',
      ]),
    );
    const report = await runCli(['report', '--out', out]);
    expect(report.code, report.stderr).toBe(0);
    const { page, problems } = await open(browser, report.stdout.trim());
    const shown = await page.$$eval('tr', (rows) =>
      rows.flatMap((tr) => {
        const dataset = tr.querySelector('td strong')?.textContent;
        return Array.from(tr.querySelectorAll<HTMLElement>('[data-table]'), (t) => [
          `${dataset}.${t.dataset.table}`,
          t.querySelector('[data-gap="not-computed"]')?.textContent ?? null,
        ]);
      }),
    );
    for (const [table, reason] of why)
      expect(shown.find(([t]) => t === table)?.[1], table).toBe(`not computed: ${reason}`);
    // a table with rows has no such note
    expect(shown.filter(([t, note]) => note && !why.has(t!))).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a chart whose dataset or table is not published says so, visibly; the others still draw', async () => {
    const r = await runCli(['report', '--out', partial]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      'innovation_rating: not published yet: no version of the innovation dataset in this folder (kzstat run innovation).',
      expect.stringMatching(
        /^location_quotients: not published yet: structure version \S+ has no table location_quotients\.$/,
      ),
      'trade_by_bloc: not published yet: no version of the trade dataset in this folder (kzstat run trade).',
    ]);
    const { page, problems } = await open(browser, r.stdout.trim());
    expect(problems).toEqual([]);
    const states = await page.$$eval('section.chart', (s) =>
      s.map((x) => [
        x.getAttribute('data-chart'),
        x.getAttribute('data-state'),
        (x as HTMLElement).innerText,
      ]),
    );
    expect(states.map(([id, state]) => [id, state])).toEqual([
      ['innovation_rating', 'absent'],
      ['location_quotients', 'absent'],
      ['grp_per_capita', 'shown'],
      ['trade_by_bloc', 'absent'],
    ]);
    for (const [, state, text] of states) if (state === 'absent') expect(text).toContain('not published yet');
    await page.screenshot({ path: path.join(SHOTS, 'report-partial.png'), fullPage: true });
    await page.close();
  });

  it('an empty output folder still gives a page that says nothing is published', async () => {
    const empty = await tempDir();
    const r = await runCli(['report', '--out', empty]);
    expect(r.code).toBe(0);
    const html = await readFile(r.stdout.trim(), 'utf8');
    expect(html).toContain('Nothing is published in this folder yet');
    expect(html.match(/data-state="absent"/g)).toHaveLength(4);
  });

  it.skipIf(!existsSync('/usr/bin/script'))('shows its progress on a terminal', async () => {
    const cmd = `${process.execPath} ${fromRoot('bin', 'kzstat.js')} report --out ${full}`;
    const r = await new Promise<string>((resolve) =>
      execFile('/usr/bin/script', ['-qec', cmd, '/dev/null'], (_e, stdout) => resolve(stdout)),
    );
    expect(r).toMatch(/✓ reading the published datasets ran 3 datasets/);
    expect(r).toMatch(/✓ rendering structure\.location_quotients ran/);
    expect(r).toContain('\u001b[2K');
  });
});
