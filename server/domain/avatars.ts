import { z } from 'zod';
import type { Message } from '../../protocol/wire.js';
import type { Store } from '../store/types.js';

/** Whether `url` is a picture the server passes on: an absolute `https://` URL. */
export function isHttpsAvatar(url: string): boolean {
  if (!url.startsWith('https://')) return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Only https images are passed on: the widget loads them into the host page. */
export function httpsAvatar(url: string | undefined): string | undefined {
  return url !== undefined && isHttpsAvatar(url) ? url : undefined;
}

/**
 * An avatar as the API accepts it (a token's `avatar` claim, a server-API profile):
 * refused unless https, so a `javascript:` or `data:` URL is never stored, not only
 * hidden when shown.
 */
export const avatarUrl = z
  .string()
  .max(2048)
  .refine(
    isHttpsAvatar,
    'avatar must be an https:// URL (javascript:, data: and http: are refused)',
  );

/** The message with its sender's avatar, when there is an https one. */
export function withAvatar(message: Message, avatar: string | undefined): Message {
  const url = httpsAvatar(avatar);
  return url ? { ...message, sender: { ...message.sender, avatar: url } } : message;
}

/**
 * Adds each sender's current avatar (their latest token's `avatar` claim, kept in
 * the users table) to a page of messages: one store query per page, not per message.
 * Avatars are not stored with messages, so a changed picture shows on old ones too.
 */
export async function withAvatars(store: Store, messages: Message[]): Promise<Message[]> {
  const ids = [
    ...new Set(messages.filter((m) => m.sender.kind === 'user').map((m) => m.sender.id)),
  ];
  if (ids.length === 0) return messages;
  const avatars = new Map(
    (await store.getUsers(ids)).flatMap((u) => {
      const url = httpsAvatar(u.avatar);
      return url ? [[u.id, url] as const] : [];
    }),
  );
  if (avatars.size === 0) return messages;
  return messages.map((m) => withAvatar(m, avatars.get(m.sender.id)));
}
