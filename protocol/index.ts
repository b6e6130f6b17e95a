/**
 * The protocol's runtime rules, browser-safe and shared by every party: the
 * server, the widget, the admin console, the diagnose suite, the benchmark and
 * the tests. The wire types themselves are in wire.ts, model.ts and admin.ts (types only).
 */
export * from './ack.js';
export * from './percentile.js';
export * from './refusal.js';
export * from './rooms.js';
export * from './mentions.js';
export * from './reactions.js';
export * from './text.js';
export * from './sanctions.js';
