import http from "node:http";
import https from "node:https";
import { parseWebhookUrl, vettedLookup, WebhookAddressError } from "@/lib/webhooks/check-address";
import { signWebhook, WEBHOOK_HEADERS } from "@/lib/webhooks/sign-webhook";

/** A delivery either reached the receiver (2xx) or failed; `retry` says whether trying again could help. */
export type DeliveryResult = { delivered: true; status: number } | { delivered: false; retry: boolean; reason: string; status?: number };

/** Whole-request deadline (connect, send, answer) and how much of the receiver's answer is read. */
export const WEBHOOK_TIMEOUT_MS = 5000;
export const WEBHOOK_MAX_RESPONSE_BYTES = 4096;

class DeliveryTimeoutError extends Error {}

/**
 * POSTs `body` (JSON text) to a URL a user typed, signed with the webhook's secret (lib/webhooks/sign-webhook.ts).
 * http(s) only; private, loopback, link-local, unspecified, multicast and reserved addresses are refused, as
 * literals and after DNS resolution, unless `allowPrivate` (WEBHOOK_ALLOW_PRIVATE); a redirect is not followed;
 * the whole request has `timeoutMs`; at most `maxResponseBytes` of the answer are read. Never throws.
 */
export async function deliverWebhook({ url, secret, body, deliveryId, allowPrivate, timeoutMs = WEBHOOK_TIMEOUT_MS, maxResponseBytes = WEBHOOK_MAX_RESPONSE_BYTES, now = Date.now }: { url: string; secret: string; body: string; deliveryId: string; allowPrivate: boolean; timeoutMs?: number; maxResponseBytes?: number; now?: () => number }): Promise<DeliveryResult> {
  let target: URL;
  try {
    target = parseWebhookUrl(url, { allowPrivate });
  } catch (error) {
    return { delivered: false, retry: false, reason: (error as Error).message };
  }
  const timestamp = Math.floor(now() / 1000);
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "user-agent": "Patternscope-Webhook/1",
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: signWebhook({ secret, timestamp, body }),
    [WEBHOOK_HEADERS.delivery]: deliveryId,
  };
  const send = target.protocol === "https:" ? https.request : http.request;
  return new Promise<DeliveryResult>((resolve) => {
    let settled = false;
    const finish = (result: DeliveryResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    // a fresh connection per delivery (agent: false), to the addresses vettedLookup checked
    const request = send(target, { method: "POST", headers, agent: false, lookup: vettedLookup({ allowPrivate }) }, (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let read = 0;
      const done = () => finish(classify(status, Buffer.concat(chunks).toString("utf8"), response.headers.location));
      response.on("data", (chunk: Buffer) => {
        if (read < maxResponseBytes) chunks.push(chunk.subarray(0, maxResponseBytes - read));
        read += chunk.length;
        // enough to report; the rest of a large or endless answer is not read
        if (read >= maxResponseBytes) {
          done();
          response.destroy();
        }
      });
      response.on("end", done);
      response.on("error", done);
      response.on("close", done);
    });
    const timer = setTimeout(() => request.destroy(new DeliveryTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on("error", (error) => {
      if (error instanceof WebhookAddressError) finish({ delivered: false, retry: false, reason: error.message });
      else finish({ delivered: false, retry: true, reason: error instanceof DeliveryTimeoutError ? error.message : `could not deliver: ${(error as NodeJS.ErrnoException).code ?? error.message}` });
    });
    request.end(body);
  });
}

/** 2xx delivered; a redirect or a client error will not change on retry; a timeout, 429 or a server error may. */
function classify(status: number, text: string, location: string | undefined): DeliveryResult {
  if (status >= 200 && status < 300) return { delivered: true, status };
  const said = text.trim() ? `: ${text.trim().slice(0, 200)}` : "";
  if (status >= 300 && status < 400) return { delivered: false, retry: false, status, reason: `answered ${status}, a redirect${location ? ` to ${location.slice(0, 200)}` : ""} (not followed)` };
  const retry = status >= 500 || status === 408 || status === 425 || status === 429 || status < 200;
  return { delivered: false, retry, status, reason: `answered ${status}${said}` };
}
