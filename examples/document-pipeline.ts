/**
 * Document pipeline: documents stream in from an async source; each is
 * rendered by a bounded `map` (at most 3 at a time). The source is pulled
 * no faster than the map can work, and closed when the pipeline stops.
 */
import { flow, run } from '../index.js';

/** What the pipeline observed. */
export interface PipelineReport {
  readonly rendered: string[];
  readonly maxInFlight: number;
  readonly maxPulledAhead: number;
  readonly sourceClosed: boolean;
}

/** Runs the pipeline over 8 documents. */
export async function main(log: (line: string) => void = console.log): Promise<PipelineReport> {
  let pulled = 0;
  let finished = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let maxPulledAhead = 0;
  let sourceClosed = false;
  async function* documents(count: number) {
    try {
      for (let i = 1; i <= count; i++) {
        await new Promise((r) => setTimeout(r, 1));
        pulled++;
        maxPulledAhead = Math.max(maxPulledAhead, pulled - finished);
        yield { id: i, text: `document ${i}` };
      }
    } finally {
      sourceClosed = true;
    }
  }
  const pipeline = flow<number>('pipeline').map(
    (count) => documents(count),
    async (as, doc) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5 + (doc.id % 3) * 5));
      inFlight--;
      finished++;
      return `<h1>${doc.text.toUpperCase()}</h1>`;
    },
    { concurrency: 3 },
  );
  const rendered = await run(pipeline, 8);
  log(`  rendered ${rendered.length} documents in order: ${rendered.slice(0, 2).join(' ')} ...`);
  log(`  at most ${maxInFlight} rendering at once; source pulled at most ${maxPulledAhead} ahead; closed: ${sourceClosed}`);
  return { rendered, maxInFlight, maxPulledAhead, sourceClosed };
}
