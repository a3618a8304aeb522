import { IsIn, IsInt, IsObject, Min } from 'class-validator';
import { CAMPAIGN_KINDS, type CampaignKind, type Sections } from '@sg/domain';
import { CalendarDate, Field, Nested, OptionalField, OptionalText, RequiredText, Text } from '../http/fields';

const CampaignDate = (doc: { example: string; description?: string }): PropertyDecorator =>
  CalendarDate(doc, { message: '日期应为 YYYY-MM-DD' });

export class WindowDto {
  @CampaignDate({ example: '2022-01-04' })
  opens!: string;

  @CampaignDate({ example: '2022-01-10' })
  closes!: string;
}

export class WindowsDto {
  @Nested(WindowDto, { description: '个人自评' })
  individual!: WindowDto;

  @Nested(WindowDto, { description: '建设单位（部门）自评' })
  unit!: WindowDto;

  @Nested(WindowDto, { description: '建设组自评' })
  group!: WindowDto;

  @Nested(WindowDto, { description: '学校自评总结' })
  school!: WindowDto;
}

export class OpenCampaignDto {
  @Field(
    { enum: Object.keys(CAMPAIGN_KINDS), description: 'annual 年度 / mid-term 中期 / final 终期' },
    IsIn(Object.keys(CAMPAIGN_KINDS), {
      message: '自评类型应为 annual（年度）、mid-term（中期）或 final（终期）',
    }),
  )
  kind!: CampaignKind;

  @OptionalText(100, { example: '2021 年中期绩效自评' })
  title?: string;

  @CampaignDate({ example: '2019-01-01' })
  periodStart!: string;

  @CampaignDate({ example: '2021-12-31' })
  periodEnd!: string;

  @CampaignDate({ example: '2021-12-31', description: '统计截止日期：报告中的数据截至此日' })
  cutoff!: string;

  @Nested(WindowsDto)
  windows!: WindowsDto;
}

export class SaveReportDto {
  @Field(
    {
      description:
        '五个部分的 HTML：completion 建设任务完成情况、outcomes 建设成效、features 特色与创新、problems 存在问题及分析、plans 下一步工作计划',
    },
    IsObject(),
  )
  sections!: Sections;

  @OptionalField({ description: '编辑时看到的版本号；已被他人修改时拒绝保存' }, IsInt(), Min(0))
  expectedVersion?: number;
}

export class OpinionDto {
  @RequiredText(2000, { example: '同意。' }, { message: '请填写签署意见' })
  opinion!: string;
}

export class ReturnDto {
  @RequiredText(2000, { example: '请补充资金执行情况。' }, { message: '请说明退回原因' })
  reason!: string;
}

export class TypicalCaseDto {
  @RequiredText(100, { example: '校企共建 VR 化工实训基地' }, { message: '请填写案例标题' })
  title!: string;

  @Text(100_000, { description: '案例正文（HTML），不少于 1000 字' })
  html!: string;
}
