import { DECLARED_MEASURES, INDICATOR_CATEGORIES, INDICATOR_SUBCATEGORIES } from '@sg/domain';
import type { Reconciliation } from '@sg/read-models';
import type { Paragraph, Table } from 'docx';
import type { SelfEvaluationInput } from './self-evaluation.document';
import { body, heading, htmlAsDocx, type Tables } from './self-evaluation.parts';

/** 附件：典型案例 — each 省级及以上 标志性成果's case as its achiever wrote it. */
export function typicalCasesAppendix(input: SelfEvaluationInput, tables: Tables): (Paragraph | Table)[] {
  const n = input.narratives;
  if (!n || n.typicalCases.length === 0) return [];
  return [
    heading(1, '附件：典型案例'),
    ...n.typicalCases.flatMap((c, i) => [
      heading(2, `案例${i + 1}：${c.title}`),
      body(`对应标志性成果：${c.achievement}（${c.tier}）；撰写人：${c.author}`),
      ...htmlAsDocx(c.html, n, tables),
    ]),
  ];
}

/** Where a declared figure sits, in words: 学校层面 项目1 质量指标 1.2.3 任务完成率. */
function placeOf(f: Reconciliation['figures'][number]): string {
  return [
    f.level ?? '全校',
    f.project ? `项目${f.project}` : '',
    f.category ? INDICATOR_CATEGORIES[f.category].name : '',
    f.subcategory ? INDICATOR_SUBCATEGORIES[f.subcategory].name : '',
    f.row ?? '',
    DECLARED_MEASURES[f.measure],
  ]
    .filter(Boolean)
    .join(' ');
}

/** 附件: each figure a report with this cut-off declares that the log does not bear out. */
export function reconciliationAppendix(input: SelfEvaluationInput, tables: Tables): (Paragraph | Table)[] {
  const reports = (input.reconciliation ?? []).filter((r) => input.cutoff && r.cutoff === input.cutoff);
  if (reports.length === 0) return [];
  return [
    heading(1, '附件：报告数字与按记录计算值核对'),
    ...reports.flatMap((r) => {
      const mismatches = r.figures.filter((f) => f.status !== 'match');
      return [
        body(
          `《${r.report}》登记报告数字 ${r.figures.length} 个，其中与按记录计算值不一致或无对应计算值的 ` +
            `${mismatches.length} 个；本报告各表采用按记录计算的数值。`,
        ),
        ...(mismatches.length === 0
          ? []
          : tables.table(
              `《${r.report}》与计算值不一致的数字`,
              ['序号', '出处', '内容', '报告为', '按记录计算为'],
              mismatches.map((f, i) => [
                String(i + 1),
                f.source,
                placeOf(f),
                f.value,
                f.computed ?? '无对应计算值',
              ]),
            )),
      ];
    }),
  ];
}
