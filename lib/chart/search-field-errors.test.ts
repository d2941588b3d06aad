import { describe, expect, it } from "vitest";
import { toSearchFieldError } from "@/lib/chart/search-field-errors";

const tickers = [{ symbol: "AAPL", first: "1990-01-02", last: "2018-02-07" }];

describe("toSearchFieldError", () => {
  it("puts an unknown range symbol on the symbol box, in words", () => {
    expect(toSearchFieldError({ field: "query.symbol", message: "query.symbol: unknown symbol ZZZZ" })).toEqual({ field: "range.symbol", message: "There is no ticker ZZZZ. Pick one from the list." });
  });

  it("says where a ticker's data is when the picked range holds none", () => {
    const e = toSearchFieldError({ field: "query.from", message: "query.from: the range holds 0 values of AAPL; at least 5 are needed" }, tickers);
    expect(e).toEqual({ field: "range.from", message: "This range holds no candles of AAPL; pick at least 5. AAPL has data from 2 Jan 1990 to 7 Feb 2018." });
    expect(toSearchFieldError({ message: "query.from: the range holds 3 values of MSFT; at least 5 are needed" }, tickers)?.message).toBe("This range holds only 3 candles of MSFT; pick at least 5.");
  });

  it("reads the field from the message when details carry none, and words the schema's rules", () => {
    expect(toSearchFieldError({ message: "minLength: minLength is greater than maxLength" })).toEqual({ field: "minLength", message: "Min length is longer than max length." });
    expect(toSearchFieldError({ message: "minLength: Too small: expected number to be >=5" })).toEqual({ field: "minLength", message: "Min length: at least 5." });
    expect(toSearchFieldError({ message: "horizon: Too big: expected number to be <=500" })).toEqual({ field: "horizon", message: "Horizon: at most 500." });
    expect(toSearchFieldError({ message: "from: from is after to" })).toEqual({ field: "from", message: "From is after To: swap the dates." });
    expect(toSearchFieldError({ message: "query.from: from is after to" })).toEqual({ field: "range.from", message: "From is after To: swap the dates." });
    expect(toSearchFieldError({ message: "query.to: not a real calendar date" })).toEqual({ field: "range.to", message: "Not a real date." });
  });

  it("puts a too-short sketch on the drawing and unknown filter tickers on the tickers box", () => {
    expect(toSearchFieldError({ field: "query.points", message: "query.points: at least 5 points" })?.field).toBe("query");
    expect(toSearchFieldError({ field: "symbols", message: "symbols: unknown symbol NOPE, ZZZ" })).toEqual({ field: "symbols", message: "No tickers NOPE, ZZZ. Leave the box empty to search every ticker." });
  });

  it("leaves errors that name no control of the form to the page", () => {
    expect(toSearchFieldError({ message: "The search was cancelled; try again." })).toBeNull();
    expect(toSearchFieldError({ field: "series", message: "series: unknown series pe" })).toBeNull();
    expect(toSearchFieldError({ message: "body: invalid value" })).toBeNull();
  });
});
