// Notifications (`/api/v1/notifications`): what changed since I last looked, the unread count,
// marking read, and the e-mail digest setting.
import {
  query,
  request,
  type Notification,
  type NotificationCount,
  type NotificationKind,
  type NotificationSettings,
  type NotificationSettingsChange,
  type Page,
} from './api';

/** Fired when notifications are marked read, so the header's count follows at once. */
export const NOTIFICATIONS_CHANGED = 'tansiq:notifications';

function changed(count: NotificationCount): NotificationCount {
  window.dispatchEvent(
    new CustomEvent<NotificationCount>(NOTIFICATIONS_CHANGED, { detail: count }),
  );
  return count;
}

export const notificationsApi = {
  list: (options: {
    kinds?: readonly NotificationKind[];
    unread?: boolean;
    cursor?: string;
    limit?: number;
  }) =>
    request<Page<Notification>>(
      'GET',
      `/notifications${query({
        kind: options.kinds?.join(','),
        unread: options.unread ? 'true' : undefined,
        cursor: options.cursor,
        limit: options.limit,
      })}`,
    ),
  count: () => request<NotificationCount>('GET', '/notifications/count'),
  markRead: (ids: string[]) =>
    request<NotificationCount>('POST', '/notifications/read', { body: { ids } }).then(changed),
  markAllRead: (upto?: string) =>
    request<NotificationCount>('POST', '/notifications/read-all', {
      body: upto ? { upto } : {},
    }).then(changed),
  settings: () => request<NotificationSettings>('GET', '/notifications/settings'),
  changeSettings: (change: NotificationSettingsChange) =>
    request<NotificationSettings>('PUT', '/notifications/settings', { body: change }),
};
