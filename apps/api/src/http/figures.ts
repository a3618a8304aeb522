import { Exact } from '@sg/domain';

/** As the report prints a count or a share: half-up to two places, no trailing zeros (22.3, 8). */
export const figure = (value: string) => new Exact(value).toDecimalPlaces(2).toString();
/** A rate as the report prints it: 96.96%, 80%, 100%. */
export const percent = (rate: string) => `${figure(new Exact(rate).times(100).toString())}%`;
/** Points as the report prints them: always two places (1.50, 19.05). */
export { pointsForDisplay as points } from '@sg/domain';
