import { queryOptions, useMutation } from '@tanstack/react-query';
import { api, type Body, type Contact, fetchAll, unwrap } from '../../api.ts';
import { useRefreshAccount } from '../accounts/index.ts';

/** A contact's fields, to create (the hook adds the account) or to change. */
export type ContactBody = Omit<Body<'/api/v1/contacts', 'post'>, 'accountId'>;

export const contactKeys = { ofAccount: (accountId: string) => ['contacts', accountId] as const };

/** Every contact of an account (an account has tens, not thousands). */
export function contactsQuery(accountId: string) {
  return queryOptions({
    queryKey: contactKeys.ofAccount(accountId),
    queryFn: () =>
      fetchAll<Contact>(
        (cursor) =>
          unwrap(api.GET('/api/v1/contacts', { params: { query: { accountId, limit: 200, cursor } } })),
        1000,
      ),
  });
}

export function useSaveContact(accountId: string) {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: ({ contact, body }: { contact: Contact | null; body: ContactBody }) =>
      contact
        ? unwrap(
            api.PATCH('/api/v1/contacts/{id}', {
              params: { path: { id: contact.id } },
              headers: { 'If-Match': `"${contact.version}"` },
              body,
            }),
          )
        : unwrap(api.POST('/api/v1/contacts', { body: { ...body, accountId } })),
    onSettled: () => refresh(accountId, contactKeys.ofAccount(accountId)),
  });
}

export function useDeleteContact(accountId: string) {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: (contact: Contact) =>
      unwrap(
        api.DELETE('/api/v1/contacts/{id}', {
          params: { path: { id: contact.id } },
          headers: { 'If-Match': `"${contact.version}"` },
        }),
      ),
    onSettled: () => refresh(accountId, contactKeys.ofAccount(accountId), ['activities', accountId]),
  });
}
