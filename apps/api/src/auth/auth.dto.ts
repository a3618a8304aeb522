import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PASSWORD_HINT } from '@sg/contracts';
import { GRANTABLE_ROLES, type GrantableRole } from '@sg/domain';
import { ReasonDto } from '../http/reason.dto';

export { ReasonDto };

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password!: string;
}

export class ChangeOwnPasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ description: PASSWORD_HINT })
  @IsString()
  @MaxLength(256)
  newPassword!: string;
}

export class RoleGrantDto extends ReasonDto {
  @ApiProperty({ enum: GRANTABLE_ROLES })
  @IsIn(GRANTABLE_ROLES)
  role!: GrantableRole;

  @ApiProperty({ example: 'project:0190…', description: '* 表示全部；plan:<方案编号>；project:<项目编号>' })
  @IsString()
  @Matches(/^(\*|(plan|project):[0-9a-zA-Z-]{1,64})$/)
  scope!: string;
}

class InitialRoleDto {
  @ApiProperty({ enum: GRANTABLE_ROLES })
  @IsIn(GRANTABLE_ROLES)
  role!: GrantableRole;

  @ApiProperty()
  @IsString()
  @Matches(/^(\*|(plan|project):[0-9a-zA-Z-]{1,64})$/)
  scope!: string;
}

export class CreateUserDto extends ReasonDto {
  @ApiProperty({ example: 'zhang.san', description: '3–32 位小写字母、数字或 . _ -' })
  @IsString()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: '张三' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  displayName!: string;

  @ApiProperty({ description: `初始密码：${PASSWORD_HINT}` })
  @IsString()
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({ type: [InitialRoleDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => InitialRoleDto)
  roles?: InitialRoleDto[];
}

export class ResetPasswordDto extends ReasonDto {
  @ApiProperty({ description: `新密码：${PASSWORD_HINT}` })
  @IsString()
  @MaxLength(256)
  newPassword!: string;
}
