import type { ReactNode } from 'react';

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
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
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
