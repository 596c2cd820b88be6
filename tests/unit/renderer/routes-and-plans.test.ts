import { describe, expect, it } from 'vitest';
import { downloadPlan } from '../../../renderer/src/screens/files/download-plan';
import { hashForRoute, routeFromHash, type Route } from '../../../renderer/src/stores/routes';
import { humanSize, relativeTime } from '../../../renderer/src/ui/format';

describe('routes in the address', () => {
  it('round-trips every kind of place, handles with slashes included', () => {
    const places: Route[] = [
      { section: 'datasets' },
      { section: 'datasets', form: 'new' },
      { section: 'datasets', dataset: '10378.1/1451860', tab: 'overview' },
      { section: 'datasets', dataset: '10378.1/1451860', tab: 'files' },
      { section: 'datasets', dataset: '10378.1/1451860', form: 'edit' },
      { section: 'reviews' },
      { section: 'settings' },
    ];
    for (const place of places)
      expect(routeFromHash(hashForRoute(place))).toEqual(
        place.dataset && !place.form ? { ...place, tab: place.tab } : place,
      );
    expect(hashForRoute({ section: 'datasets', dataset: '10378.1/1', tab: 'history' })).toBe(
      '#/datasets/10378.1%2F1/history',
    );
  });

  it('falls back to the Datasets list for anything it does not know', () => {
    expect(routeFromHash('#/nowhere')).toEqual({ section: 'datasets' });
    expect(routeFromHash('#/datasets/%E0%A4%A/files')).toEqual({ section: 'datasets' });
    expect(routeFromHash('#/datasets/x/nonsense')).toEqual({
      section: 'datasets',
      dataset: 'x',
      tab: 'overview',
    });
  });
});

describe('Provena’s download path rules', () => {
  it('puts a file directly in the destination', () => {
    expect(downloadPlan('raw/day 1/a.csv', 'keep', '/home/me/dl')).toEqual({
      remotePath: 'raw/day 1/a.csv',
      lands: '/home/me/dl/a.csv',
    });
  });

  it('keeps a folder’s name without the trailing slash, and only its contents with it', () => {
    expect(downloadPlan('survey/raw/', 'keep', '/home/me/dl/')).toEqual({
      remotePath: 'survey/raw',
      lands: '/home/me/dl/raw/…',
    });
    expect(downloadPlan('survey/raw/', 'contents', '/home/me/dl')).toEqual({
      remotePath: 'survey/raw/',
      lands: '/home/me/dl/…',
    });
  });

  it('downloads the whole dataset into the destination', () => {
    expect(downloadPlan('', 'keep', 'C:\\Data')).toEqual({ remotePath: '', lands: 'C:\\Data\\…' });
  });
});

describe('human formats', () => {
  it('shows sizes in decimal units as file managers do', () => {
    expect([humanSize(0), humanSize(999), humanSize(1000), humanSize(25_165_824), humanSize(12.4e9)]).toEqual(
      ['0 B', '999 B', '1.0 KB', '25.2 MB', '12.4 GB'],
    );
  });

  it('says how long ago from seconds or milliseconds', () => {
    const now = 1_800_000_000_000;
    expect(relativeTime(now - 10_000, now)).toBe('just now');
    expect(relativeTime((now - 180_000) / 1000, now)).toBe('3 min ago');
    expect(relativeTime(now - 5 * 3_600_000, now)).toBe('5 h ago');
    expect(relativeTime(now - 2 * 86_400_000, now)).toBe('2 days ago');
    expect(relativeTime(now + 30_000, now)).toBe('just now');
    expect(relativeTime(now + 400 * 86_400_000, now)).toMatch(/\d{4}/);
  });
});
