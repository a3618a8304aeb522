/** Chinese names of the event types, for the audit filter and table. */
export const EVENT_NAMES: Record<string, string> = {
  PlanCreated: '新建方案',
  LevelAdded: '添加层面',
  ProjectAdded: '添加项目',
  TaskDefined: '新建任务',
  TaskProgressRecorded: '记录进展',
  IndicatorDefined: '定义指标',
  IndicatorValueRecorded: '记录指标值',
  FundSourcesConfigured: '设置资金来源',
  FundsRecorded: '记录资金',
  SurveyRecorded: '记录满意度调查',
  AchievementRecorded: '登记标志性成果',
  ReportFiguresDeclared: '登记报告数字',
  ApprovalChainConfigured: '配置审核流程',
  EvidenceUploaded: '上传佐证材料',
  Submitted: '提交进展',
  StageApproved: '本环节通过',
  StageCompleted: '环节完成',
  SubmissionApproved: '审核通过',
  SubmissionRejected: '退回',
  SubmissionWithdrawn: '撤回',
  ReviewTransferred: '转办',
  EvidenceChanged: '更换佐证材料',
  ApprovalsReset: '审核意见作废',
  ApprovalRefused: '拒绝自审',
  CommentAdded: '评论',
  UserRegistered: '新建用户',
  UsernameReserved: '占用用户名',
  RoleGranted: '授予角色',
  RoleRevoked: '撤销角色',
  UserDisabled: '停用账号',
  UserEnabled: '启用账号',
  PasswordChanged: '修改密码',
};

export function eventName(type: string): string {
  return EVENT_NAMES[type] ?? '其他事件';
}
