/** Which warehouses a caller may see and move stock in: admins see every one. */
export type Scope = { all: true } | { all: false; warehouseIds: readonly string[] };

export function inScope(scope: Scope, warehouseId: string): boolean {
  return scope.all || scope.warehouseIds.includes(warehouseId);
}
