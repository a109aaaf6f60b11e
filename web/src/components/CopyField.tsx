import { useId, useState } from 'react';

/** A read-only secret with a copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('done');
    } catch {
      // Clipboard needs a secure context; select the text so the user can copy it by hand.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
      setCopied('failed');
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} className="mono" readOnly value={value} onFocus={(e) => e.target.select()} />
        <button type="button" className="button" onClick={copy}>
          {copied === 'done' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="field-hint" aria-live="polite">
        {copied === 'done'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'Press Ctrl+C to copy the selected text.'
            : ''}
      </p>
    </div>
  );
}
