import { Input, Select } from 'antd';
import type { UserView } from '@sg/contracts';
import { useApi } from '../../api/use-api';

/** A person, picked from the user list when the office may read it, else typed as a user id. */
export function UserSelect(props: {
  value?: string;
  onChange?: (value: string) => void;
  placeholder?: string;
}) {
  const users = useApi<UserView[]>('/api/users');
  if (!users.data) {
    return (
      <Input
        value={props.value}
        onChange={(e) => props.onChange?.(e.target.value)}
        placeholder={props.placeholder ?? '用户编号'}
      />
    );
  }
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      value={props.value}
      onChange={props.onChange}
      placeholder={props.placeholder ?? '选择用户'}
      options={users.data
        .filter((u) => !u.disabled)
        .map((u) => ({ value: u.userId, label: `${u.displayName}（${u.username}）` }))}
    />
  );
}
