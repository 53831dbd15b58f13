/** The timeline's height for a number of tag rows (shared by the chart and its placeholder). */
export function timelineHeight(rows: number): number {
  return Math.max(120, 48 * rows + 60);
}
