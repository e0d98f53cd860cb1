export { isOpen, localClock } from './hours.js';
export type { AfterHours, RouteInput, RoutingRule } from './resolve.js';
export { resolveDestination, routeCandidates } from './resolve.js';
