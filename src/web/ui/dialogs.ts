import { notifications } from '@mantine/notifications';
import { useState } from 'react';

/** Which record a form modal is for (null: a new one), and whether it is open. */
export function useFormModal<T>() {
  const [opened, setOpened] = useState(false);
  const [record, setRecord] = useState<T | null>(null);
  return {
    opened,
    record,
    open: (r: T | null) => {
      setRecord(r);
      setOpened(true);
    },
    close: () => setOpened(false),
  };
}

/** What `useDeleteConfirm` needs of a delete mutation. */
interface DeleteMutation<T> {
  mutate: (item: T, options: { onSuccess: () => void }) => void;
  reset: () => void;
  isPending: boolean;
  error: unknown;
}

/**
 * Asking before deleting an item of a list: `ask(item)` opens the ConfirmModal spread with `modal`,
 * whose confirm runs `remove` and, once done, says `doneMessage(item)`.
 */
export function useDeleteConfirm<T>(remove: DeleteMutation<T>, doneMessage: (item: T) => string) {
  const [item, setItem] = useState<T | null>(null);
  const close = () => setItem(null);
  return {
    item,
    ask: (t: T) => {
      remove.reset();
      setItem(t);
    },
    modal: {
      opened: item !== null,
      confirmLabel: 'Delete',
      loading: remove.isPending,
      error: remove.error,
      onConfirm: () => {
        if (!item) return;
        remove.mutate(item, {
          onSuccess: () => {
            notifications.show({ message: doneMessage(item) });
            close();
          },
        });
      },
      onClose: close,
    },
  };
}
