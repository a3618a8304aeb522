import type { Locator, Page } from 'playwright-core';

/** Picks `text` in the select labelled `label` inside `scope` (only the open dropdown's options). */
export async function choose(page: Page, scope: Locator, label: string, text: string): Promise<void> {
  await scope.getByLabel(label, { exact: true }).click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
      hasText: text,
    })
    .first()
    .click();
}
