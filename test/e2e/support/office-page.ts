import type { Page } from 'playwright-core';

/** What an admin or manager does in the office screens, in their words; selectors live here only. */
export class OfficePage {
  constructor(readonly page: Page) {}

  async openOffice(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Office' }).click();
  }

  async section(name: string): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Office screens' })
      .getByRole('button', { name, exact: true })
      .click();
    await this.page.getByRole('heading', { level: 2, name: new RegExp(`^${name.replace('&', '&')}`) }).waitFor();
  }

  async createWarehouse(code: string, name: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'New warehouse' });
    await form.getByLabel('Warehouse code').fill(code);
    await form.getByLabel('Warehouse name').fill(name);
    await form.getByRole('button', { name: 'Create warehouse' }).click();
    await this.page.getByText(`Warehouse ${name} (${code}) created`).waitFor();
  }

  async createUser(
    username: string,
    password: string,
    role: 'clerk' | 'manager' | 'admin',
    warehouses: string[],
  ): Promise<void> {
    const form = this.page.getByRole('form', { name: 'New user' });
    await form.getByLabel('User name').fill(username);
    await form.getByLabel('First password').fill(password);
    await form.getByLabel('Role').selectOption(role);
    for (const w of warehouses) await form.getByRole('checkbox', { name: new RegExp(`^${w}`) }).check();
    await form.getByRole('button', { name: 'Create user' }).click();
    await this.page.getByText(`User ${username} created`).waitFor();
  }

  async searchProducts(text: string): Promise<void> {
    await this.page.getByLabel('Search by name, SKU or barcode').fill(text);
  }
}
