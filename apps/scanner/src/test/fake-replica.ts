import { BehaviorSubject, NEVER, Subject, map, of, type Observable } from 'rxjs';
import type {
  Alert,
  Location,
  Product,
  ReviewDecision,
  ReviewItem,
  ReviewOutcome,
  StockRow,
  UnknownCodeItem,
  Warehouse,
} from '@stockline/protocol';
import type { Availability, BinContent, LocalMovement, QuantityArgs, Replica, ReplicaStatus } from '@stockline/replica';
import { BinShortage } from '@stockline/replica';
import type { FloorCalls } from '../online/online-api-context';

/**
 * A replica for component tests: products, warehouses and availability held in memory, and
 * every recorded movement kept for the test to inspect. It also plays the server's side of the
 * floor's online calls (review list, unknown codes, thresholds), so a test provides it as the
 * online API too. Real sync is covered by the e2e suite.
 */
export class FakeReplica implements Replica, FloorCalls {
  readonly deviceId = 'device-test';
  readonly recorded: { kind: string; args: unknown }[] = [];
  readonly newAlerts$ = new Subject<Alert>();
  private readonly statusSubject: BehaviorSubject<ReplicaStatus>;
  readonly status$: Observable<ReplicaStatus>;

  constructor(
    readonly user: Replica['user'],
    private readonly products: Product[],
    private readonly warehouses: Warehouse[],
    private readonly stock: Availability[],
  ) {
    this.statusSubject = new BehaviorSubject<ReplicaStatus>({
      online: true,
      pending: 0,
      rejected: 0,
      lastSyncedAt: null,
      uploadError: null,
      downloadError: null,
      auth: 'ok',
      initialSyncDone: true,
      initialSyncProgress: 1,
      updateRequired: false,
      serverRestarting: false,
    });
    this.status$ = this.statusSubject.asObservable();
  }

