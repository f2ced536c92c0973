import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from '../helpers/cli.ts';

const listed = z.object({
  pipelines: z.array(
    z.object({
      name: z.string(),
      dataset: z.string(),
      tables: z.array(z.object({ name: z.string(), key: z.array(z.string()), columns: z.array(z.string()) })),
      parameters: z.array(
        z.object({ name: z.string(), type: z.string(), default: z.unknown(), description: z.string() }),
      ),
    }),
  ),
});

describe('kzstat list', () => {
  it('names each pipeline, what it publishes and its parameters with their defaults', async () => {
    const r = await runCli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('observations: Official statistics of Kazakhstan, normalised');
    expect(r.stdout).toContain('  parameters: harmonise_to=1997\n');
    expect(r.stdout).toMatch(
      / {2}parameters: .*\bbloc_membership=majority, resource_chapters=\["25","26","27","71"\]/,
    );
  });

  it('--json gives every parameter its values, default and description', async () => {
    const r = await runCli(['list', '--json']);
    expect(r.code).toBe(0);
    const { pipelines } = listed.parse(JSON.parse(r.stdout));
    expect(pipelines.map((p) => p.name)).toEqual(['observations', 'innovation', 'structure', 'trade']);
    const innovation = pipelines.find((p) => p.name === 'innovation')!;
    expect(innovation.parameters.find((p) => p.name === 'winmax')).toEqual({
      name: 'winmax',
      type: 'integer in [1, 50]',
      default: 5,
      description:
        'the most winsorising steps (each caps one more distinct value) before a log transform is used instead',
    });
  });
});
