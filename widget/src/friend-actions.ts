/**
 * What the friends panel asks for — a friendship, accepting one, a new group —
 * loaded as a chunk of its own with the first such request (`Friends` forwards here).
 */
import type { FriendRequest, RoomSummary } from '../../protocol/wire.js';
import { codeOf } from './api-client.js';
import type { FriendsDeps } from './friends.js';

/** Asks user `to` for a friendship (`POST /api/friends/requests`); true when it went through. */
export async function requestFriend(deps: FriendsDeps, to: string): Promise<boolean> {
  const id = to.trim();
  const { state } = deps;
  const api = deps.api();
  if (!id || !api) return false;
  try {
    const { request } = await api.post<{ request: FriendRequest }>('/api/friends/requests', {
      to: id,
    });
    if (request.status === 'pending') {
      state.putRequest(request, true);
      state.set('addOutcome', { ok: true, kind: 'sent', name: request.to.name });
    } else {
      // They had already asked us: the server accepted their request instead.
      state.dropRequests((r) => r.id === request.id);
      state.set('addOutcome', { ok: true, kind: 'befriended', name: request.from.name });
    }
    return true;
  } catch (error) {
    state.set('addOutcome', { ok: false, code: codeOf(error) });
    return false;
  }
}

/**
 * Accepts an incoming request; the DM arrives with the server's `friend_update`.
 * A failure shows as the add-friend outcome and fires `stock-chat-error`.
 */
export async function acceptFriend(deps: FriendsDeps, requestId: string): Promise<void> {
  const { state } = deps;
  const api = deps.api();
  if (!api) return;
  try {
    await api.post(`/api/friends/requests/${encodeURIComponent(requestId)}/accept`, {});
    state.dropRequests((r) => r.id === requestId);
  } catch (error) {
    const code = codeOf(error);
    state.set('addOutcome', { ok: false, code });
    deps.fail({ code, message: error instanceof Error ? error.message : String(error) });
  }
}

/** Creates a group with some friends (`POST /api/rooms`) and opens it; true once it exists. */
export async function createGroup(
  deps: FriendsDeps,
  name: string,
  members: string[],
): Promise<boolean> {
  const { state } = deps;
  const api = deps.api();
  if (!name.trim() || !api) return false;
  try {
    const { room } = await api.post<{ room: RoomSummary }>('/api/rooms', {
      name: name.trim(),
      members,
    });
    state.set('groupError', null);
    state.upsertRoom(room);
    // The form is done once the group exists; opening it (history) goes on in the background.
    void deps.joinRoom(room.id);
    return true;
  } catch (error) {
    state.set('groupError', codeOf(error));
    return false;
  }
}
