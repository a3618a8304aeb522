import { dictionary } from '@zxcvbn-ts/language-common';
import { normalisedPassword } from '@sg/contracts';

/**
 * The common-password list of zxcvbn-ts (about 49,000 passwords ranked by frequency in public
 * breach corpora), shipped as data in `@zxcvbn-ts/language-common`. Read once, on first use.
 */
let common: ReadonlySet<string> | undefined;

export function isCommonPassword(normalised: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map(normalisedPassword));
  return common.has(normalised);
}
