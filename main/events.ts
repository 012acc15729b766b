import type { EventChannel } from '../shared/channels';
import type { EventPayloads } from '../shared/contract';

export type AppEvent = {
  [E in EventChannel]: { channel: E; payload: EventPayloads[E] };
}[EventChannel];

/** Events main pushes to every window: data changed, export progress, menu commands. */
export class AppEvents {
  private readonly listeners = new Set<(event: AppEvent) => void>();

  on(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void {
    const event = { channel, payload } as AppEvent;
    for (const listener of this.listeners) listener(event);
  }
}
