import { Link } from 'react-router';

export interface CardLink {
  to: string;
  title: string;
  description: string;
}

/** A grid of NHS clickable cards, each a link with a line about where it goes. */
export function CardLinks({ links, headingLevel }: { links: CardLink[]; headingLevel: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="app-card-grid">
      {links.map((link) => (
        <li key={link.to}>
          <div className="nhsuk-card nhsuk-card--clickable">
            <div className="nhsuk-card__content">
              <Heading className="nhsuk-card__heading nhsuk-heading-s">
                <Link className="nhsuk-card__link" to={link.to}>
                  {link.title}
                </Link>
              </Heading>
              <p className="nhsuk-card__description">{link.description}</p>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
