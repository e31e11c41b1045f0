// Chat webhooks and bot tokens in a URL's path, read after their host (found by the dotted pass, dotted.ts): a
// Discord webhook (discord.com/api/webhooks/ID/TOKEN), a Telegram bot (api.telegram.org/botID:TOKEN), a Teams
// connector (….webhook.office.com/webhookb2/…/IncomingWebhook/KEY/ID). Whoever has one posts as the integration.
// Slack's have a type of their own (secrets.ts). No dot between the host and the secret's end: the dotted pass's
// next finding starts after it, so its findings stay in text order.
import type { Emit } from './rule';

const WEBHOOK_PATH = /\/(?:api\/webhooks\/\d{17,20}\/([A-Za-z0-9_-]{60,100})|bot(\d{5,16}:[A-Za-z0-9_-]{30,40})|webhookb2\/[^\s/.]{1,200}\/IncomingWebhook\/([0-9a-f]{32}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))(?![\w-])/y;

/** The secret in the path after a host that ends at `hostEnd`, if it is a chat webhook's or a bot's. */
export function chatWebhookAfterHost(text: string, hostEnd: number, emit: Emit): void {
  WEBHOOK_PATH.lastIndex = hostEnd;
  const path = WEBHOOK_PATH.exec(text);
  if (!path) return;
  const secret = (path[1] ?? path[2] ?? path[3]) as string; // one alternative matched
  emit('Secret', WEBHOOK_PATH.lastIndex - secret.length, WEBHOOK_PATH.lastIndex);
}
