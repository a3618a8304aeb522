import { EvidenceRefused } from './refusal';

/** The refusals shared by every format's inspector: one code and message per class of content. */
export const refuse = {
  macros: () =>
    new EvidenceRefused(
      'active-content',
      '文档中含有宏（VBA 宏或 Excel 4.0 宏表），不予接收。请另存为不含宏的文档（DOCX、XLSX、PPTX）后上传。',
    ),
  activeX: () =>
    new EvidenceRefused(
      'active-content',
      '文档中含有 ActiveX 控件或自定义工具栏，不予接收。请删除后再上传。',
    ),
  embeddedObject: () =>
    new EvidenceRefused(
      'active-content',
      '文档中嵌入了 OLE 对象（如“程序包”、公式编辑器对象或其他程序的对象），打开时可能运行程序，不予接收。请将嵌入的对象转换为图片或单独上传。',
    ),
  executable: () => new EvidenceRefused('active-content', '文档中夹带了可执行程序或脚本，不予接收。'),
  external: () =>
    new EvidenceRefused(
      'external-reference',
      '文档打开时会从外部地址加载内容（如远程模板、外部数据链接或链接的对象），不予接收。请断开外部链接后另存再上传。',
    ),
  encrypted: () =>
    new EvidenceRefused('encrypted-file', '文件设置了密码或已加密，无法检查其内容。请取消密码后再上传。'),
  tooDeep: (maxDepth: number) =>
    new EvidenceRefused(
      'nesting-too-deep',
      `文档中嵌套的文件超过 ${maxDepth} 层（文件里套文件），无法检查，不予接收。`,
    ),
  damagedPackage: (detail = '压缩包结构损坏，无法作为 Office 文档打开。') =>
    new EvidenceRefused('damaged-file', detail),
};
