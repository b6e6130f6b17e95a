import type { PeopleService } from '../domain/people-service.js';
import { schemas } from '../domain/validation.js';
import type { ClientToServerEvents } from '../../protocol/wire.js';
import { ackedFor, type HandlerContext } from './handle.js';
import type { ChatSocket } from './types.js';

export interface PeopleHandlerDeps extends HandlerContext {
  people: PeopleService;
}

/**
 * A user's own room settings and member lists (`mute_room`, `room_members`).
 * What a mute changes reaches the user's other tabs through the domain events.
 */
export function peopleHandlers(deps: PeopleHandlerDeps) {
  const { people } = deps;
  const acked = ackedFor<ClientToServerEvents>(deps);

  return (socket: ChatSocket) => {
    const user = socket.data.user;

    socket.on(
      'mute_room',
      acked('mute_room', schemas.mute_room, ({ room, muted }) =>
        people.setMuted(room, muted, user),
      ),
    );

    socket.on(
      'room_members',
      acked('room_members', schemas.room_members, ({ room }) => people.members(room, user)),
    );
  };
}
