import { dateIn } from '@sg/application';

/** Every date and time a user reads is in the plan's time zone (its notification settings). */
export { dateIn as localDate };

/** An instant as `YYYY-MM-DD HH:mm:ss` wall-clock time in `timeZone`. */
export function localDateTime(instant: Date | string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** How a column header names the zone its times are in. */
export function zoneLabel(timeZone: string): string {
  return timeZone === 'Asia/Shanghai' ? '北京时间' : timeZone;
}
