/** A request the index cannot answer (unknown symbol, empty range): the route turns it into a 400 naming the field. */
export class SearchInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "SearchInputError";
  }
}

/** The search was cancelled (its client went away) before it finished. */
export class SearchCancelledError extends Error {
  constructor() {
    super("The search was cancelled.");
    this.name = "SearchCancelledError";
  }
}
