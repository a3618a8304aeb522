import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ReasonDto } from '../http/reason.dto';
import { Field, Flag, Nested, OptionalField, OptionalText, RequiredText } from '../http/fields';

/** A number of days, from `min` to a year. */
const Days = (min: number, doc: { example: number; description: string }): PropertyDecorator =>
  Field(doc, IsInt(), Min(min), Max(365));

export class NotificationPreferencesDto extends ReasonDto {
  @Flag('接收邮件提醒（须填写邮箱）')
  email!: boolean;

  @OptionalText(254, { nullable: true, example: 'zhang@example.edu.cn' })
  emailAddress!: string | null;

  @OptionalText(20, { nullable: true, description: '手机号，用于在企业微信、钉钉群消息中@本人' })
  mobile!: string | null;

  @Flag('在企业微信群提醒中@我')
  wecom!: boolean;

  @Flag('在钉钉群提醒中@我')
  dingtalk!: boolean;

  @OptionalField(
    {
      description: '每日汇总：邮件每天汇总成一封（次日发送），站内通知仍即时显示；须开启邮件提醒',
      default: false,
    },
    IsBoolean(),
  )
  digest?: boolean;
}

class ThresholdsDto {
  @Days(0, { example: 7, description: '到期前几天提醒任务负责人' })
  dueSoonDays!: number;

  @Days(1, { example: 7, description: '逾期任务每隔几天再提醒' })
  overdueRepeatDays!: number;

  @Days(1, { example: 3, description: '被退回几天未重新提交即提醒' })
  rejectedAfterDays!: number;

  @Days(1, { example: 3, description: '待审核等待几天即催办审核人' })
  reviewWaitDays!: number;

  @Days(1, { example: 3, description: '再过几天升级催办项目负责人' })
  escalateToLeadDays!: number;

  @Days(1, { example: 4, description: '再过几天升级至项目办' })
  escalateToOfficeDays!: number;
}

class ChannelsDto {
  @Flag('推送到企业微信群机器人')
  wecom!: boolean;

  @Flag('推送到钉钉群机器人')
  dingtalk!: boolean;
}

export class NotificationSettingsDto extends ReasonDto {
  @RequiredText(100, { example: '0 8 * * *', description: '每日提醒扫描时间（cron）' })
  reminderCron!: string;

  @RequiredText(100, {
    example: '0 9 1 * *',
    description: '简报生成时间（cron，默认每月 1 日 9 点；每周可用 "0 9 * * 1"）',
  })
  briefingCron!: string;

  @RequiredText(60, { example: 'Asia/Shanghai' })
  timezone!: string;

  @Nested(ThresholdsDto)
  thresholds!: ThresholdsDto;

  @Nested(ChannelsDto)
  channels!: ChannelsDto;
}

export class DraftBriefingDto extends ReasonDto {
  @OptionalField(
    { example: '2026-10-31', description: '统计截止日期，默认上一个完整月份的最后一天' },
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'periodEnd 应为日期（YYYY-MM-DD）' }),
  )
  periodEnd?: string;
}

export class CountsQueryDto {
  @OptionalField(
    { example: '2', description: '页面已知的未读通知数；与 reviews、wait 一起给出时，计数变化才应答' },
    Matches(/^\d{1,6}$/),
  )
  unread?: string;

  @OptionalField({ example: '1', description: '页面已知的待办审核数' }, Matches(/^\d{1,6}$/))
  reviews?: string;

  @OptionalField(
    { example: '25', description: '最多等待的秒数（0–30，默认 0：立即应答）' },
    Matches(/^([0-9]|[12][0-9]|30)$/),
  )
  wait?: string;
}

export class BriefingSectionDto extends ReasonDto {
  // The decider counts characters and says so in Chinese; this only bounds the request.
  @Field(
    {
      example: '学院召开双高建设推进会……',
      description: '栏目正文（最多 5000 字；空白则清空该栏目）',
    },
    IsString({ message: 'text 应为文字' }),
    MaxLength(20_000, { message: 'text 过长' }),
  )
  text!: string;

  @OptionalField(
    { type: [String], description: '本栏目的照片（先上传到这期简报）' },
    IsArray({ message: 'photoIds 应为照片编号的列表' }),
    ArrayMaxSize(50, { message: 'photoIds 过多' }),
    IsString({ each: true, message: 'photoIds 应为照片编号的列表' }),
  )
  photoIds?: string[];
}
