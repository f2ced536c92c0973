import path from 'node:path';
import { yearRanges } from '../core/periods.ts';
import { type Datapackage, inputVintages, type Resource } from '../publish/datapackage.ts';
import type { PublishedDataset } from './load.ts';

/**
 * The report page: one self-contained HTML file (inline CSS and SVG, no
 * script, no external font, stylesheet or image), readable offline and
 * printable.
 */
export function esc(s: unknown): string {
  return String(s ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface ChartSection {
  id: string;
  title: string;
  dataset: string;
  table: string;
  /** the chart, or why there is none */
  svg?: string;
  caption?: string;
  /** notes on the figures shown: preliminary, partial, revised */
  status?: string[];
  absent?: string;
  source?: PublishedDataset;
}

/**
 * Links from the page (`<out>/report/index.html`) to the files it shows,
 * relative so the folder can be moved or served as it is; a partitioned
 * table links to its folder.
 */
function fileHref(outDir: string, file: string): string {
  return esc(encodeURI(path.relative(path.join(outDir, 'report'), file).split(path.sep).join('/')));
}

export function parquetHref(outDir: string, d: PublishedDataset, r: Resource): string {
  const file = Array.isArray(r.path) ? (r.path[0] ?? '').split('/')[0]! : r.path;
  return fileHref(outDir, path.join(d.dir, file));
}

export function datapackageHref(outDir: string, d: PublishedDataset): string {
  return fileHref(outDir, path.join(d.dir, 'datapackage.json'));
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d2329; background: #f4f6f8; }
header { background: #17324d; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 650; }
header p { margin: 0; color: #c9d6e3; font-size: 14px; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 32px 48px; }
h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 2px solid #d5dde5; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
section.chart { background: #fff; border: 1px solid #d5dde5; border-radius: 6px; padding: 14px 18px; margin: 16px 0; }
section.chart h3 { margin-top: 0; }
figure { margin: 8px 0 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption, .meta { font-size: 13px; color: #4a5560; }
h3 .meta { font-weight: normal; }
table.provenance { table-layout: fixed; }
table.provenance code { word-break: normal; overflow-wrap: anywhere; }
.absent { color: #7a4b00; background: #fff5e0; border: 1px dashed #e0b060; border-radius: 4px; padding: 10px 12px; font-size: 14px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e8ed; vertical-align: top; }
th { background: #eaf0f5; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef2f5; padding: 1px 4px; border-radius: 3px; word-break: break-all; }
ul.warnings { background: #fff; border: 1px solid #e6d3a8; border-radius: 6px; padding: 10px 12px 10px 32px; margin: 6px 0; font-size: 13px; }
ul.warnings li { margin: 3px 0; }
ul.status { list-style: none; margin: 8px 0 0; padding: 8px 12px; background: #f3f7fb; border-left: 3px solid #3b6ea8; font-size: 13px; }
ul.status li { margin: 2px 0; }
ul.status li::before { content: "Status: "; font-weight: 600; }
a { color: #1f5d99; }
.gap { font-size: 13px; color: #7a4b00; }
.tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 3px; background: #e3e8ed; color: #333; }
.synthetic { background: #ffe1e1; color: #8a1010; font-weight: 600; }
`;

function isSynthetic(pkg: Datapackage): boolean {
  return /synthetic/i.test(`${pkg.title ?? ''} ${pkg.description ?? ''}`);
}

/** "version 2026…, vintages 2014, 2024": how every dataset shown is identified on the page. */
export function versionLine(d: PublishedDataset): string {
  const vintages = inputVintages(d.pkg);
  return `${esc(d.name)} version <code>${esc(d.version)}</code>${d.pkg.created ? `, published ${esc(d.pkg.created.slice(0, 19).replace('T', ' '))} UTC` : ''}; input vintages ${vintages.length ? esc(vintages.join(', ')) : 'not recorded'}`;
}

function chartSection(outDir: string, c: ChartSection): string {
  const head = `<h3>${esc(c.title)}</h3>`;
  const resource = c.source?.tables.get(c.table);
  const files =
    c.source && resource
      ? ` (<a href="${parquetHref(outDir, c.source, resource)}">Parquet</a>, <a href="${datapackageHref(outDir, c.source)}">datapackage.json</a>)`
      : '';
  const src = c.source
    ? `<p class="meta">From <code>${esc(c.dataset)}.${esc(c.table)}</code>${files}, ${versionLine(c.source)}${isSynthetic(c.source.pkg) ? ' <span class="tag synthetic">SYNTHETIC test data</span>' : ''}.</p>`
    : '';
  if (!c.svg)
    return `<section class="chart" id="${esc(c.id)}" data-chart="${esc(c.id)}" data-state="absent">${head}<p class="absent">${esc(c.absent ?? 'not published yet')}</p>${src}</section>`;
  const status = c.status?.length
    ? `<ul class="status">${c.status.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`
    : '';
  return `<section class="chart" id="${esc(c.id)}" data-chart="${esc(c.id)}" data-state="shown">${head}${src}<figure>${c.svg}<figcaption>${esc(c.caption ?? '')}</figcaption></figure>${status}</section>`;
}

/** Why a table has no rows, or none for some years, as its descriptor says: an empty table is not a bug. */
function gapsNote(r: Resource): string {
  const gaps = r.kzstat;
  const notes = [
    ...(gaps?.not_computed ? [['not-computed', `not computed: ${gaps.not_computed.reason}`]] : []),
    ...(gaps?.years_left_out
      ? [
          [
            'years-left-out',
            `no rows for ${yearRanges(gaps.years_left_out.years)}: ${gaps.years_left_out.reason}`,
          ],
        ]
      : []),
  ];
  return notes
    .map(([kind, text]) => `<br><span class="gap" data-gap="${kind}">${esc(text!)}</span>`)
    .join('');
}

function datasetsTable(outDir: string, datasets: PublishedDataset[]): string {
  if (!datasets.length)
    return '<p class="absent">Nothing is published in this folder yet: run <code>kzstat run</code>.</p>';
  const rows = datasets.map((d) => {
    const tables = [...d.tables.values()]
      .map(
        (r) =>
          `<span data-table="${esc(r.table ?? r.name)}"><a href="${parquetHref(outDir, d, r)}">${esc(r.table ?? r.name)}</a> <span class="meta">(${r.rows ?? '?'} rows, schema ${esc(r.schema_version ?? '1.0')})</span>${gapsNote(r)}</span>`,
      )
      .join('<br>');
    return `<tr><td><strong>${esc(d.name)}</strong><br><span class="meta">${esc(d.pkg.title ?? '')}</span>${isSynthetic(d.pkg) ? '<br><span class="tag synthetic">SYNTHETIC test data</span>' : ''}</td>
<td><code>${esc(d.version)}</code><br><span class="meta">${esc((d.pkg.created ?? '').slice(0, 19).replace('T', ' '))} UTC</span><br><a href="${datapackageHref(outDir, d)}">datapackage.json</a></td>
<td>${esc(inputVintages(d.pkg).join(', ') || '—')}<br><span class="meta">${(d.pkg.kzstat?.inputs ?? []).length} input file${(d.pkg.kzstat?.inputs ?? []).length === 1 ? '' : 's'}</span></td>
<td>${tables}</td></tr>`;
  });
  return `<table><thead><tr><th>dataset</th><th>latest version</th><th>input vintages</th><th>tables (Parquet)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function warningsSection(datasets: PublishedDataset[]): string {
  const parts = datasets.map((d) => {
    const ws = d.pkg.kzstat?.warnings ?? [];
    const body = ws.length
      ? `<ul class="warnings">${ws.map((w) => `<li><span class="tag">${esc(w.check)}</span> ${esc(w.message)}</li>`).join('')}</ul>`
      : '<p class="meta">No warnings.</p>';
    return `<h3>${esc(d.name)} <span class="meta">(${ws.length} warning${ws.length === 1 ? '' : 's'}; ${versionLine(d)})</span></h3>${body}`;
  });
  return parts.join('') || '<p class="meta">No datasets.</p>';
}

function provenanceSection(datasets: PublishedDataset[]): string {
  return datasets
    .map((d) => {
      const inputs = new Map((d.pkg.kzstat?.inputs ?? []).map((i) => [i.path, i]));
      const rows = (d.pkg.sources ?? []).map((s) => {
        const src = s as Record<string, unknown>;
        const file = typeof src.file === 'string' ? src.file : undefined;
        const input = file ? inputs.get(file) : undefined;
        const origin = [src.origin, src.origin_path, src.commit ? `commit ${src.commit}` : undefined]
          .filter(Boolean)
          .map(esc)
          .join(', ');
        return `<tr><td>${esc(src.title ?? file ?? '')}${src.publisher ? `<br><span class="meta">${esc(src.publisher)}</span>` : ''}</td>
<td>${file ? `<code>${esc(file)}</code>` : ''}${input?.vintage ? `<br><span class="meta">vintage ${esc(input.vintage)}</span>` : ''}</td>
<td>${input ? `<code title="${esc(input.sha256)}">${esc(input.sha256.slice(0, 12))}…</code>` : ''}</td>
<td>${origin}${src.path ? `<br><code>${esc(src.path)}</code>` : ''}${src.notes ? `<br><span class="meta">${esc(src.notes)}</span>` : ''}</td></tr>`;
      });
      const params = Object.entries(d.pkg.kzstat?.parameters ?? {})
        .map(([k, v]) => `<code>${esc(k)}=${esc(typeof v === 'string' ? v : JSON.stringify(v))}</code>`)
        .join(' ');
      return `<h3>${esc(d.name)}</h3><p class="meta">${versionLine(d)}; run <code>${esc(d.pkg.kzstat?.run_id ?? '?')}</code>${params ? `; parameters ${params}` : ''}.</p>
<table class="provenance"><colgroup><col style="width:26%"><col style="width:22%"><col style="width:13%"><col style="width:39%"></colgroup><thead><tr><th>source</th><th>file</th><th>sha256</th><th>origin</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="4">no sources recorded</td></tr>'}</tbody></table>`;
    })
    .join('');
}

export function reportPage(opts: {
  outDir: string;
  generated: Date;
  datasets: PublishedDataset[];
  charts: ChartSection[];
}): string {
  const synthetic = opts.datasets.some((d) => isSynthetic(d.pkg));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kzstat report: regional indices of Kazakhstan</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Regional economic indices of Kazakhstan</h1>
<p>kzstat report of the latest published versions in <code style="background:#24476b;color:#fff">${esc(opts.outDir)}</code>, built ${esc(opts.generated.toISOString().slice(0, 19).replace('T', ' '))} UTC${synthetic ? ' — <span class="tag synthetic">contains SYNTHETIC test data, not statistics</span>' : ''}</p>
</header>
<main>
<h2>Datasets</h2>
${datasetsTable(opts.outDir, opts.datasets)}
<h2>Indices</h2>
${opts.charts.map((c) => chartSection(opts.outDir, c)).join('\n')}
<h2>Warnings of the runs</h2>
${warningsSection(opts.datasets)}
<h2>Provenance</h2>
${provenanceSection(opts.datasets)}
</main>
</body>
</html>
`;
}
