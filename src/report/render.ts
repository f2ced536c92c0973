import type { TopLevelSpec } from 'vega-lite';

/**
 * A Vega-Lite chart rendered to SVG text at build time, so the page needs no
 * script, no font and no network to show it. The data are inline values;
 * the loader refuses any URL, so a spec can never reach out.
 */
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const chartConfig = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: {
    labelLimit: 260,
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    labelColor: '#333',
    titleColor: '#222',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 14, anchor: 'start', color: '#222' },
  header: { labelFontSize: 12, titleFontSize: 12 },
} as const;

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile({
    ...spec,
    config: { ...chartConfig, ...(spec.config ?? {}) },
  } as TopLevelSpec).spec;
  const loader = vega.loader();
  loader.load = async (uri: string) => {
    throw new Error(`the report renders inline data only; refused to load ${uri}`);
  };
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
