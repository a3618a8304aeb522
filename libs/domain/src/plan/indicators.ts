/** 一级指标 with their points in the national template. */
export const INDICATOR_CATEGORIES = {
  output: { name: '产出指标', points: '50' },
  benefit: { name: '效益指标', points: '30' },
  satisfaction: { name: '满意度指标', points: '10' },
  management: { name: '管理与执行指标', points: '10' },
} as const;
export type IndicatorCategory = keyof typeof INDICATOR_CATEGORIES;

/** 二级指标, each under one 一级. */
export const INDICATOR_SUBCATEGORIES = {
  quantity: { category: 'output', name: '数量指标' },
  quality: { category: 'output', name: '质量指标' },
  timeliness: { category: 'output', name: '时效指标' },
  cost: { category: 'output', name: '成本指标' },
  economic: { category: 'benefit', name: '经济效益指标' },
  social: { category: 'benefit', name: '社会效益指标' },
  ecological: { category: 'benefit', name: '生态效益指标' },
  sustainable: { category: 'benefit', name: '可持续影响指标' },
  satisfaction: { category: 'satisfaction', name: '满意度指标' },
  funds: { category: 'management', name: '资金管理指标' },
  project: { category: 'management', name: '项目管理指标' },
} as const satisfies Record<string, { category: IndicatorCategory; name: string }>;
export type IndicatorSubcategory = keyof typeof INDICATOR_SUBCATEGORIES;