  status(): ReplicaStatus {
    return this.statusSubject.value;
  }
  private readonly arrived = new BehaviorSubject<Product[]>([]);
  /** Live like the real replica's: a product that arrives later (see `arrive`) joins the answer. */
  products$(search = ''): Observable<Product[]> {
    const needle = search.toLowerCase();
    return this.arrived.pipe(
      map((later) => [...this.products, ...later].filter((p) => p.name.toLowerCase().includes(needle))),
    );
  }
  /** A product the pull brought in after the screen was drawn. */
  arrive(product: Product): void {
    this.arrived.next([...this.arrived.value, product]);
  }
  /** While true, findByCode answers only on releaseFindByCode(): a lookup overtaken by a later scan. */
  holdFindByCode = false;
  private heldFinds: Array<() => void> = [];
  async findByCode(code: string): Promise<Product | null> {
    if (this.holdFindByCode) await new Promise<void>((resolve) => this.heldFinds.push(resolve));
    return (
      this.products.find(
        (p) => p.barcode === code || p.sku === code || p.packs.some((pack) => pack.barcode === code),
      ) ?? null
    );
  }
  async releaseFindByCode(): Promise<void> {
    this.heldFinds.splice(0).forEach((resolve) => resolve());
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  warehouses$(): Observable<Warehouse[]> {
    return of(this.warehouses);
  }
  /** Live availability never answers while true: what a screen shows must then come from availabilityNow. */
  holdLiveAvailability = false;
  availability$(productId: string): Observable<Availability[]> {
    if (this.holdLiveAvailability) return NEVER;
    return of(this.stock).pipe(map((rows) => rows.filter((r) => r.productId === productId)));
  }
  async availabilityNow(productId: string): Promise<Availability[]> {
    return this.stock.filter((r) => r.productId === productId);
  }
  lowStock$(): Observable<StockRow[]> {
    return of([]);
  }
  stock$(): Observable<StockRow[]> {
    return of([]);
  }
  /** Each recorded movement as the screen watches it; `answer` plays the server's verdict. */
  readonly movements = new Map<string, BehaviorSubject<LocalMovement | null>>();
  private record(kind: string, args: unknown): Promise<LocalMovement> {
    this.recorded.push({ kind, args });
    const id = `m-${this.recorded.length}`;
    const movement = {
      id,
      type: kind,
      ...(args as object),
      state: 'pending',
      verdict: null,
      recordedAt: new Date().toISOString(),
      dismissed: false,
    } as unknown as LocalMovement;
    this.movements.set(id, new BehaviorSubject<LocalMovement | null>(movement));
    return Promise.resolve(movement);
  }
  answer(id: string, verdict: NonNullable<LocalMovement['verdict']>): void {
    const subject = this.movements.get(id);
    const current = subject?.value;
    if (!subject || !current) throw new Error(`no movement ${id}`);
    subject.next({ ...current, state: verdict.status, verdict });
  }
  movement$(id: string): Observable<LocalMovement | null> {
    return this.movements.get(id)?.asObservable() ?? of(null);
  }
  async searchProducts(search: string): Promise<Product[]> {
    const needle = search.toLowerCase();
    return this.products.filter((p) => p.name.toLowerCase().includes(needle));
  }
  /** What the server's review list holds; a decision takes the item off it. */
  reviewItems: ReviewItem[] = [];
  reviewList(): Promise<ReviewItem[]> {
    return Promise.resolve(this.reviewItems);
  }
  decideReview(movementId: string, decision: ReviewDecision): Promise<ReviewOutcome> {
    this.reviewItems = this.reviewItems.filter((i) => i.movement.id !== movementId);
    return Promise.resolve({ movementId, decision, decidedBy: this.user.id, decidedAt: new Date().toISOString() });
  }
  /** What the server's unknown-code list holds; reports are kept for the test to inspect. */
  unknownCodeItems: UnknownCodeItem[] = [];
  readonly reportedCodes: { code: string; warehouseId: string; scannedAt: string }[] = [];
  reportUnknownCode(report: { code: string; warehouseId: string; scannedAt: string }): Promise<UnknownCodeItem> {
    if (!this.status().online) return Promise.reject(new Error('offline'));
    this.reportedCodes.push(report);
    const item = {
      id: `u-${this.reportedCodes.length}`,
      ...report,
      deviceId: this.deviceId,
      userId: this.user.id,
      username: this.user.username,
      firstSeenAt: report.scannedAt,
      lastSeenAt: report.scannedAt,
      count: 1,
    };
    return Promise.resolve(item);
  }
  unknownCodes(): Promise<UnknownCodeItem[]> {
    return Promise.resolve(this.unknownCodeItems);
  }
  dismissUnknownCode(id: string): Promise<UnknownCodeItem> {
    const item = this.unknownCodeItems.find((i) => i.id === id);
    this.unknownCodeItems = this.unknownCodeItems.filter((i) => i.id !== id);
    return item ? Promise.resolve(item) : Promise.reject(new Error('not found'));
  }
  createProduct(): Promise<Product> {
    return Promise.reject(new Error('offline'));
  }
  readonly attached: { productId: string; barcode: string }[] = [];
  attachBarcode(productId: string, barcode: string): Promise<Product> {
    const product = [...this.products, ...this.arrived.value].find((p) => p.id === productId);
    if (!product) return Promise.reject(new Error('not found'));
    this.attached.push({ productId, barcode });
    return Promise.resolve({ ...product, barcode });
  }
  /** Like the real replica: no more out of a bin than the device sees there. */
  private takeFromBin(args: QuantityArgs): Promise<void> {
    if (!args.locationId) return Promise.resolve();
    const row = this.stock.find((r) => r.warehouseId === args.warehouseId && r.productId === args.productId);
    const available = row?.bins.find((b) => b.locationId === args.locationId)?.available ?? 0;
    return args.quantity > available
      ? Promise.reject(new BinShortage(args.locationId, available, args.quantity))
      : Promise.resolve();
  }
  async purchase(args: QuantityArgs) {
    await this.takeFromBin(args);
    return this.record('purchase', args);
  }
  return(args: QuantityArgs) {
    return this.record('return', args);
  }
  restock(args: QuantityArgs) {
    return this.record('restock', args);
  }
  async transfer(args: QuantityArgs & { toWarehouseId: string; toLocationId?: string }) {
    await this.takeFromBin(args);
    return this.record('transfer', args);
  }
  count(args: { warehouseId: string; productId: string; countedQty: number; locationId?: string }) {
    return this.record('count', args);
  }
  /** The bins a test puts here, as the pull would have brought them. */
  locationList: Location[] = [];
  locations$(warehouseId: string): Observable<Location[]> {
    return of(this.locationList.filter((l) => l.warehouseId === warehouseId));
  }
  async findLocationByCode(code: string, warehouseId?: string): Promise<Location | null> {
    const lower = code.toLowerCase();
    return (
      this.locationList.find((l) => l.barcode === code) ??
      this.locationList.find(
        (l) => l.code.toLowerCase() === lower && (warehouseId === undefined || l.warehouseId === warehouseId),
      ) ??
      null
    );
  }
  /** What the device expects in a bin, read from the bins of the availability rows given. */
  binContents$(warehouseId: string, locationId: string): Observable<BinContent[]> {
    return of(
      this.stock
        .filter((row) => row.warehouseId === warehouseId)
        .flatMap((row) =>
          row.bins
            .filter((b) => b.locationId === locationId && b.available > 0)
            .map((b) => ({ productId: row.productId, expectedQty: b.available })),
        ),
    );
  }
  movements$(): Observable<LocalMovement[]> {
    return of([]);
  }
  async dismiss(): Promise<void> {}
  async pruneAnswered(): Promise<number> {
    return 0;
  }
  /** Open alerts a test puts here, as the server would have pulled them. */
  alertList: Alert[] = [];
  alerts$(): Observable<Alert[]> {
    return of(this.alertList);
  }
  async acknowledge(_alertId: string): Promise<void> {}
  setThreshold(): Promise<StockRow> {
    return Promise.reject(new Error('offline'));
  }
  readonly tokens: string[] = [];
  setToken(token: string): void {
    this.tokens.push(token);
    this.setStatus({ auth: 'ok' });
  }
  /** Lets a test play the server: go offline, expire the token, and so on. */
  setStatus(patch: Partial<ReplicaStatus>): void {
    this.statusSubject.next({ ...this.statusSubject.value, ...patch });
  }
  resync(): void {}
  async awaitInSync(): Promise<void> {}
  async close(): Promise<void> {}
  signedOut = false;
  async signOut(): Promise<void> {
    this.signedOut = true;
  }
}
