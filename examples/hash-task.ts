/**
 * The CPU-heavy part of the service example, run in worker threads: a
 * key-stretching hash of an upload (SHA-256, many rounds). Plain code: it
 * can be called in process too, as the example does to check its answers.
 */
import { createHash } from 'node:crypto';
import { FlowError } from '../index.js';
import type { WorkerContext } from '../worker.js';

/** An upload to hash. */
export interface Upload {
  readonly name: string;
  readonly body: string;
  readonly rounds: number;
}

/** SHA-256 applied `rounds` times; refuses an empty body with a typed error the flow catches. */
export function hash(upload: Upload, ctx?: WorkerContext): { readonly name: string; readonly digest: string } {
  if (upload.body.length === 0) throw new FlowError('EmptyUpload', `${upload.name} is empty`, { data: { name: upload.name } });
  let digest = createHash('sha256').update(upload.body).digest();
  for (let i = 1; i < upload.rounds; i++) {
    if (i % 256 === 0) ctx?.throwIfCancelled();
    digest = createHash('sha256').update(digest).digest();
  }
  return { name: upload.name, digest: digest.toString('hex') };
}
