import { useEffect, useRef } from 'react';

/**
 * A calm confirmation ("Your changes are saved"). It takes focus when its text changes, so keyboard
 * and screen reader users hear it even when the button they pressed has gone.
 */
export function Notice({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  if (!text) return null;
  return (
    <div className="nhsuk-inset-text" role="status" tabIndex={-1} ref={ref}>
      <p>{text}</p>
    </div>
  );
}
