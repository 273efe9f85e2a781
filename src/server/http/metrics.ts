import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics for one app. Labels are route patterns (`/api/v1/users/:userId`),
 * never concrete URLs, so no identifier or personal data reaches the metrics.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'alongside_' });
  const duration = new Histogram({
    name: 'alongside_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    contentType: registry.contentType,
    observe(method: string, route: string, status: number, elapsedMs: number) {
      duration.observe({ method, route, status: String(status) }, elapsedMs / 1000);
    },
    render: () => registry.metrics(),
  };
}
