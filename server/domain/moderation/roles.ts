import type { RoomRecord } from '../../store/types.js';

/** The token roles that moderate every room (`admin` can do all a moderator can). */
export const MODERATOR_ROLES = ['moderator', 'admin'];
/** Roles that may read moderation data; `viewer` only reads. */
export const MODERATION_READERS = ['moderator', 'admin', 'viewer'];

export const isModerator = (user: { roles?: string[] }): boolean =>
  (user.roles ?? []).some((r) => MODERATOR_ROLES.includes(r));

/** Moderators moderate every room; the creator of a group moderates that group. */
export const canModerateRoom = (
  user: { id: string; roles?: string[] },
  room: Pick<RoomRecord, 'kind' | 'createdBy'>,
): boolean => isModerator(user) || (room.kind === 'group' && room.createdBy === user.id);
