import http from "node:http";
import https from "node:https";
import { PEER_HEADER, peerSeal } from "@/lib/auth/client-ip";

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Writes each request's socket address into PEER_HEADER (sealed, see lib/auth/client-ip.ts) before Next sees the
 * request. Next gives handlers no other way to the socket, and every HTTP server in this process is Next's, so
 * the servers' shared `emit` is wrapped: the one place every "request" event passes. Idempotent.
 */
export function installSocketAddressStamp(): void {
  if (peerSeal()) return;
  const seal = peerSeal(true)!;
  for (const Server of [http.Server, https.Server]) {
    const prototype = Server.prototype as unknown as { emit: Emit };
    const emit = prototype.emit;
    prototype.emit = function (event, ...args) {
      if (event === "request") {
        const request = args[0] as http.IncomingMessage;
        request.headers[PEER_HEADER] = `${seal} ${request.socket?.remoteAddress ?? ""}`;
      }
      return emit.call(this, event, ...args);
    };
  }
}
