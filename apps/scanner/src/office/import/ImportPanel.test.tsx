import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { FakeOfficeServer } from '../test/fake-office-server';
import { renderOffice, W1, warehouse } from '../test/render-office';
import { ImportPanel } from './ImportPanel';

afterEach(cleanup);

const CSV = 'sku,name,barcode\nA-1,Apple,111\n,No SKU,222\nA-1,Again,333\nB-2,Pear,\n';

function upload(text: string, name = 'products.csv') {
  const input = screen.getByLabelText<HTMLInputElement>(/Choose a CSV file|Choose another file/);
  fireEvent.change(input, { target: { files: [new File([text], name, { type: 'text/csv' })] } });
}

describe('ImportPanel', () => {
  it('previews with a dry run, shows each bad line, and imports only once the bad lines are to be skipped', async () => {
    const server = new FakeOfficeServer().on('POST /import/products', (call) => {
      const dryRun = call.query.dryRun === 'true';
      const skip = call.query.skipInvalid === 'true';
      return {
        dryRun,
        skipInvalid: skip,
        applied: !dryRun && skip,
        created: 2,
        updated: 0,
        unchanged: 0,
        errors: [
          { line: 3, message: 'missing SKU' },
          { line: 4, message: 'SKU A-1 is also on line 2' },
        ],
      };
    });
    renderOffice(server, <ImportPanel warehouses={[warehouse(W1, 'MAIN', 'Main')]} defaultWarehouseId={W1} />);
    upload(CSV);

    await screen.findByTestId('import-preview');
    expect(server.calls[0]).toMatchObject({
      method: 'POST',
      path: '/import/products',
      query: { dryRun: 'true', skipInvalid: 'false' },
      body: CSV,
    });
    expect(screen.getByTestId('count-create').textContent).toBe('2');
    expect(screen.getByTestId('count-errors').textContent).toBe('2');
    expect(screen.getAllByTestId('import-error').map((r) => r.textContent)).toEqual([
      '3missing SKU',
      '4SKU A-1 is also on line 2',
    ]);

    const confirm = screen.getByRole('button', { name: /^Import/ });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('Skip the bad lines and import the rest'));
    expect(confirm.textContent).toBe('Import: create 2 products, skip 2 bad lines');
    fireEvent.click(confirm);

    expect((await screen.findByTestId('import-result')).textContent).toBe(
      'Imported: 2 created, 0 updated, 0 unchanged; 2 bad lines skipped.',
    );
    expect(server.calls[1]).toMatchObject({ query: { dryRun: 'false', skipInvalid: 'true' }, body: CSV });
  });

  it('shows the server refusing a file (a wrong header) and sends nothing else', async () => {
    const server = new FakeOfficeServer().on('POST /import/products', () => ({
      status: 400,
      body: {
        error: {
          code: 'validation_failed',
          message: 'The header must name sku and name',
          details: { expected: ['sku', 'name'] },
        },
      },
    }));
    renderOffice(server, <ImportPanel warehouses={[]} defaultWarehouseId={null} />);
    upload('foo,bar\n1,2\n');
    expect((await screen.findByRole('alert')).textContent).toBe('The header must name sku and name');
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(server.calls).toHaveLength(1);
  });

  it('imports opening stock into the chosen warehouse', async () => {
    const server = new FakeOfficeServer().on('POST /import/stock', (call) => ({
      dryRun: call.query.dryRun === 'true',
      skipInvalid: false,
      applied: call.query.dryRun === 'false',
      created: 1,
      updated: 0,
      unchanged: 0,
      errors: [],
    }));
    renderOffice(server, <ImportPanel warehouses={[warehouse(W1, 'MAIN', 'Main')]} defaultWarehouseId={W1} />);
    fireEvent.change(screen.getByLabelText('What the file holds'), { target: { value: 'stock' } });
    upload('sku,qty\nA-1,5\n', 'stock.csv');
    const confirm = await screen.findByRole('button', { name: 'Import: create 1 row' });
    fireEvent.click(confirm);
    await screen.findByTestId('import-result');
    await waitFor(() =>
      expect(server.calls.map((c) => c.query)).toEqual([
        { dryRun: 'true', skipInvalid: 'false', warehouseId: W1 },
        { dryRun: 'false', skipInvalid: 'false', warehouseId: W1 },
      ]),
    );
  });
});
