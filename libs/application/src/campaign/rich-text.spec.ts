import { sanitizeReportHtml } from './rich-text';

describe('report rich text', () => {
  it('keeps what a report needs and drops scripts, handlers, styles and links', () => {
    expect(
      sanitizeReportHtml(
        '<h2 style="color:red" onclick="x()">一、概述</h2><script>alert(1)</script><p>正文<a href="javascript:x">链接</a><b>粗</b></p>',
      ),
    ).toBe('<h2>一、概述</h2><p>正文链接<strong>粗</strong></p>');
  });

  it('keeps only images uploaded as evidence, and known figure blocks', () => {
    const id = '0190a0a0-0000-7000-8000-000000000000';
    expect(
      sanitizeReportHtml(
        `<img src="/api/evidence/${id}" alt="图" onerror="x"><img src="https://evil/x.png"><img src="data:image/png;base64,AAAA">` +
          '<div data-sg-block="tasks" class="x"></div><div data-sg-block="secrets"></div>',
      ),
    ).toBe(`<img src="/api/evidence/${id}" alt="图" /><div data-sg-block="tasks"></div>`);
  });

  it('keeps headings, lists and tables pasted from Word', () => {
    const word = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body>
<h1 style='mso-outline-level:1'><span lang=ZH-CN>一、建设任务完成情况</span></h1>
<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span>&nbsp;&nbsp;</span></span><![endif]><span>第一项</span><o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>2.<span>&nbsp;&nbsp;</span></span><![endif]><span>第二项</span></p>
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><![if !supportLists]><span style='font-family:Symbol'>·<span>&nbsp;</span></span><![endif]>要点</p>
<table class=MsoTableGrid border=1 style='border-collapse:collapse'><tr><td width=100 style='width:1in' colspan=2><p class=MsoNormal>指标</p></td></tr></table>
</body></html>`;
    expect(sanitizeReportHtml(word).replace(/\s*\n\s*/g, '')).toBe(
      '<h1>一、建设任务完成情况</h1><ol><li>第一项</li><li>第二项</li></ol><ul><li>要点</li></ul>' +
        '<table><tr><td colspan="2"><p>指标</p></td></tr></table>',
    );
  });
});
