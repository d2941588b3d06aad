"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export type RequestState<T, E = unknown> =
  | { kind: "idle" }
  | { kind: "loading"; startedAt: number }
  | { kind: "error"; error: E }
  | { kind: "done"; data: T };

const isAbort = (error: unknown) => error instanceof DOMException && error.name === "AbortError";

/**
 * The fetch lifecycle of a page that asks one thing at a time (a search, a scan): `start` aborts the request still
 * running and shows loading; only the latest request's answer or error lands; `cancel` aborts and goes back to idle;
 * leaving the page aborts too. The request itself is the caller's (`(signal) => Promise<T>`).
 */
export function useLatestRequest<T, E = unknown>(initial: RequestState<T, E> = { kind: "idle" }) {
  const [state, setState] = useState<RequestState<T, E>>(initial);
  const current = useRef<AbortController | null>(null);

  useEffect(() => () => current.current?.abort(), []);

  const start = useCallback(async (request: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState({ kind: "loading", startedAt: Date.now() });
    try {
      const data = await request(controller.signal);
      if (current.current !== controller) return undefined;
      setState({ kind: "done", data });
      return data;
    } catch (error) {
      if (current.current !== controller || isAbort(error)) return undefined;
      setState({ kind: "error", error: error as E });
      return undefined;
    }
  }, []);

  const cancel = useCallback(() => {
    current.current?.abort();
    current.current = null;
    setState({ kind: "idle" });
  }, []);

  /** Shows a state without a request (a form error found before sending); aborts the one running. */
  const show = useCallback((next: RequestState<T, E>) => {
    current.current?.abort();
    current.current = null;
    setState(next);
  }, []);

  return { state, start, cancel, show };
}
