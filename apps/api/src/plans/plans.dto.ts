import { ReasonDto } from '../http/reason.dto';
import { IsString, Matches } from 'class-validator';
import { EntityIdField, Field, OneOfField, RequiredText, YearField } from '../http/fields';

export class CreatePlanDto extends ReasonDto {
  @RequiredText(200, { example: '中国特色高水平高职学校建设方案' })
  name!: string;

  @RequiredText(200, { example: '某某职业技术学院' })
  school!: string;

  @YearField({ example: 2019 })
  startYear!: number;

  @YearField({ example: 2023 })
  endYear!: number;
}

export class AddLevelDto extends ReasonDto {
  @RequiredText(100, { example: '学校层面' })
  name!: string;

  @OneOfField(['school', 'group'], 'school 学校层面；group 专业群层面')
  kind!: 'school' | 'group';

  @Field(
    { example: '0.3', description: '在总分中的权重，0–1 的小数（文本，精确计算）' },
    IsString(),
    Matches(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/),
  )
  weight!: string;
}

export class AddProjectDto extends ReasonDto {
  @EntityIdField('所属层面编号')
  levelId!: string;

  @RequiredText(20, { example: '1', description: '项目编号（层面内唯一）' })
  code!: string;

  @RequiredText(200, { example: '党建引领示范' })
  name!: string;
}
