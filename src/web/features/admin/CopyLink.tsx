import { useState } from 'react';

/** A one-time link shown once, with a copy button and clear words about keeping it safe. */
export function CopyLink({ url, who }: { url: string; who: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="nhsuk-panel">
      <h2 className="nhsuk-heading-m">Invitation link for {who}</h2>
      <p>Send this link to {who} yourself, by a way you trust. It works once, and only for a limited time. We will not show it again, but you can make a new one from their account page.</p>
      <p className="app-break">
        <code id="invitation-link">{url}</code>
      </p>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(url);
            setCopied(true);
          } catch {
            // Clipboard refused (for example, not HTTPS): select the text so the person can copy it.
            const range = document.createRange();
            const node = document.getElementById('invitation-link');
            if (node) {
              range.selectNodeContents(node);
              window.getSelection()?.removeAllRanges();
              window.getSelection()?.addRange(range);
            }
          }
        }}
      >
        Copy link
      </button>
      <p role="status">{copied ? 'Link copied.' : ''}</p>
    </div>
  );
}
