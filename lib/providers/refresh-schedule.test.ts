import { describe, expect, it } from "vitest";
import { DAILY_REFRESH_CRON, DAILY_REFRESH_TEXT, nextDailyRefresh } from "@/lib/providers/refresh-schedule";

describe("nextDailyRefresh", () => {
  it("is today's 06:15 UTC before it, and tomorrow's at or after it (across a month's end)", () => {
    expect(nextDailyRefresh(new Date("2026-03-10T05:59:00Z")).toISOString()).toBe("2026-03-10T06:15:00.000Z");
    expect(nextDailyRefresh(new Date("2026-03-10T06:15:00Z")).toISOString()).toBe("2026-03-11T06:15:00.000Z");
    expect(nextDailyRefresh(new Date("2026-03-31T23:00:00Z")).toISOString()).toBe("2026-04-01T06:15:00.000Z");
  });

  it("says the same time as the cron the worker schedules", () => {
    expect([DAILY_REFRESH_CRON, DAILY_REFRESH_TEXT]).toEqual(["15 6 * * *", "daily at 06:15 UTC"]);
  });
});
