/**
 * 6 MiB: a multiple of 3, so a base64 body (PlanFix) can be assembled chunk by chunk without padding in between,
 * and small enough that one chunk per transfer is all a transfer ever holds in memory.
 */
export const chunkSize = 3 * 2 * 1024 * 1024;
