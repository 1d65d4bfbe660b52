import { notifications } from '@mantine/notifications';
import { errorMessage } from '../api.ts';

/** An onError that shows what failed in a red notification, with the server's message. */
export function notifyFailure(title?: string): (err: unknown) => void {
  return (err) => {
    notifications.show({ color: 'red', title, message: errorMessage(err) });
  };
}
