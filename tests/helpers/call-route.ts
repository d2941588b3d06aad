import { NextRequest } from "next/server";

// `Promise<never>` params accept every route's own params type (`{ id: string }`, ...).
export type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "PUT" | "DELETE", (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>>>;

export const ORIGIN = "http://localhost:3100";

export type CallOptions = {
  body?: unknown;
  cookie?: string;
  bearer?: string;
  params?: Record<string, string>;
  /** null sends no Origin header (a non-browser client). */
  origin?: string | null;
  ip?: string;
  headers?: Record<string, string>;
};

export type CallResult = { status: number; body: Record<string, unknown>; headers: Headers; setCookie: string };

/** Calls a route handler the way Next does: a NextRequest and a params promise. */
export async function callRoute(module: RouteModule, method: keyof RouteModule, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { "content-type": "application/json", "x-forwarded-for": options.ip ?? "10.9.9.9", ...options.headers };
  if (options.origin !== null) headers.origin = options.origin ?? ORIGIN;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const request = new NextRequest(`${ORIGIN}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const handler = module[method];
  if (!handler) throw new Error(`${path} has no ${method} handler`);
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) as Promise<never> });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers, setCookie: response.headers.get("set-cookie") ?? "" };
}

/** `name=value` of a Set-Cookie header, ready to send back as Cookie. */
export function cookieOf(setCookie: string): string {
  return setCookie.split(";")[0]!;
}
