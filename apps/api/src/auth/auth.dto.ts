import { IsString, Matches } from 'class-validator';
import { PASSWORD_HINT } from '@sg/contracts';
import { GRANTABLE_ROLES, type GrantableRole } from '@sg/domain';
import { ReasonDto } from '../http/reason.dto';
import { Field, nestedList, OneOfField, OptionalField, RequiredText, Text } from '../http/fields';

export { ReasonDto };

export class LoginDto {
  @RequiredText(64, { example: 'admin' })
  username!: string;

  @RequiredText(256)
  password!: string;
}

export class ChangeOwnPasswordDto {
  @RequiredText(256)
  currentPassword!: string;

  @Text(256, { description: PASSWORD_HINT })
  newPassword!: string;
}

/** A grantable role and the scope it holds over: `*`, `plan:<id>` or `project:<id>`. */
const ROLE = (): PropertyDecorator => OneOfField(GRANTABLE_ROLES);
const SCOPE = (doc: { example?: string; description?: string } = {}): PropertyDecorator =>
  Field(doc, IsString(), Matches(/^(\*|(plan|project):[0-9a-zA-Z-]{1,64})$/));

export class RoleGrantDto extends ReasonDto {
  @ROLE()
  role!: GrantableRole;

  @SCOPE({ example: 'project:0190…', description: '* 表示全部；plan:<方案编号>；project:<项目编号>' })
  scope!: string;
}

class InitialRoleDto {
  @ROLE()
  role!: GrantableRole;

  @SCOPE()
  scope!: string;
}

export class CreateUserDto extends ReasonDto {
  @Text(64, { example: 'zhang.san', description: '3–32 位小写字母、数字或 . _ -' })
  username!: string;

  @RequiredText(50, { example: '张三' })
  displayName!: string;

  @Text(256, { description: `初始密码：${PASSWORD_HINT}` })
  password!: string;

  @OptionalField({ type: [InitialRoleDto] }, ...nestedList(InitialRoleDto, 20))
  roles?: InitialRoleDto[];
}

export class ResetPasswordDto extends ReasonDto {
  @Text(256, { description: `新密码：${PASSWORD_HINT}` })
  newPassword!: string;
}
