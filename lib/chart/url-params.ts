/** A page's query parameters as Next gives them to a server component, or as the browser's URLSearchParams. */
export type UrlParams = URLSearchParams | Record<string, string | string[] | undefined>;

/** One parameter's value (the first when it repeats), or undefined. */
export function readParam(params: UrlParams, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}
