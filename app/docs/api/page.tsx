import type { Metadata } from "next";
import { openApiSpec } from "@/lib/openapi/spec";

export const metadata: Metadata = { title: "API reference · Patternscope" };

type Operation = {
  summary: string;
  description?: string;
  security?: readonly Record<string, readonly string[]>[];
  parameters?: readonly { name: string; in: string; required: boolean; description?: string; schema: { type: string; example?: string } }[];
  requestBody?: { content: { "application/json"?: { examples?: Record<string, { value: unknown }> } } };
  responses: Record<string, { description: string }>;
};

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
  post: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  patch: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
  delete: "bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-200",
};

const AUTH_WORDS: Record<string, string> = { sessionCookie: "session cookie", bearerToken: "Bearer token" };

/** Who may call an operation, in words, from its OpenAPI security list. */
function authText(security: Operation["security"]): string {
  if (!security || security.length === 0) return "Public";
  const ways = security.map((req) => Object.keys(req).map((k) => AUTH_WORDS[k] ?? k).join(" + ") || "anonymous");
  return `Sign-in: ${ways.join(" or ")}`;
}

/** Text with `code` spans, as the spec writes them, rendered as code rather than literal backticks. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split(/`([^`]+)`/).map((part, i) =>
        i % 2 ? (
          <code key={i} className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.85em] dark:bg-zinc-800">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** A readable rendering of the OpenAPI document; the machine-readable one is at /api/openapi.json. */
export default function ApiDocsPage() {
  const paths = Object.entries(openApiSpec.paths) as [string, Record<string, Operation>][];
  return (
    <div className="mx-auto max-w-4xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        <WithCode text={openApiSpec.info.description} /> The OpenAPI 3.1 document is at{" "}
        <a className="font-medium text-sky-700 underline underline-offset-2 dark:text-sky-400" href="/api/openapi.json">
          /api/openapi.json
        </a>
        .
      </p>
      <div className="mt-8 space-y-6">
        {paths.flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, op]) => (
            <section key={`${method} ${path}`} id={`${method}-${path}`} className="rounded-xl border border-zinc-200 p-5 dark:border-zinc-800">
              <div className="flex flex-wrap items-center gap-3">
                <span className={`rounded-md px-2 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_STYLE[method] ?? ""}`}>{method}</span>
                <code className="font-mono text-sm font-medium">{path}</code>
                <span className="ml-auto text-xs text-zinc-500" data-testid="op-auth">{authText(op.security)}</span>
              </div>
              <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
                <WithCode text={op.summary} />
              </p>
              {op.description ? (
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                  <WithCode text={op.description} />
                </p>
              ) : null}
              {op.parameters?.length ? (
                <table className="mt-4 w-full text-left text-sm">
                  <thead className="text-xs uppercase tracking-wide text-zinc-500">
                    <tr>
                      <th className="py-1 pr-4 font-medium">Parameter</th>
                      <th className="py-1 pr-4 font-medium">In</th>
                      <th className="py-1 font-medium">Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr key={p.name} className="border-t border-zinc-100 dark:border-zinc-800/70">
                        <td className="py-1.5 pr-4 font-mono text-xs">
                          {p.name}
                          {p.required ? <span className="text-rose-600"> *</span> : null}
                        </td>
                        <td className="py-1.5 pr-4 text-zinc-500">{p.in}</td>
                        <td className="py-1.5 text-zinc-700 dark:text-zinc-300">
                          {p.description ?? p.schema.type}
                          {p.schema.example ? <span className="text-zinc-500"> (e.g. {p.schema.example})</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {op.requestBody?.content["application/json"]?.examples ? (
                <div className="mt-4 space-y-2">
                  <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">Example bodies</h3>
                  {Object.entries(op.requestBody.content["application/json"]?.examples ?? {}).map(([name, example]) => (
                    <pre key={name} className="overflow-x-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-900">
                      {JSON.stringify(example.value)}
                    </pre>
                  ))}
                </div>
              ) : null}
              <ul className="mt-4 flex flex-wrap gap-2 text-xs">
                {Object.entries(op.responses).map(([status, r]) => (
                  <li key={status} className="rounded-md bg-zinc-100 px-2 py-1 dark:bg-zinc-800/70">
                    <span className="font-mono font-semibold">{status}</span> {r.description}
                  </li>
                ))}
              </ul>
            </section>
          )),
        )}
      </div>
    </div>
  );
}
