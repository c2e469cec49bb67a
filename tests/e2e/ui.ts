import { expect, type Locator, type Page } from '@playwright/test';

/** The text input inside a Naive UI n-input marked with data-testid. */
export function input(page: Page | Locator, testId: string): Locator {
  return page.getByTestId(testId).locator('input, textarea').first();
}

export async function fill(page: Page | Locator, testId: string, value: string): Promise<void> {
  const field = input(page, testId);
  await field.fill(value);
  await expect(field).toHaveValue(value);
}

/** Picks an option of a Naive UI n-select by its visible label. */
export async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  const option = page.locator('.n-base-select-option', { hasText: label }).first();
  await option.click();
}

/** Closes an open n-select dropdown. */
export async function closeDropdown(page: Page): Promise<void> {
  await page.getByTestId('view-title').click();
  await expect(page.locator('.n-base-select-menu:visible')).toHaveCount(0);
}
