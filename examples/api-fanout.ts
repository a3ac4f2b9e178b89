/**
 * Rate-limited API fan-out: quotes for many symbols are fetched in
 * parallel through a Limiter (2 concurrent, 5 per 20 ms) and a
 * CircuitBreaker that stops calling the API after 3 consecutive failures.
 */
import { CircuitBreaker, flow, Limiter, run } from '../index.js';

/** What the fan-out observed. */
export interface FanoutReport {
  readonly quotes: Record<string, string>;
  readonly apiCalls: number;
  readonly maxConcurrent: number;
  readonly breaker: string;
}

/** Runs the fan-out over 10 symbols; the API fails for symbols starting with 'X'. */
export async function main(log: (line: string) => void = console.log): Promise<FanoutReport> {
  const limiter = new Limiter({ concurrent: 2, maxQueue: 100, rate: 5, periodMs: 20, burst: 100 });
  const breaker = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 60_000 });
  let apiCalls = 0;
  let active = 0;
  let maxConcurrent = 0;
  const fetchQuote = flow<string>('quote').sync(limiter, (as, symbol) =>
    as.run(
      flow<string>().sync(breaker, async (as, s) => {
        apiCalls++;
        active++;
        maxConcurrent = Math.max(maxConcurrent, active);
        await new Promise((r) => setTimeout(r, 3));
        active--;
        if (s.startsWith('X')) throw new Error(`no quote for ${s}`);
        return `${s}=${(s.charCodeAt(0) * 1.5).toFixed(1)}`;
      }),
      symbol,
    ),
  );
  const symbols = ['AAA', 'XA', 'XB', 'XC', 'BBB', 'CCC', 'XD', 'DDD', 'EEE', 'FFF'];
  const quoteOrNote = fetchQuote.catch((as, err) => `unavailable (${err.code}${err.code === 'DefenseRejected' ? `: ${String(err.info)}` : ''})`);
  const fanout = flow<string[]>('fan-out').map((list) => list, quoteOrNote);
  const results = await run(fanout, symbols);
  const quotes: Record<string, string> = {};
  symbols.forEach((s, i) => (quotes[s] = String(results[i])));
  for (const s of symbols) log(`  ${s}: ${quotes[s]}`);
  log(`  API calls: ${apiCalls} of ${symbols.length}; max concurrent: ${maxConcurrent}; breaker: ${breaker.state}`);
  return { quotes, apiCalls, maxConcurrent, breaker: breaker.state };
}
