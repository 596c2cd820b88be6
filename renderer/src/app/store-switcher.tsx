import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useAppStore } from '../stores/app-store';
import { useProfilesStore } from '../stores/profiles-store';
import { toast } from '../stores/toast-store';
import { describeError } from '../ui/errors';
import { Icon } from '../ui/icons';

/** The current data store at the top of the sidebar; a menu switches to another one or opens Settings. */
export function StoreSwitcher({ children }: { children: ReactNode }) {
  const profiles = useProfilesStore((state) => state.profiles);
  const currentId = useProfilesStore((state) => state.currentId);
  const switchTo = useProfilesStore((state) => state.switchTo);
  const navigate = useAppStore((state) => state.navigate);
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: globalThis.MouseEvent) => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node))
        setOpen(false);
    };
    window.addEventListener('mousedown', close);
    requestAnimationFrame(() =>
      menu.current
        ?.querySelector<HTMLElement>('[role="menuitemradio"][aria-checked="true"], [role="menuitem"]')
        ?.focus(),
    );
    return () => window.removeEventListener('mousedown', close);
  }, [open]);

  const onMenuKey = (event: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (event.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else if (event.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className="store-switcher" role="group" aria-label="Current data store">
      <button
        ref={button}
        type="button"
        className="store-card"
        aria-haspopup="menu"
        aria-expanded={open}
        title="Switch data store"
        onClick={() => setOpen((value) => !value)}
      >
        {children}
        <Icon name="chevronDown" size={12} />
      </button>
      {open && (
        <div ref={menu} className="store-menu" role="menu" aria-label="Data stores" onKeyDown={onMenuKey}>
          {profiles.map((profile) => (
            <button
              key={profile.id}
              type="button"
              role="menuitemradio"
              aria-checked={profile.id === currentId}
              className="store-menu-item"
              onClick={() => {
                setOpen(false);
                if (profile.id !== currentId) {
                  switchTo(profile.id).catch((error: unknown) =>
                    toast(`Could not switch: ${describeError(error).message}`, 'danger'),
                  );
                }
              }}
            >
              <Icon name={profile.id === currentId ? 'check' : 'database'} />
              <span>{profile.name}</span>
            </button>
          ))}
          <div className="store-menu-separator" role="separator" />
          <button
            type="button"
            role="menuitem"
            className="store-menu-item"
            onClick={() => {
              setOpen(false);
              navigate('settings');
            }}
          >
            <Icon name="settings" />
            <span>Manage data stores…</span>
          </button>
        </div>
      )}
    </div>
  );
}
