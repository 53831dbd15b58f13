/**
 * The table every list of the console uses: scrolling inside its own box on a narrow screen, a
 * caption (visible, or for screen readers only), one header cell per column.
 */
import type { ComponentChildren } from 'preact';

export function DataTable(props: {
  caption: ComponentChildren;
  /** the caption is for screen readers only (the page's heading already says it) */
  hiddenCaption?: boolean;
  columns: readonly string[];
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table class={props.class}>
        <caption class={props.hiddenCaption ? 'sr-only' : undefined}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
