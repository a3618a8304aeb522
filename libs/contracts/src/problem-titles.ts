/**
 * What went wrong, in the user's terms, by status: the heading a page shows above the problem's
 * detail, which says exactly what. Never an HTTP reason phrase. The API titles its Problem
 * Details with these; the web uses them when an answer carries no Chinese title (a proxy's page).
 */
export const PROBLEM_TITLES: Readonly<Record<number, string>> = {
  400: '请求内容有误',
  401: '请先登录',
  403: '没有权限执行此操作',
  404: '找不到所要的内容',
  405: '不能这样操作',
  409: '与现有数据冲突',
  412: '数据已被他人修改',
  413: '文件或内容过大',
  415: '文件类型不受支持',
  422: '填写的内容有误',
  428: '缺少数据版本号',
  429: '操作过于频繁',
  500: '系统出错了',
  502: '系统暂时无法使用',
  503: '系统暂时无法使用',
  504: '系统响应超时',
};

/** A 409's code says which of three situations it is; the status alone does not. */
function titleOfCode(status: number, code: string): string | undefined {
  if (status !== 409) return undefined;
  if (/-(exists|taken)$/.test(code)) return '名称或编号已被使用';
  if (code === 'write-contention' || code === 'request-in-progress') return '数据正在被修改';
  return '当前状态不能执行此操作';
}

/** The zh-CN title of a problem: by its code family first, then by its status. */
export function problemTitle(status: number, code = ''): string {
  return (
    titleOfCode(status, code) ??
    PROBLEM_TITLES[status] ??
    (status >= 500 ? PROBLEM_TITLES[500] : PROBLEM_TITLES[400])
  );
}
