/**
 * The most procedure calls one batched HTTP request may carry. The browser's batch link splits at this size and
 * the route refuses larger batches with 400, so one request cannot fan out into thousands of database queries
 * (a GET naming health.status 2,000 times exhausted the connection pool).
 */
export const TRPC_MAX_BATCH_SIZE = 20;
