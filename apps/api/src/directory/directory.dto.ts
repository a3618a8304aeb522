import { ArrayMaxSize, IsArray, IsIn, Matches, ValidateIf } from 'class-validator';
import { GRANTABLE_ROLES } from '@sg/domain';
import { ReasonDto } from '../http/reason.dto';
import { Field, OptionalField, OptionalText, queryInt, RequiredText } from '../http/fields';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ID_MESSAGE = '部门编号格式不正确';
export const PERSON_ROLES = [...GRANTABLE_ROLES, 'task-owner'] as const;

export class DefineDepartmentDto extends ReasonDto {
  @RequiredText(50, { example: '教务处', description: '部门（建设单位）名称，全校唯一' })
  name!: string;
}

export class UserDepartmentDto extends ReasonDto {
  @Field(
    { nullable: true, description: '所属部门编号；null 为不属于任何部门' },
    ValidateIf((_, value) => value !== null),
    Matches(ID, { message: ID_MESSAGE }),
  )
  departmentId!: string | null;
}

export class TaskUnitsDto extends ReasonDto {
  @Field({ description: '牵头单位（部门编号）' }, Matches(ID, { message: ID_MESSAGE }))
  leadDepartmentId!: string;

  @OptionalField(
    { type: [String], description: '参与单位（部门编号，至多 20 个）' },
    IsArray(),
    ArrayMaxSize(20),
    Matches(ID, { each: true, message: ID_MESSAGE }),
  )
  participantDepartmentIds?: string[];
}

export class PeopleQueryDto {
  @OptionalText(50, { description: '按姓名查找（可管理用户者也可按用户名）' })
  q?: string;

  @OptionalField({ description: '只列此部门的人员（部门编号）' }, Matches(ID, { message: ID_MESSAGE }))
  department?: string;

  @OptionalField(
    { enum: PERSON_ROLES, description: '只列在本方案中担任此角色的人员' },
    IsIn(PERSON_ROLES, {
      message: 'role：角色应为 office、leadership、project-lead、reviewer、auditor 或 task-owner',
    }),
  )
  role?: string;

  @OptionalField({ example: 1, description: '页码（从 1 开始）' }, ...queryInt(1, 10000))
  page?: number;

  @OptionalField({ example: 20, description: '每页人数（1–100，默认 20）' }, ...queryInt(1, 100))
  pageSize?: number;
}
