/**
 * Whether every parameter name of a query passes `allowed`. By forEach, not a spread of keys(): Firefox's content
 * scripts cannot iterate URLSearchParams (TypeError, not iterable), and page parsers run there.
 */
export function everyParamName(params: URLSearchParams, allowed: (name: string) => boolean): boolean {
  let every = true;
  params.forEach((_value, name) => {
    every &&= allowed(name);
  });
  return every;
}
