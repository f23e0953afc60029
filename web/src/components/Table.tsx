import { useLayoutEffect, useRef, type ReactNode } from 'react';

export interface Column {
  label: ReactNode;
  className?: string;
}

interface Props {
  testId?: string;
  /** Column headings; `false` leaves a column out. */
  columns: (ReactNode | Column | false)[];
  /** One row across all columns instead of the rows (loading, nothing to show). */
  message?: { text: ReactNode; testId?: string } | null;
  children?: ReactNode;
}

function isColumn(column: ReactNode | Column): column is Column {
  return typeof column === 'object' && column !== null && 'label' in column;
}

export function Table({ testId, columns, message, children }: Props) {
  const shown = columns.filter((column) => column !== false);
  const table = useRef<HTMLTableElement>(null);
  useCardLabels(table);
  return (
    <div className="table-wrap">
      <table ref={table} className="table table-cards" data-testid={testId}>
        <thead>
          <tr>
            {shown.map((column, index) => (
              <th
                key={index}
                scope="col"
                className={isColumn(column) ? column.className : undefined}
              >
                {isColumn(column) ? column.label : column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {message && (
            <tr>
              <td colSpan={shown.length} className="table-empty" data-testid={message.testId}>
                {message.text}
              </td>
            </tr>
          )}
          {children}
        </tbody>
      </table>
    </div>
  );
}

/**
 * On a phone each row is a card (styles.css, `.table-cards`): every cell says its column, from
 * the heading's text, in `data-label`. Rows a page re-renders on its own are labelled too.
 */
function useCardLabels(table: { current: HTMLTableElement | null }) {
  useLayoutEffect(() => {
    const element = table.current;
    if (!element) return;
    const label = () => {
      const headings = Array.from(element.tHead?.rows[0]?.cells ?? []).map((th) =>
        // A heading only screen readers see (an actions column) gives no visible label.
        th.querySelector('.visually-hidden')?.textContent === th.textContent
          ? ''
          : (th.textContent ?? '').trim(),
      );
      for (const body of Array.from(element.tBodies))
        for (const row of Array.from(body.rows))
          for (const [index, cell] of Array.from(row.cells).entries()) {
            const text = cell.colSpan > 1 ? '' : (headings[index] ?? '');
            if (text) cell.setAttribute('data-label', text);
            else cell.removeAttribute('data-label');
          }
    };
    label();
    const observer = new MutationObserver(label);
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [table]);
}
