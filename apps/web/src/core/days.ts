const DAY = 86_400_000;

/** Whole days since a moment, never below 0: how long something has waited, as the worklists say it. */
export const daysSince = (moment: Date, now = Date.now()): number => Math.max(0, Math.floor((now - moment.getTime()) / DAY));
