/**
 * How long at least one of a set of overlapping waits was outstanding (the union of their
 * intervals): `begin` when one starts, `end` when it settles.
 */
export class BusyClock {
  private outstanding = 0;
  private since = 0;
  private total = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  begin(): void {
    if (this.outstanding++ === 0) this.since = this.now();
  }

  end(): void {
    if (this.outstanding === 0) return;
    if (--this.outstanding === 0) this.total += this.now() - this.since;
  }

  /** The time so far with a wait outstanding, counting one still open up to now. */
  busyMs(): number {
    return this.total + (this.outstanding > 0 ? this.now() - this.since : 0);
  }
}
