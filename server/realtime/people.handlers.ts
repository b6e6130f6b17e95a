import type { PeopleService } from '../domain/people-service.js';
import { schemas } from '../domain/validation.js';
import type { UserLimits } from '../limits/user-limits.js';
import type { ClientToServerEvents } from '../protocol.js';
import { ackedFor, type HandlerContext } from './handle.js';
import type { ChatSocket } from './types.js';

export interface PeopleHandlerDeps extends HandlerContext {
  people: PeopleService;
  limits: UserLimits;
}

/**
 * A user's own room settings and member lists (`mute_room`, `room_members`).
 * What a mute changes reaches the user's other tabs through the domain events.
 */
export function peopleHandlers(deps: PeopleHandlerDeps) {
  const { people, limits } = deps;
  const acked = ackedFor<ClientToServerEvents>(deps);

  return (socket: ChatSocket) => {
    const user = socket.data.user;

    socket.on(
      'mute_room',
      acked('mute_room', schemas.mute_room, async ({ room, muted }) => {
        // A mute is a read-marker-sized write: it shares that limit.
        await limits.markRead.consume(user.id);
        return people.setMuted(room, muted, user);
      }),
    );

    socket.on(
      'room_members',
      acked('room_members', schemas.room_members, async ({ room }) => {
        await limits.history.consume(user.id);
        return people.members(room, user);
      }),
    );
  };
}
