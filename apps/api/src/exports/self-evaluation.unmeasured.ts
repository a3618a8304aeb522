import { Paragraph, TextRun } from 'docx';

/**
 * 贡献度 and 社会认可度: the source report writes them as narrative (services, awards, survey
 * results of students, parents, graduates and employers) and defines no formula for either, and
 * the platform records no survey. The document says so instead of printing a number.
 */
export const NOT_COMPUTED: Record<'contribution' | 'recognition', string> = {
  contribution:
    '【系统未计算】贡献度没有统一的计算口径（来源报告以叙述方式说明对区域经济、行业发展的贡献），本平台不生成贡献度数值。' +
    '请由学校在自评中撰写，相关的社会服务类指标见上文质量指标与效益指标表。',
  recognition:
    '【系统未计算】社会认可度来自学生、家长、毕业生和用人单位的问卷调查，本平台不记录问卷，不生成认可度或满意度百分比。' +
    '请由学校根据调查结果撰写；已作为绩效指标录入的满意度见上文满意度指标表。',
};

export const notComputed = (what: keyof typeof NOT_COMPUTED): Paragraph[] => [
  new Paragraph({ style: 'BodyText', children: [new TextRun(NOT_COMPUTED[what])] }),
];
