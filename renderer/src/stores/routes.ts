/** Where the user can be, and how that is written in the URL hash (so Back, Forward and reloads work). */

/** The app's sections, in sidebar order. */
export const sections = ['datasets', 'reviews', 'transfers', 'settings'] as const;
export type Section = (typeof sections)[number];

/** The tabs of an open dataset. */
export const datasetTabs = ['overview', 'files', 'history', 'versions', 'release'] as const;
export type DatasetTab = (typeof datasetTabs)[number];

/** Where the user is: a section, and in Datasets the open dataset and its tab, or a metadata form. */
export interface Route {
  section: Section;
  /** The open dataset's handle. */
  dataset?: string;
  tab?: DatasetTab;
  /** The new-dataset form, or the edit form of the open dataset. */
  form?: 'new' | 'edit';
}

/** The URL hash for a route: `#/datasets/<handle>/files`, `#/datasets/new`, `#/reviews`. */
export function hashForRoute(route: Route): string {
  const parts: string[] = [route.section];
  if (route.section === 'datasets') {
    if (route.form === 'new') parts.push('new');
    else if (route.dataset) {
      parts.push(encodeURIComponent(route.dataset));
      if (route.form === 'edit') parts.push('edit');
      else if (route.tab && route.tab !== 'overview') parts.push(route.tab);
    }
  }
  return `#/${parts.join('/')}`;
}

/** The route a hash names; anything unknown is the Datasets list. */
export function routeFromHash(hash: string): Route {
  const [first, second, third] = hash.replace(/^#\/?/, '').split('/');
  const section = (sections as readonly string[]).includes(first ?? '') ? (first as Section) : 'datasets';
  if (section !== 'datasets' || !second) return { section };
  if (second === 'new') return { section, form: 'new' };
  let dataset: string;
  try {
    dataset = decodeURIComponent(second);
  } catch {
    return { section };
  }
  if (third === 'edit') return { section, dataset, form: 'edit' };
  const tab = (datasetTabs as readonly string[]).includes(third ?? '') ? (third as DatasetTab) : 'overview';
  return { section, dataset, tab };
}
