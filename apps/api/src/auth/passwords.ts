import { Algorithm, hash, verify } from '@node-rs/argon2';
import { DomainError } from '@sg/domain';

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

/** NIST SP 800-63B: at least 8 characters (we ask 10), any characters, at most 128. */
export function requireAcceptablePassword(password: string, username: string): void {
  const length = [...password].length;
  if (length < 10 || length > 128) {
    throw new DomainError('invalid', 'weak-password', '密码长度须为 10–128 个字符。');
  }
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw new DomainError('invalid', 'weak-password', '密码不能包含用户名。');
  }
  if (new Set(password).size < 4) {
    throw new DomainError('invalid', 'weak-password', '密码过于简单，请使用更多不同的字符。');
  }
}
