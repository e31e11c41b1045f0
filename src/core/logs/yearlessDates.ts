// The year of a date written without one (syslog RFC 3164, logcat, Proxifier), as lnav and plaso tell it. The log's
// first such date takes the reference year — the year before when that would put it in the future (a log read in
// January, written in December). Later dates follow the log: when the month goes back by more than half a year
// (December → January) the year rolls forward; a smaller step back is lines out of order, in the same year.

const MS_PER_DAY = 86_400_000;

export class YearlessDates {
  private year: number | undefined;
  private month = 0;

  /**
   * `defaultYear`: the year of the log's first date, as the caller knows it. Without it the year is now's (`now`
   * given, so results depend on what the parser is given, not on when it runs), or the one before for a date
   * later than tomorrow (a day's margin: a local-naive reading can be ahead of UTC).
   */
  constructor(private readonly defaultYear: number | undefined, private readonly now: number) {}

  /** The year of a month (1–12) and day, the log's next year-less date. */
  yearOf(month: number, day: number): number {
    if (this.year === undefined) {
      const year = this.defaultYear ?? new Date(this.now).getUTCFullYear();
      this.year = this.defaultYear === undefined && Date.UTC(year, month - 1, day) > this.now + MS_PER_DAY ? year - 1 : year;
    } else if (this.month - month > 6) this.year++;
    this.month = month;
    return this.year;
  }
}
