import { onBeforeUnmount, onMounted } from 'vue';
import type { HangarEvent, HangarEventType } from '../../../shared/events';
import { useClient } from './inject';

type EventOf<T extends HangarEventType> = Extract<HangarEvent, { type: T }>;

/** Listens to main's events of the given types while the calling component is mounted. */
export function useHangarEvents<T extends HangarEventType>(types: T[], handler: (event: EventOf<T>) => void): void {
  const client = useClient();
  let unsubscribe: (() => void) | null = null;
  onMounted(() => {
    unsubscribe = client.onEvent((event) => {
      if ((types as string[]).includes(event.type)) handler(event as EventOf<T>);
    });
  });
  onBeforeUnmount(() => unsubscribe?.());
}
