/** The bridge's main side: one router for every transport, and the coalescing event hub. */
export { createRouter, type CallContext, type Handler, type Handlers, type Router } from './router.ts';
export { createEventHub, type EventHub, type EventSubscriber } from './event-hub.ts';
export { parseClientMessage, type ClientMessage, type ServerMessage } from './wire.ts';
