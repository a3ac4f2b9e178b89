/**
 * FTN12 style: a parallel block with error recovery. Three price sources
 * are asked at once; one fails, the running siblings are cancelled (their
 * cancel handlers stop the pending requests), and the parallel's error
 * handler recovers with a cached price.
 */
import { $as } from '../ftn12.js';

/** What the scenario observed. */
export interface RecoveryReport {
  readonly price: unknown;
  readonly cancelled: string[];
  readonly errorInfo: unknown;
}

/** Runs the scenario. */
export async function main(log: (line: string) => void = console.log): Promise<RecoveryReport> {
  const cancelled: string[] = [];
  const root = $as();
  const source = (name: string, delayMs: number, fail = false) => (as: any) => {
    const timer = setTimeout(() => {
      if (fail) {
        try {
          as.error('SourceDown', `${name} answered 503`);
        } catch {
          // as.error throws by FTN12 design; the flow already has the error.
        }
      } else as.state.prices.push({ name, price: 100 + delayMs });
    }, delayMs);
    as.setCancel(() => {
      clearTimeout(timer);
      cancelled.push(name);
    });
  };
  root.add((as) => {
    as.state.prices = [];
    as.parallel((as, code) => {
      log(`  parallel failed with ${code} (${String(as.state.error_info)}); using the cached price`);
      as.success(99);
    })
      .add(source('fast-api', 40))
      .add(source('broken-api', 5, true))
      .add(source('slow-api', 80));
  });
  root.add((as, price?: number) => as.success(price ?? Math.min(...as.state.prices.map((p: { price: number }) => p.price))));
  const price = await root.promise();
  log(`  price: ${String(price)}; cancel handlers run (the failed branch and its siblings): ${cancelled.join(', ')}`);
  return { price, cancelled, errorInfo: root.state.error_info };
}
