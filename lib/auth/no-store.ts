/**
 * Marks a route's answers `Cache-Control: no-store`: sign-in, session and token answers carry credentials or
 * who-is-who, which no browser or shared cache may keep (ASVS 8.2.1).
 */
export function noStore<A extends unknown[]>(route: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    const response = await route(...args);
    response.headers.set("Cache-Control", "no-store");
    return response;
  };
}
