import { BehaviorSubject, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb';
import type { LocationDoc } from './database/documents';

/** Where the device's locations collection is, once it is open; queries follow it as it appears. */
export interface LocationsSource {
  readonly current: RxCollection<LocationDoc> | undefined;
  readonly collection$: Observable<RxCollection<LocationDoc> | undefined>;
}

/** A collection that is there from the start (or never): what tests over a bare database use. */
export function fixedLocations(collection: RxCollection<LocationDoc> | undefined): LocationsSource {
  return { current: collection, collection$: new BehaviorSubject(collection).asObservable() };
}

/**
 * The replica's locations collection, opened once the user's warehouses have any bins (or the
 * database kept them from before). `ensure` opens it once; a failed opening may be tried again.
 */
export class LocationsHolder implements LocationsSource {
  private readonly subject = new BehaviorSubject<RxCollection<LocationDoc> | undefined>(undefined);
  readonly collection$ = this.subject.asObservable();
  private opening: Promise<RxCollection<LocationDoc>> | null = null;

  constructor(
    private readonly open: () => Promise<RxCollection<LocationDoc>>,
    private readonly opened: (collection: RxCollection<LocationDoc>) => void,
  ) {}

  get current(): RxCollection<LocationDoc> | undefined {
    return this.subject.value;
  }

  ensure(): Promise<RxCollection<LocationDoc>> {
    this.opening ??= this.open().then(
      (collection) => {
        this.opened(collection);
        this.subject.next(collection);
        return collection;
      },
      (error: unknown) => {
        this.opening = null;
        throw error;
      },
    );
    return this.opening;
  }

  stop(): void {
    this.subject.complete();
  }
}
