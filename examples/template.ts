/**
 * One template, filled two ways: a notification flow with a typed `send`
 * slot, filled once with e-mail delivery and once with SMS delivery.
 */
import { flow, slotType, run } from '../index.js';

/** A notification request. */
export interface Notice {
  readonly user: string;
  readonly text: string;
}

/** Delivery receipt. */
export interface Delivery {
  readonly channel: string;
  readonly to: string;
  readonly body: string;
}

/** The template: format, then a slot for the channel, then audit. */
export const notifyTemplate = flow<Notice>('notify')
  .step('format', (as, n) => ({ ...n, text: n.text.trim() }))
  .slot('send', slotType<Notice, Delivery>())
  .step('audit', (as, d) => `${d.channel} -> ${d.to}: ${d.body}`);

const byEmail = notifyTemplate.fill({
  send: flow<Notice>('email').step((as, n) => ({ channel: 'email', to: `${n.user}@example.org`, body: n.text })),
});
const bySms = notifyTemplate.fill({
  send: flow<Notice>('sms').step((as, n) => ({ channel: 'sms', to: `+1-555-${n.user.length}00`, body: n.text.slice(0, 10) })),
});

/** Runs both fillings; also shows that the unfilled template refuses to run. */
export async function main(log: (line: string) => void = console.log): Promise<{ email: string; sms: string; unfilled: string }> {
  const notice = { user: 'ada', text: '  Your order has shipped  ' };
  const email = await run(byEmail, notice);
  const sms = await run(bySms, notice);
  let unfilled = '';
  try {
    run(notifyTemplate as never, notice);
  } catch (e) {
    unfilled = (e as Error).message;
  }
  log(`  ${email}`);
  log(`  ${sms}`);
  log(`  unfilled template: ${unfilled}`);
  return { email, sms, unfilled };
}
