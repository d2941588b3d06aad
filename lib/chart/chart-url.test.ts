import { describe, expect, it } from "vitest";
import { buildChartQuery, parseChartUrl } from "@/lib/chart/chart-url";

describe("chart URLs", () => {
  it("round-trips a full view", () => {
    const state = parseChartUrl(new URLSearchParams("from=2019-01-02&to=2019-06-28&log=1&ma=50,200&hl=2019-03-01..2019-04-01&h=20&via=search"));
    expect(state).toEqual({ from: "2019-01-02", to: "2019-06-28", log: true, ma: [50, 200], hl: { from: "2019-03-01", to: "2019-04-01" }, horizon: 20, via: "search" });
    expect(buildChartQuery(state)).toBe("?from=2019-01-02&to=2019-06-28&log=1&ma=50,200&hl=2019-03-01..2019-04-01&h=20&via=search");
  });

  it("uses all three moving averages by default and keeps the URL empty for the default view", () => {
    const state = parseChartUrl({});
    expect(state).toEqual({ log: false, ma: [20, 50, 200] });
    expect(buildChartQuery(state)).toBe("");
    expect(buildChartQuery({ ...state, ma: [] })).toBe("?ma=none");
    expect(parseChartUrl({ ma: "none" }).ma).toEqual([]);
  });

  it("defaults to the cadence's own moving averages and leaves them out of the URL", () => {
    const monthly = [6, 12];
    const state = parseChartUrl({}, monthly);
    expect(state.ma).toEqual([6, 12]);
    expect(buildChartQuery(state, monthly)).toBe("");
    expect(buildChartQuery({ ...state, ma: [12] }, monthly)).toBe("?ma=12");
    expect(parseChartUrl({ ma: "12" }, monthly).ma).toEqual([12]);
  });

  it("drops malformed values instead of failing", () => {
    const state = parseChartUrl({ from: "yesterday", to: "2020-13", ma: "7,20,abc", hl: "2020-02-01..2020-01-01", log: "yes", via: "elsewhere" });
    expect(state).toEqual({ log: false, ma: [20] });
  });

  it("swaps a reversed from/to", () => {
    expect(parseChartUrl({ from: "2020-05-01", to: "2020-01-01" })).toMatchObject({ from: "2020-01-01", to: "2020-05-01" });
  });
});
