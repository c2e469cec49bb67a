import { json, type Router } from '../../kit/server';
import { nimError, route, type NimContext } from '../context';
import { metricsCatalog, queryMetrics } from '../metrics';
import { pageOf, parsePaging } from '../pagination';
import { parseTime } from '../query';

/** Metrics, catalogs and events. */
export function analyticsRoutes(router: Router, ctx: NimContext): void {
  route(router, 'GET', '/analytics/metrics', async (req) => {
    const r = await queryMetrics(req.query, ctx.fleet, ctx.live, ctx.now().getTime());
    return json(r.status, r.json);
  });

  route(router, 'GET', '/analytics/catalogs/metrics', () => json(200, metricsCatalog()));

  route(router, 'GET', '/analytics/catalogs/dimensions', () =>
    json(200, {
      items: [
        { name: 'system_id', description: 'The uid of the system' },
        { name: 'hostname', description: 'The host name of the system' },
        { name: 'nginx_id', description: 'The uid of the NGINX instance' },
        { name: 'instance', description: 'The display name of the NGINX instance' },
      ],
    }),
  );

  route(router, 'GET', '/analytics/events', (req) => {
    const paging = parsePaging(req.query);
    if (typeof paging === 'string') return nimError(400, paging);
    const now = ctx.now().getTime();
    const startParam = req.query.get('startTime');
    const endParam = req.query.get('endTime');
    if (endParam && !startParam) return nimError(400, 'endTime requires startTime');
    const timeOf = (s: string) => {
      const ev = ctx.events.get(s);
      return ev ? Date.parse(ev.timestamp) + 1 : parseTime(s, now);
    };
    const start = startParam ? timeOf(startParam) : undefined;
    const end = endParam ? timeOf(endParam) : undefined;
    if ((startParam && start === undefined) || (endParam && end === undefined)) {
      return nimError(400, 'startTime and endTime take RFC3339, "now", an offset like now-3h, or an event id');
    }
    const snap = ctx.snapshots.take(`events:${startParam}:${endParam}`, paging.pageToken, () => ctx.events.query(start, end));
    if (typeof snap === 'string') return nimError(400, snap);
    const { items, meta } = pageOf(snap.items, paging, snap.token, req.path);
    if (paging.includeTotal) meta.total = snap.items.length;
    return json(200, { Metadata: meta, items });
  });

  route(router, 'GET', '/analytics/events/:id', (req) => {
    const e = ctx.events.get(req.params.id);
    return e ? json(200, e) : nimError(404, `Event ${req.params.id} not found`);
  });
}
