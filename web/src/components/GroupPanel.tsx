import type { ReactNode } from 'react';

interface Props {
  slug: string;
  /** The group's name in the UI language. */
  name: string;
  /** On the article, with `data-group` set to the slug. */
  testId: string;
  /** `h3` where the page already has a section heading above the groups. */
  heading?: 'h2' | 'h3';
  /** Tags and counts beside the name. */
  header?: ReactNode;
  children: ReactNode;
}

/** One working group as a panel, named by its heading. */
export function GroupPanel({ slug, name, testId, heading = 'h2', header, children }: Props) {
  const Heading = heading;
  const headingId = `${testId}-${slug}`;
  return (
    <article
      className="panel group-card"
      aria-labelledby={headingId}
      data-testid={testId}
      data-group={slug}
    >
      <div className="group-card-header">
        <Heading id={headingId} className="group-name">
          {name}
        </Heading>
        {header}
      </div>
      {children}
    </article>
  );
}
