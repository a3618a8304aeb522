import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ReasonDto } from '../http/reason.dto';

export class NotificationPreferencesDto extends ReasonDto {
  @ApiProperty({ description: '接收邮件提醒（须填写邮箱）' })
  @IsBoolean()
  email!: boolean;

  @ApiPropertyOptional({ nullable: true, example: 'zhang@example.edu.cn' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  emailAddress!: string | null;

  @ApiPropertyOptional({ nullable: true, description: '手机号，用于在企业微信、钉钉群消息中@本人' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  mobile!: string | null;

  @ApiProperty({ description: '在企业微信群提醒中@我' })
  @IsBoolean()
  wecom!: boolean;

  @ApiProperty({ description: '在钉钉群提醒中@我' })
  @IsBoolean()
  dingtalk!: boolean;

  @ApiPropertyOptional({
    description: '每日汇总：邮件每天汇总成一封（次日发送），站内通知仍即时显示；须开启邮件提醒',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  digest?: boolean;
}

class ThresholdsDto {
  @ApiProperty({ example: 7, description: '到期前几天提醒任务负责人' })
  @IsInt()
  @Min(0)
  @Max(365)
  dueSoonDays!: number;

  @ApiProperty({ example: 7, description: '逾期任务每隔几天再提醒' })
  @IsInt()
  @Min(1)
  @Max(365)
  overdueRepeatDays!: number;

  @ApiProperty({ example: 3, description: '被退回几天未重新提交即提醒' })
  @IsInt()
  @Min(1)
  @Max(365)
  rejectedAfterDays!: number;

  @ApiProperty({ example: 3, description: '待审核等待几天即催办审核人' })
  @IsInt()
  @Min(1)
  @Max(365)
  reviewWaitDays!: number;

  @ApiProperty({ example: 3, description: '再过几天升级催办项目负责人' })
  @IsInt()
  @Min(1)
  @Max(365)
  escalateToLeadDays!: number;

  @ApiProperty({ example: 4, description: '再过几天升级至项目办' })
  @IsInt()
  @Min(1)
  @Max(365)
  escalateToOfficeDays!: number;
}

class ChannelsDto {
  @ApiProperty({ description: '推送到企业微信群机器人' })
  @IsBoolean()
  wecom!: boolean;

  @ApiProperty({ description: '推送到钉钉群机器人' })
  @IsBoolean()
  dingtalk!: boolean;
}

export class NotificationSettingsDto extends ReasonDto {
  @ApiProperty({ example: '0 8 * * *', description: '每日提醒扫描时间（cron）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reminderCron!: string;

  @ApiProperty({
    example: '0 9 1 * *',
    description: '简报生成时间（cron，默认每月 1 日 9 点；每周可用 "0 9 * * 1"）',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  briefingCron!: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  timezone!: string;

  @ApiProperty({ type: ThresholdsDto })
  @ValidateNested()
  @Type(() => ThresholdsDto)
  thresholds!: ThresholdsDto;

  @ApiProperty({ type: ChannelsDto })
  @ValidateNested()
  @Type(() => ChannelsDto)
  channels!: ChannelsDto;
}

export class DraftBriefingDto extends ReasonDto {
  @ApiPropertyOptional({ example: '2026-10-31', description: '统计截止日期，默认上一个完整月份的最后一天' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'periodEnd 应为日期（YYYY-MM-DD）' })
  periodEnd?: string;
}

export class CountsQueryDto {
  @ApiPropertyOptional({
    example: '2',
    description: '页面已知的未读通知数；与 reviews、wait 一起给出时，计数变化才应答',
  })
  @IsOptional()
  @Matches(/^\d{1,6}$/)
  unread?: string;

  @ApiPropertyOptional({ example: '1', description: '页面已知的待办审核数' })
  @IsOptional()
  @Matches(/^\d{1,6}$/)
  reviews?: string;

  @ApiPropertyOptional({ example: '25', description: '最多等待的秒数（0–30，默认 0：立即应答）' })
  @IsOptional()
  @Matches(/^([0-9]|[12][0-9]|30)$/)
  wait?: string;
}

export class BriefingSectionDto extends ReasonDto {
  @ApiProperty({
    example: '学院召开双高建设推进会……',
    description: '栏目正文（最多 5000 字；空白则清空该栏目）',
  })
  @IsString({ message: 'text 应为文字' })
  // The decider counts characters and says so in Chinese; this only bounds the request.
  @MaxLength(20_000, { message: 'text 过长' })
  text!: string;

  @ApiPropertyOptional({ type: [String], description: '本栏目的照片（先上传到这期简报）' })
  @IsOptional()
  @IsArray({ message: 'photoIds 应为照片编号的列表' })
  @ArrayMaxSize(50, { message: 'photoIds 过多' })
  @IsString({ each: true, message: 'photoIds 应为照片编号的列表' })
  photoIds?: string[];
}
