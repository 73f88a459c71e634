import type { ExternalWrites } from './external-writes';
import type { Statements } from './statements';

/** What the push path asks of a product or warehouse: does it exist, is it archived. */
type Flag = 'missing' | 'active' | 'archived';

/**
 * Whether products and warehouses exist and are archived, as every pushed movement asks (two
 * point reads per movement, a fifth of its statements, for facts that change a few times a day).
 * Filled only by the push path's reads, which run where no product or warehouse is written, so
 * what it holds is committed. Every product or warehouse write forgets everything inside its
 * transaction (a rolled-back write just costs misses), and so does another process's commit.
 * Bounded by the catalog's size: one short entry per product and warehouse read.
 */
export class CatalogFlags {
  private readonly products = new Map<string, Flag>();
  private readonly warehouses = new Map<string, Flag>();

  constructor(
    private readonly sql: Statements,
    external: ExternalWrites,
  ) {
    external.register(() => this.forget());
  }

  product(id: string): Flag {
    return this.flag(this.products, id, 'SELECT archived FROM products WHERE id = ?');
  }

  warehouse(id: string): Flag {
    return this.flag(this.warehouses, id, 'SELECT archived FROM warehouses WHERE id = ?');
  }

  /** Called inside every transaction that writes products or warehouses. */
  forget(): void {
    this.products.clear();
    this.warehouses.clear();
  }

  private flag(cache: Map<string, Flag>, id: string, query: string): Flag {
    let flag = cache.get(id);
    if (flag === undefined) {
      const row = this.sql.get<{ archived: number }>(query, [id]);
      flag = !row ? 'missing' : row.archived === 1 ? 'archived' : 'active';
      // A missing id is not remembered: a product created later must be found.
      if (flag !== 'missing') cache.set(id, flag);
    }
    return flag;
  }
}
