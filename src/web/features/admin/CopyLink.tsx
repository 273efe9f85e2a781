import { useState } from 'react';

/** A one-time link shown once, with a copy button and clear words about keeping it safe. */
export function CopyLink({ url, who }: { url: string; who: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m">Invitation link for {who}</h2>
        <p>Send this link to {who} yourself, by a way you trust. It works once, and only for a limited time. We will not show it again, but you can make a new one from their account page.</p>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="invitation-link">
            Invitation link
          </label>
          <input className="nhsuk-input app-break" id="invitation-link" type="text" readOnly value={url} spellCheck={false} onFocus={(event) => event.target.select()} />
        </div>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(url);
              setCopied(true);
            } catch {
              // The clipboard can be refused (for example, without HTTPS): select the link so it can be copied by hand.
              const input = document.getElementById('invitation-link') as HTMLInputElement | null;
              input?.focus();
              input?.select();
            }
          }}
        >
          Copy link
        </button>
        <p role="status" className="nhsuk-u-margin-bottom-0">
          {copied ? 'Link copied. You can paste it into a message now.' : ''}
        </p>
      </div>
    </div>
  );
}
