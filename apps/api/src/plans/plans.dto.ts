import { ReasonDto } from '../http/reason.dto';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class CreatePlanDto extends ReasonDto {
  @ApiProperty({ example: '中国特色高水平高职学校建设方案' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '某某职业技术学院' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  school!: string;

  @ApiProperty({ example: 2019 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  startYear!: number;

  @ApiProperty({ example: 2023 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  endYear!: number;
}

export class AddLevelDto extends ReasonDto {
  @ApiProperty({ example: '学校层面' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ['school', 'group'], description: 'school 学校层面；group 专业群层面' })
  @IsIn(['school', 'group'])
  kind!: 'school' | 'group';

  @ApiProperty({ example: '0.3', description: '在总分中的权重，0–1 的小数（文本，精确计算）' })
  @IsString()
  @Matches(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/)
  weight!: string;
}

export class AddProjectDto extends ReasonDto {
  @ApiProperty({ description: '所属层面编号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  levelId!: string;

  @ApiProperty({ example: '1', description: '项目编号（层面内唯一）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  code!: string;

  @ApiProperty({ example: '党建引领示范' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}
