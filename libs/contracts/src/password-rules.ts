/**
 * The password rules, in one place for the API that enforces them and the web page that states
 * them. This file imports nothing, so the page bundles it as it is. The list of common passwords
 * is data the API holds; here it is a predicate passed in.
 *
 * NIST SP 800-63B: a minimum length, any characters, no composition rules, and a check against
 * passwords known to be common or breached.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** Fewer distinct characters than this is a pattern, not a password (`aaaaaaaaaa`, `1212121212`). */
export const PASSWORD_MIN_DISTINCT = 4;

export type PasswordRule = 'length' | 'contains-username' | 'too-few-distinct' | 'common-password';

/** What each rule asks, as the page states it before anyone types. */
export const PASSWORD_HINT = `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} 个字符；不能包含用户名；不能是常见密码（如 password12、1234567890），也不能是常见密码加数字或符号。`;

/** Why a password was refused, naming the rule it broke. */
export function passwordRuleMessage(rule: PasswordRule): string {
  switch (rule) {
    case 'length':
      return `密码长度须为 ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} 个字符。`;
    case 'contains-username':
      return '密码不能包含用户名。';
    case 'too-few-distinct':
      return `密码过于简单，请使用至少 ${PASSWORD_MIN_DISTINCT} 个不同的字符。`;
    case 'common-password':
      return '该密码属于常见密码（或由常见密码加数字、符号组成），很容易被猜中，请换一个。';
    default: {
      const unknown: never = rule;
      return unknown;
    }
  }
}

/** The form a password is compared in: Unicode-normalised (full-width `ａ` is `a`), lower case. */
export const normalisedPassword = (password: string): string => password.normalize('NFKC').toLowerCase();

/**
 * The part of a password left when digits, spaces and punctuation are taken off both ends:
 * `Password2026!` → `password`. A common password dressed up this way is still common.
 */
export const passwordCore = (password: string): string =>
  normalisedPassword(password).replace(/^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu, '');

/**
 * The first rule a password breaks, or undefined when it keeps them all. `isCommon` answers for
 * a normalised candidate; without it the common-password rule is not checked (the page).
 */
export function brokenPasswordRule(
  password: string,
  username: string,
  isCommon?: (normalised: string) => boolean,
): PasswordRule | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) return 'length';
  const normalised = normalisedPassword(password);
  const name = normalisedPassword(username.trim());
  if (name.length > 0 && normalised.includes(name)) return 'contains-username';
  if (new Set(normalised).size < PASSWORD_MIN_DISTINCT) return 'too-few-distinct';
  if (isCommon) {
    const core = passwordCore(password);
    if (isCommon(normalised) || (core.length >= 4 && isCommon(core))) return 'common-password';
  }
  return undefined;
}
