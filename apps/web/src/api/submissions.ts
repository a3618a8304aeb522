/** How the pages write submissions' figures (shapes: @sg/contracts). */

export const RULE_NAMES: Record<string, string> = { any: '或签', all: '会签', share: '按比例' };

/** A percentage typed by a person ("39.5") as the API's completion fraction ("0.395"). */
export function percentToFraction(percent: number): string {
  return (Math.round(percent * 100) / 10000).toFixed(4).replace(/\.?0+$/, '');
}

export function fractionToPercent(fraction: string): number {
  return Math.round(Number(fraction) * 10000) / 100;
}

/** A byte count as people read a file limit: "50 MB", "1.5 MB". */
export const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The upload hint's size clause, once the server has said its limit. */
export const sizeHint = (maxBytes: number | undefined) =>
  maxBytes === undefined ? '' : `，单个文件不超过 ${megabytes(maxBytes)}`;
