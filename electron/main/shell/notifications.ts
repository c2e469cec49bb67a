import { Notification } from 'electron';
import type { HangarEvent } from '../../../shared/events';
import { notificationFor } from '../core/monitor/tray-model';
import type { Emitter } from '../core/util/emitter';

/**
 * Shows a native notification for each alert the core marked `notified` (subscribed, outside quiet
 * hours); a click opens the alert's instance or node. Returns the unsubscribe.
 */
export function showAlertNotifications(events: Emitter<HangarEvent>, open: (route: string) => void): () => void {
  const shown = new Set<Notification>();
  const subscription = events.on((e) => {
    if (e.type !== 'alert.raised' || !e.alert.notified || !Notification.isSupported()) return;
    const n = notificationFor(e.alert);
    const notification = new Notification({ title: n.title, body: n.body, urgency: n.urgency, silent: n.urgency === 'low' });
    // Held until closed: a notification collected by the GC loses its click handler.
    shown.add(notification);
    notification.on('click', () => open(n.route));
    notification.on('close', () => shown.delete(notification));
    notification.show();
  });
  return () => {
    subscription.dispose();
    shown.clear();
  };
}
