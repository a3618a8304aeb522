import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { GRANTABLE_ROLES } from '@sg/domain';
import { ReasonDto } from '../http/reason.dto';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ID_MESSAGE = '部门编号格式不正确';
export const PERSON_ROLES = [...GRANTABLE_ROLES, 'task-owner'] as const;

export class DefineDepartmentDto extends ReasonDto {
  @ApiProperty({ example: '教务处', description: '部门（建设单位）名称，全校唯一' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name!: string;
}

export class UserDepartmentDto extends ReasonDto {
  @ApiProperty({ nullable: true, description: '所属部门编号；null 为不属于任何部门' })
  @ValidateIf((_, value) => value !== null)
  @Matches(ID, { message: ID_MESSAGE })
  departmentId!: string | null;
}

export class TaskUnitsDto extends ReasonDto {
  @ApiProperty({ description: '牵头单位（部门编号）' })
  @Matches(ID, { message: ID_MESSAGE })
  leadDepartmentId!: string;

  @ApiPropertyOptional({ type: [String], description: '参与单位（部门编号，至多 20 个）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ID, { each: true, message: ID_MESSAGE })
  participantDepartmentIds?: string[];
}

export class PeopleQueryDto {
  @ApiPropertyOptional({ description: '按姓名查找（可管理用户者也可按用户名）' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional({ description: '只列此部门的人员（部门编号）' })
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  department?: string;

  @ApiPropertyOptional({ enum: PERSON_ROLES, description: '只列在本方案中担任此角色的人员' })
  @IsOptional()
  @IsIn(PERSON_ROLES, {
    message: 'role：角色应为 office、leadership、project-lead、reviewer、auditor 或 task-owner',
  })
  role?: string;

  @ApiPropertyOptional({ example: 1, description: '页码（从 1 开始）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @ApiPropertyOptional({ example: 20, description: '每页人数（1–100，默认 20）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
