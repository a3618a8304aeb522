import type { FormRule } from 'antd';
// The rules the API enforces, from the contract both import.
import { brokenPasswordRule, PASSWORD_HINT, PASSWORD_MAX_LENGTH, passwordRuleMessage } from '@sg/contracts';

export { PASSWORD_HINT, PASSWORD_MAX_LENGTH };

/**
 * Form rules for a new password: every rule but the common-password list is checked as the
 * person types (the API checks the list too, and names the rule). The account's name is given,
 * or read from another field of the same form.
 */
export function newPasswordRules(username: string | { field: string }): FormRule[] {
  return [
    { required: true, message: '请填写密码' },
    ({ getFieldValue }) => ({
      validator: (_, value: string | undefined) => {
        const name = typeof username === 'string' ? username : String(getFieldValue(username.field) ?? '');
        const rule = value ? brokenPasswordRule(value, name) : undefined;
        return rule ? Promise.reject(new Error(passwordRuleMessage(rule))) : Promise.resolve();
      },
    }),
  ];
}
