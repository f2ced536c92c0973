import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineCharts } from '../../src/engine/charts.ts';
import { tempDir } from '../helpers/cli.ts';
import { copyCli, projectCopy } from '../helpers/project-copy.ts';

/**
 * The report's charts are the pipelines': each pipeline's charts.ts lists the charts of its own tables,
 * and the report draws them in the pipelines' order. A chart of another pipeline's table, or two charts
 * with one id, is the author's slip: exit 2 naming the file.
 */
describe("the pipelines' charts", () => {
  it('come from each pipeline, of its own tables, with its dataset, in the order of the pipelines', async () => {
    const charts = await pipelineCharts();
    expect(charts.map((c) => [c.pipeline, c.dataset, c.id, c.table])).toEqual([
      ['innovation', 'innovation', 'innovation_rating', 'innovation_rating'],
      ['structure', 'structure', 'location_quotients', 'location_quotients'],
      ['structure', 'structure', 'grp_per_capita', 'grp_per_capita'],
      ['trade', 'trade', 'trade_by_bloc', 'trade_by_bloc'],
    ]);
  });

  it("refuse a chart of a table its pipeline does not publish, one with another chart's id, a charts.ts listing none", async () => {
    const root = await projectCopy();
    const out = await tempDir();
    const file = 'pipelines/trade/charts.ts';
    const text = await readFile(path.join(root, file), 'utf8');
    await writeFile(path.join(root, file), text.replace("table: 'trade_by_bloc'", "table: 'grp_per_capita'"));
    const foreign = await copyCli(root, ['report', '--out', out]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain(
      `pipeline definition error in ${file}: its chart 'trade_by_bloc' is of the table 'grp_per_capita', which the trade pipeline does not publish`,
    );
    await writeFile(path.join(root, file), text.replace("id: 'trade_by_bloc'", "id: 'grp_per_capita'"));
    const twin = await copyCli(root, ['report', '--out', out]);
    expect(twin.code).toBe(2);
    expect(twin.stderr).toContain(
      `pipeline definition error in ${file}: its chart 'grp_per_capita' has the id of a chart of the structure pipeline`,
    );
    await appendFile(path.join(root, 'pipelines/observations/charts.ts'), 'export default {};\n');
    await writeFile(path.join(root, file), text);
    const notAList = await copyCli(root, ['report', '--out', out]);
    expect(notAList.code).toBe(2);
    expect(notAList.stderr).toContain(
      'pipeline definition error in pipelines/observations/charts.ts: its default export is not a list of charts',
    );
  });
});
