import { useState } from 'react';
import { toast } from '../stores/toast-store';
import { Icon } from './icons';

/** Puts text on the clipboard, falling back to a hidden text area where the Clipboard API is unavailable. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Not a secure context or no permission: the old way still works from a click.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/** A small button that copies a value and confirms it in place. */
export function CopyButton(props: { value: string; label: string; showText?: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={props.showText ? 'button small' : 'icon-button'}
      aria-label={props.label}
      title={copied ? 'Copied' : props.label}
      onClick={() => {
        void copyText(props.value).then(() => {
          setCopied(true);
          toast('Copied to the clipboard.', 'ok');
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      <Icon name={copied ? 'check' : 'copy'} />
      {props.showText && (copied ? 'Copied' : 'Copy')}
    </button>
  );
}
