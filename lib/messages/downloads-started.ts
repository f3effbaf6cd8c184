/** What a request to save files did: queued `count`, left `skipped` saved before, `underWay` already being saved. */
export interface DownloadsStarted {
  count: number;
  skipped: number;
  underWay: number;
}
