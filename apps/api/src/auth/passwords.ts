import { Algorithm, hash, verify } from '@node-rs/argon2';
import { brokenPasswordRule, passwordRuleMessage } from '@sg/contracts';
import { DomainError } from '@sg/domain';
import { isCommonPassword } from './common-passwords';

/** OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB, 2 iterations, 1 lane. */
const ARGON2ID = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Verified when the user does not exist, so the answer takes as long either way. */
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/**
 * Refuses a password that breaks one of the rules the page states (libs/domain password-rules),
 * checked against the common-password list as well; the message names the rule.
 */
export function requireAcceptablePassword(password: string, username: string): void {
  const rule = brokenPasswordRule(password, username, isCommonPassword);
  if (rule) throw new DomainError('invalid', 'weak-password', passwordRuleMessage(rule), { rule });
}
