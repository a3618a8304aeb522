import {
  brokenPasswordRule,
  PASSWORD_HINT,
  PASSWORD_MIN_LENGTH,
  passwordCore,
  passwordRuleMessage,
  type PasswordRule,
} from './password-rules';

const COMMON = new Set(['password', 'password12', '1234567890', 'dragon', 'qwertyuiop']);
const isCommon = (candidate: string) => COMMON.has(candidate);

describe('password rules', () => {
  it.each<[string, string, PasswordRule | undefined]>([
    ['short', 'li.si', 'length'],
    ['x'.repeat(129), 'li.si', 'length'],
    ['Teacher-密码-2026', 'li.si', undefined],
    ['Office-密码-2026!', 'admin', undefined],
    ['zhang.san-2026-ok', 'zhang.san', 'contains-username'],
    ['ZHANG.SAN-2026-ok', 'zhang.san', 'contains-username'],
    ['ｚｈａｎｇ.ｓａｎ-2026', 'zhang.san', 'contains-username'],
    ['1212121212', 'li.si', 'too-few-distinct'],
    ['1234567890', 'li.si', 'common-password'],
    ['password12', 'li.si', 'common-password'],
    ['PASSWORD12', 'li.si', 'common-password'],
    ['Password2026!', 'li.si', 'common-password'],
    ['!!Dragon-2026', 'li.si', 'common-password'],
    ['Dragonfly-2026', 'li.si', undefined],
  ])('%s for %s: %s', (password, username, rule) => {
    expect(brokenPasswordRule(password, username, isCommon)).toBe(rule);
  });

  it('checks every rule but the list when no list is given (the page)', () => {
    expect(brokenPasswordRule('password12', 'li.si')).toBeUndefined();
    expect(brokenPasswordRule('short', 'li.si')).toBe('length');
  });

  it('takes digits and punctuation off both ends only', () => {
    expect(passwordCore('2026-Pass word!!')).toBe('pass word');
    expect(passwordCore('1234567890')).toBe('');
  });

  it('states the same minimum in the hint and in the refusal, in Chinese', () => {
    expect(PASSWORD_HINT).toContain(`${PASSWORD_MIN_LENGTH}–128 个字符`);
    expect(passwordRuleMessage('length')).toBe('密码长度须为 10–128 个字符。');
    for (const rule of ['length', 'contains-username', 'too-few-distinct', 'common-password'] as const)
      expect(passwordRuleMessage(rule)).toMatch(/[\u4e00-\u9fff]/);
  });
});
