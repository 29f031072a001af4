import { reactive } from 'vue';
import { can } from '../services/session';
import { ROUTES, type RouteDef } from './routes';

/**
 * A hash router (the console is static files under /console/, so no server rewrites): the path
 * and query after `#`. Small on purpose: the pages are a flat table (routes.ts).
 */
export const route = reactive<{ path: string; query: Record<string, string> }>(parse());

function parse(): { path: string; query: Record<string, string> } {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs = ''] = raw.split('?');
  return { path: path || '/', query: Object.fromEntries(new URLSearchParams(qs)) };
}

window.addEventListener('hashchange', () => Object.assign(route, parse()));

export function go(path: string, query: Record<string, string> = {}): void {
  const qs = new URLSearchParams(query).toString();
  location.hash = qs ? `${path}?${qs}` : path;
}

/** The pages this member may open, in menu order. */
export const allowedRoutes = (): RouteDef[] => ROUTES.filter((r) => can(r.action));

/** The page for the current path, if the member may open it. */
export const currentRoute = (): RouteDef | undefined => allowedRoutes().find((r) => r.path === route.path);
