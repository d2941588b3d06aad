/** When the worker refreshes the provider symbols: daily at 06:15 UTC, after US markets' previous close is published. */
export const DAILY_REFRESH_UTC = { hour: 6, minute: 15 } as const;
export const DAILY_REFRESH_CRON = `${DAILY_REFRESH_UTC.minute} ${DAILY_REFRESH_UTC.hour} * * *`;

/** The next scheduled refresh after `now` (today's if it is still ahead, else tomorrow's). */
export function nextDailyRefresh(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DAILY_REFRESH_UTC.hour, DAILY_REFRESH_UTC.minute));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

const pad = (n: number) => String(n).padStart(2, "0");
export const DAILY_REFRESH_TEXT = `daily at ${pad(DAILY_REFRESH_UTC.hour)}:${pad(DAILY_REFRESH_UTC.minute)} UTC`;
