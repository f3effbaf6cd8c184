/**
 * The toolbar sits in a page we do not control: a script there can dispatch clicks, drops and input events at it.
 * Only events the browser made from a person's own input (`isTrusted`) move anything.
 */
export function trusted<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (event.isTrusted) handler(event);
  };
}
