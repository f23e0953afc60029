import type { ReactNode } from 'react';
import { Alert } from './Alert';

interface Props {
  title: string;
  subtitle?: ReactNode;
  /** Buttons or links at the end of the header. */
  children?: ReactNode;
}

export function PageHeader({ title, subtitle, children }: Props) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}

/** A page this account may not use: its title and why. */
export function PageNotice({
  title,
  testId,
  children,
}: {
  title: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section className="page">
      <PageHeader title={title} />
      <Alert kind="info" testId={testId}>
        {children}
      </Alert>
    </section>
  );
}
