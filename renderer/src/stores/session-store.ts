/**
 * Who the user is on the data store in use (username, linked registry person, realm roles), derived from the
 * sign-in states the profiles store follows. Tokens never reach the renderer.
 */
import { useProfilesStore } from './profiles-store';

/** The current user as the screens need it. */
export interface Session {
  username: string | null;
  personId: string | null;
  roles: string[];
  /** May add reviewers (sys-admin-write). */
  canAddReviewers: boolean;
  /** May remove reviewers (sys-admin-admin). */
  canRemoveReviewers: boolean;
}

const noRoles: string[] = [];

/** One field of the current session (a narrow selector, so components re-render only when it changes). */
export function useSessionStore<T>(select: (session: Session) => T): T {
  return useProfilesStore((state) => {
    const auth = state.currentId ? state.auth[state.currentId] : undefined;
    const roles = auth?.roles ?? noRoles;
    return select({
      username: auth?.user?.username ?? null,
      personId: auth?.personId ?? null,
      roles,
      canAddReviewers: roles.includes('sys-admin-write') || roles.includes('sys-admin-admin'),
      canRemoveReviewers: roles.includes('sys-admin-admin'),
    });
  });
}
